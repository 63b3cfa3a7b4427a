// `baton demo`: baton's main job from start to end, in seconds, with no model and no API key.
// It makes a scratch repository holding a small real project with tests (demo/project/), puts
// a five-task plan (demo/plan.md: a chain and a fan-out) in review, approves it in the name of
// the person running the demo, and runs it through `baton run` itself: worktrees, verify, the
// scope check, review, merge. The executor and reviewer are scripts baton ships for this
// (demo/agents/), configured as the `command` backend like any command a user would set; the
// demo says so on screen. One task fails its verification in round 1 and is fixed from the
// feedback; one review scores under the threshold and passes in round 2.
import type { Command } from 'commander';
import type { DemoOptions } from './demo-run.ts';

export function register(program: Command): void {
  program
    .command('demo')
    .description(
      'see baton run a plan end to end in seconds: a scratch repository, a five-task plan you approve, scripted agents (no model, no API key)',
    )
    .option('--dir <folder>', 'make the demo here (a new or empty folder; default: a new temporary folder)')
    .option('--by <name>', 'who approves the demo plan (default: you, by git user.name or your login name)')
    .option('--json', 'print NDJSON events, one per line, as baton run --json does')
    .addHelpText(
      'after',
      '\nThe scratch repository is kept: look at its history (git log --graph baton/text-helpers),\n' +
        'run baton status or baton show there, or delete the folder. Your own repositories are not touched,\n' +
        'and the demo keeps its own SQLite store (BATON_DATABASE_URL is not used).\n',
    )
    .action(async (options: DemoOptions) => {
      const { runDemo } = await import('./demo-run.ts');
      await runDemo(options);
    });
}
