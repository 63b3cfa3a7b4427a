// `baton pool post | query | tail`: the shared progress pool of seed 001. Registration imports
// commander types only; each action loads what it needs, so start-up stays fast.
import type { Command } from 'commander';
import type { PostOptions } from './pool-post.ts';
import type { QueryOptions } from './pool-query.ts';

export function register(program: Command): void {
  const pool = program
    .command('pool')
    .description('the pool: progress entries shared by every instance working on this repository');

  pool
    .command('post')
    .description('post an entry (or every ```pool block of a file with --from)')
    .option(
      '--action <action>',
      'completed, researched, blocked, started, note (or edited, tested, built, committed)',
    )
    .option('--topic <text>', 'what the entry is about, in a few words')
    .option('--summary <text>', 'what happened')
    .option('--affects <paths>', 'comma-separated paths it concerns')
    .option('--blocks <text>', 'what it blocks, or now unblocks')
    .option('--plan <id>', 'the plan it belongs to')
    .option('--task <id>', 'the task it belongs to')
    .option('--from <file>', 'read ```pool blocks from a file, or - for standard input')
    .option('--instance <id>', 'the posting instance (BATON_INSTANCE or CLAUDE_INSTANCE win)')
    .option('--json', 'print the result as JSON')
    .action(async (options: PostOptions) => {
      const { postCommand } = await import('./pool-post.ts');
      await postCommand(options);
    });

  pool
    .command('query')
    .description('entries newest first, filtered')
    .option('--since <when>', 'only entries since 30m, 2h, 1d ago or an ISO time')
    .option('--instance <id>', 'only entries of this instance')
    .option('--action <action>', 'only entries with this action')
    .option('--affects <path>', 'only entries about this path (or a folder holding it)')
    .option('--topic <text>', 'only entries whose topic contains this text (any case)')
    .option('--plan <id>', 'only entries of this plan')
    .option('--limit <n>', 'at most this many entries (default 50; 0 for all)')
    .option('--json', 'print the entries as JSON')
    .action(async (options: QueryOptions) => {
      const { queryCommand } = await import('./pool-query.ts');
      await queryCommand(options);
    });

  pool
    .command('tail')
    .description('print new entries as they arrive, until Ctrl-C')
    .option('--since <when>', 'first print the entries since 30m, 2h, 1d ago or an ISO time')
    .option('--instance <id>', 'only entries of this instance')
    .option('--action <action>', 'only entries with this action')
    .option('--json', 'one JSON object per line')
    .action(async (options: Pick<QueryOptions, 'since' | 'instance' | 'action' | 'json'>) => {
      const { tailCommand } = await import('./pool-query.ts');
      await tailCommand(options);
    });
}
