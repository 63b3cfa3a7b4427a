// `baton ui [--port N] [--open]`: the page on 127.0.0.1 where a person watches plans, runs,
// reviews, the pool and claims, and gives the approvals only a person may give.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('ui')
    .description(
      "serve baton's page on 127.0.0.1: board, plan pages with live task states, approvals, retries, diff comments, pool and claims, cost",
    )
    .option('--port <n>', 'the port (default: any free one)')
    .option('--open', 'open the page in the default browser')
    .addHelpText(
      'after',
      '\nThe address it prints carries a token that exists only in this process and on your screen:\nrequests without it are refused. Keep it to yourself; Ctrl-C stops the page.\n',
    )
    .action(async (options: { port?: string; open?: boolean }) => {
      const { BatonError } = await import('../errors.ts');
      const port = options.port === undefined ? 0 : Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new BatonError('USAGE', `--port wants a port number, not ${options.port}`);
      // A person's page: an agent is refused, as for approve.
      const { assertPersonProcess } = await import('../workspace/people/person-process.ts');
      assertPersonProcess('ui');
      const { createContext } = await import('./context.ts');
      const { startPageServer } = await import('../integrations/ui/page-server.ts');
      const { writeLine } = await import('./output.ts');
      const context = await createContext();
      const server = await startPageServer({
        repositoryRoot: context.repositoryRoot,
        config: context.config,
        store: await context.store(),
        port,
      });
      writeLine(`baton ui: ${server.url}`);
      writeLine('Open that address (it carries the page token). Ctrl-C stops the page.');
      if (options.open) {
        const { openInBrowser } = await import('../workspace/open-browser.ts');
        openInBrowser(server.launchUrl());
      }
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await server.close();
      await context.close();
    });
}
