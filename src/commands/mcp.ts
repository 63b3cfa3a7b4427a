// `baton mcp`: baton as an MCP server (stdio by default, `--http` for streamable HTTP), and
// `mcp token | install | uninstall`. Registration imports commander types only.
import type { Command } from 'commander';
import type { McpInstallOptions, McpOptions } from './mcp-run.ts';

export function register(program: Command): void {
  const mcp = program
    .command('mcp')
    .description('serve plans, tasks, the pool and claims to any MCP client (stdio, or --http)');

  // `baton mcp [options]` is `baton mcp serve [options]`: a subcommand of its own, so that its
  // options and those of install (--instance, --role, --tools) never mix.
  mcp
    .command('serve', { isDefault: true })
    .description('run the server (the default): stdio, or --http')
    .option('--http', 'streamable HTTP on 127.0.0.1 instead of stdio; every request needs a token')
    .option('--port <n>', 'the HTTP port (default 7331)')
    .option('--instance <id>', 'the instance the server acts as on stdio (default: BATON_INSTANCE)')
    .option('--role <role>', 'planner, executor or reviewer: narrows the tools to what the role may do')
    .option('--tools <set>', 'default, or all (adds cost, events, handoff)', 'default')
    .option('--dir <path>', 'the repository (default: the current folder)')
    .action(async (options: McpOptions) => {
      const { serveCommand } = await import('./mcp-run.ts');
      await serveCommand(options);
    });

  mcp
    .command('token')
    .description('make a bearer token for --http that acts as one instance (printed once)')
    .requiredOption('--instance <id>', 'the instance the token acts as')
    .option('--json', 'print the token as JSON')
    .action(async (options: { instance: string; json?: boolean }) => {
      const { tokenCommand } = await import('./mcp-run.ts');
      await tokenCommand(options);
    });

  for (const action of ['install', 'uninstall'] as const) {
    const command = mcp
      .command(action)
      .description(
        action === 'install'
          ? "add baton's server to a client's MCP configuration, leaving the rest as it was"
          : "remove baton's server (only it) from a client's MCP configuration",
      )
      .requiredOption('--client <client>', 'claude-code, codex, cursor or gemini')
      .option('--scope <scope>', 'project (in the repository) or user (in your home)', 'project')
      .option('--json', 'print the result as JSON');
    if (action === 'install')
      command
        .option('--instance <id>', 'the instance the client acts as (written as BATON_INSTANCE)')
        .option('--role <role>', 'planner, executor or reviewer')
        .option('--tools <set>', 'default or all');
    command.action(async (options: McpInstallOptions) => {
      const { installCommand } = await import('./mcp-run.ts');
      await installCommand(action, options);
    });
  }
}
