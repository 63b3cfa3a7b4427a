// `baton run <plan>`: builders execute an approved plan, task by task, in parallel where the
// plan allows, each task verified and reviewed before it is merged into `baton/<plan>`. This face
// checks the arguments, then hands them as one request to run-start.ts.
import type { Command } from 'commander';
import { BatonError } from '../errors.ts';
import type { RunRequest } from './run-start.ts';

interface RunOptions {
  concurrency?: string;
  executor?: string;
  reviewer?: string;
  json?: boolean;
}

function parseConcurrency(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 64)
    throw new BatonError('USAGE', `--concurrency must be a whole number from 1 to 64, not "${text}"`);
  return value;
}

/** The arguments, checked before anything is opened: a flag that cannot be read is said first. */
async function runRequest(planId: string, options: RunOptions): Promise<RunRequest> {
  const concurrency = parseConcurrency(options.concurrency);
  const { parseBackendSpec } = await import('../agents/backend-spec.ts');
  if (options.executor !== undefined) parseBackendSpec(options.executor, '--executor');
  if (options.reviewer !== undefined) parseBackendSpec(options.reviewer, '--reviewer');
  return {
    planId,
    ...(concurrency === undefined ? {} : { concurrency }),
    ...(options.executor === undefined ? {} : { executor: options.executor }),
    ...(options.reviewer === undefined ? {} : { reviewer: options.reviewer }),
    json: options.json === true,
  };
}

export function register(program: Command): void {
  program
    .command('run')
    .description(
      'execute an approved plan: tasks in parallel worktrees, verified, reviewed, merged into baton/<plan>',
    )
    .argument('<plan>', 'the plan id (an active plan, approved and unchanged since)')
    .option('--concurrency <n>', 'how many tasks at once (default: run.concurrency, 4)')
    .option('--executor <spec>', 'the executor backend for this run (e.g. command:./build.sh, claude-code)')
    .option('--reviewer <spec>', 'the reviewer backend for this run')
    .option('--json', 'print NDJSON events, one per line')
    .action(async (planId: string, options: RunOptions) => {
      const request = await runRequest(planId, options);
      const { startRun } = await import('./run-start.ts');
      await startRun(request);
    });
}
