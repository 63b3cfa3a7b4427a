// `baton doctor [--json]`: what this machine offers baton — Node, git, the sandbox tools
// (bubblewrap, socat), the agent CLIs, the `sandbox` setting in force and whether it can
// confine, the store, the hooks — each missing thing with the way to fix it.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('doctor')
    .description(
      'check what baton needs and can use here (node, git, sandbox, agent CLIs, store, hooks), with fixes',
    )
    .option('--json', 'print the checks as JSON')
    .action(async (options: { json?: boolean }) => {
      const { runDoctor } = await import('./doctor-run.ts');
      await runDoctor(options);
    });
}
