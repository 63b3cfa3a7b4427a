// `baton claim`, `baton release`, `baton claims`: leases on files, so that two instances never
// edit the same file at once. Registration imports commander types only.
import type { Command } from 'commander';
import type { ClaimOptions, ListOptions, ReleaseOptions } from './claims-run.ts';

export function register(program: Command): void {
  program
    .command('claim')
    .description(
      'lease files or globs for this instance (exit 1 with CLAIM_HELD when another instance holds one)',
    )
    .argument('<patterns...>', 'paths or globs, relative to the current directory')
    .option('--ttl <duration>', 'how long the lease lasts unless renewed (default: claims.ttl, 30m)')
    .option('--shared', 'a shared claim: coexists with other shared claims, keeps exclusive ones out')
    .option('--reason <text>', 'why, shown to whoever is kept out')
    .option('--plan <id>', 'the plan the work belongs to')
    .option('--task <id>', 'the task the work belongs to')
    .option('--instance <id>', 'the claiming instance (BATON_INSTANCE or CLAUDE_INSTANCE win)')
    .option('--json', 'print the result as JSON')
    .action(async (patterns: string[], options: ClaimOptions) => {
      const { claimCommand } = await import('./claims-run.ts');
      await claimCommand(patterns, options);
    });

  program
    .command('release')
    .description("release this instance's claims")
    .argument('[patterns...]', 'the paths or globs claimed')
    .option('--all', 'release every claim of this instance')
    .option('--instance <id>', 'the releasing instance (BATON_INSTANCE or CLAUDE_INSTANCE win)')
    .option(
      '--force',
      "a person releases these paths whoever holds them (recorded as the person's, naming the holders)",
    )
    .option('--json', 'print the result as JSON')
    .action(async (patterns: string[], options: ReleaseOptions) => {
      const { releaseCommand } = await import('./claims-run.ts');
      await releaseCommand(patterns, options);
    });

  program
    .command('claims')
    .description('list the active claims of every instance')
    .option('--instance <id>', 'only the claims of this instance')
    .option('--json', 'print the claims as JSON')
    .action(async (options: ListOptions) => {
      const { listCommand } = await import('./claims-run.ts');
      await listCommand(options);
    });
}
