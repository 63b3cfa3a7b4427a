// `baton claude [--role R] [--instance I] [--plan P] [-- claude args]`: an interactive Claude
// Code session with baton's hooks and the same Bash sandbox as an agent of that role, so seed
// sessions are confined too. Choosing a role or an instance is a person's act: an agent asking
// for one is refused (PERSON_ONLY).
import type { Command } from 'commander';
import type { ClaudeOptions } from './claude-run.ts';

export function register(program: Command): void {
  program
    .command('claude')
    .description(
      "start Claude Code with baton's hooks and the Bash sandbox of a role (planner, executor, reviewer)",
    )
    .option(
      '--role <role>',
      'planner, executor or reviewer (default: BATON_ROLE, else none: writes the current folder only)',
    )
    .option('--instance <id>', 'the instance the session acts as (default: BATON_INSTANCE)')
    .option('--plan <id>', 'the plan a planner writes (.baton/plans/review/<id>.md) or a task belongs to')
    .option('--claude <path>', 'the Claude Code executable', 'claude')
    .option('--dry-run', 'print the command and environment as JSON instead of starting it')
    .argument('[args...]', 'arguments for Claude Code, after --')
    .action(async (args: string[], options: ClaudeOptions) => {
      const { runClaudeCommand } = await import('./claude-run.ts');
      await runClaudeCommand(args, options);
    });
}
