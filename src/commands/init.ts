// `baton init`: config, plan folders, store, .gitignore. Safe to run again.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('init')
    .description(
      'set baton up in this git repository: .baton/config.yaml, the plan folders and the store (safe to run again)',
    )
    .option('--plans-dir <dir>', 'where plans live, relative to the repository root (default .baton/plans)')
    .option(
      '--state-folders <names>',
      'folder names for review,active,completed[,rejected] — e.g. Review,Active,Completed to keep the .claude/plans layout',
    )
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nExample, keeping the seed layout:\n  baton init --plans-dir .claude/plans --state-folders Review,Active,Completed,Rejected\n',
    )
    .action(async (options: { plansDir?: string; stateFolders?: string; json?: boolean }) => {
      const { initRepository } = await import('../workspace/init-repository.ts');
      const { writeJson, writeLine } = await import('./output.ts');
      const result = await initRepository(process.cwd(), options);
      if (options.json) return writeJson({ ok: true, ...result });
      for (const line of result.actions) writeLine(line);
      if (result.actions.length === 0) writeLine('baton is already set up here; nothing to do.');
      writeLine(`\nNext: baton new <plan-id> --title "..."   (or baton import <file>)`);
    });
}
