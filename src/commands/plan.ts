// `baton plan "<request>"`: the planner explores the repository read-only, interviews (at the
// terminal, from --answers, or not at all), writes the plan, which is linted (errors go back to
// it, twice at most), and the plan lands in review. Exit 1 when it is still not lint-clean.
import type { Command } from 'commander';

interface PlanCommandOptions {
  id?: string;
  answers?: string;
  interview?: boolean;
  planner?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('plan')
    .description(
      'have the planner write a plan for a request; it lands in review (exit 1 if lint errors remain)',
    )
    .argument('<request>', 'what to plan, in a sentence or a paragraph')
    .option('--id <id>', 'the plan id (default: from the request)')
    .option(
      '--answers <file>',
      'answers to the interview: YAML or JSON, a list of {question, answer} or a map',
    )
    .option('--no-interview', 'no questions: the planner states its assumptions under Requirements Clarified')
    .option(
      '--planner <spec>',
      'the planner backend for this call, e.g. anthropic:claude-sonnet-4-5 or claude-code',
    )
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nWithout a terminal and without --answers there is no interview (as with --no-interview), and baton says so.\n' +
        'A plan that still has lint errors after two more rounds lands in review anyway, and baton exits 1 listing them.\n',
    )
    .action(async (request: string, options: PlanCommandOptions) => {
      const { runPlanner } = await import('../agents/planner/run-planner.ts');
      const { withInterrupt } = await import('./review-output.ts');
      const { withLifecycle } = await import('./plan-context.ts');
      const { currentBranch, personName } = await import('../workspace/git.ts');
      const { formatDiagnostic } = await import('../core/plan/diagnostics.ts');
      const { setExitCode, writeJson, writeLine } = await import('./output.ts');
      const { ExitCode } = await import('../errors.ts');
      const path = await import('node:path');
      const interactive = process.stdin.isTTY === true && process.stderr.isTTY === true && !options.json;
      await withLifecycle(async (context) => {
        const terminal = interactive ? await openTerminal() : undefined;
        try {
          const result = await withInterrupt((signal) =>
            runPlanner({
              repositoryRoot: context.repositoryRoot,
              config: context.config,
              store: context.store,
              request,
              signal,
              noInterview: options.interview === false,
              author: personName(context.repositoryRoot) ?? 'baton planner',
              base: currentBranch(context.repositoryRoot) ?? 'main',
              onProgress: (line) => process.stderr.write(`${line}\n`),
              ...(options.id === undefined ? {} : { planId: options.id }),
              ...(options.answers === undefined ? {} : { answersFile: path.resolve(options.answers) }),
              ...(options.planner === undefined ? {} : { planner: options.planner }),
              ...(context.instance ? { instance: context.instance } : {}),
              ...(terminal ? { ask: terminal.ask } : {}),
            }),
          );
          const relative = path.relative(process.cwd(), result.file) || result.file;
          const next = [`baton show ${result.planId}`, `baton approve ${result.planId}`];
          if (result.errors.length > 0) setExitCode(ExitCode.failed);
          if (options.json) {
            return writeJson({
              ok: result.errors.length === 0,
              id: result.planId,
              state: result.state,
              file: result.file,
              planner: result.backend,
              interview: result.interview,
              rounds: result.rounds,
              errors: result.errors,
              warnings: result.warnings,
              costUsd: result.costUsd,
              modelCalls: result.modelCalls,
              next: result.errors.length === 0 ? next : [`baton lint ${result.planId}`, ...next],
            });
          }
          writeLine(`planned ${relative} (in review)`);
          writeLine(
            `  ${result.rounds} round${result.rounds === 1 ? '' : 's'}, ${result.modelCalls} model call${result.modelCalls === 1 ? '' : 's'}${result.costUsd > 0 ? `, $${result.costUsd.toFixed(4)}` : ''}`,
          );
          if (result.interview.mode === 'assumptions')
            writeLine('  no interview: the planner stated its assumptions under Requirements Clarified');
          for (const diagnostic of [...result.errors, ...result.warnings])
            writeLine(`  ${formatDiagnostic(diagnostic)}`);
          if (result.errors.length > 0) {
            writeLine('');
            writeLine(
              `The plan still has ${result.errors.length} lint error${result.errors.length === 1 ? '' : 's'} after ${result.rounds} rounds: fix ${relative}, then baton lint ${result.planId}.`,
            );
          }
          writeLine('');
          writeLine('Next:');
          writeLine(`  baton show ${result.planId}      read it`);
          writeLine(`  baton approve ${result.planId}   approve it, so it can run`);
        } finally {
          terminal?.close();
        }
      });
    });
}

/** Questions at the terminal (stderr, so stdout stays the result). */
async function openTerminal(): Promise<{
  ask: (question: string, index: number, count: number) => Promise<string>;
  close: () => void;
}> {
  const readline = await import('node:readline/promises');
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  return {
    ask: (question, index, count) => rl.question(`[${index + 1}/${count}] ${question}\n> `),
    close: () => rl.close(),
  };
}
