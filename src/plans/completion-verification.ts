// Completing a plan whose tasks were built outside `baton run` (interactive sessions, by hand):
// no task run shows them done, so the plan's own Verification commands decide. They run in the
// main checkout, where such work is; all pass and the plan may complete, one fails and it is
// refused with each failing command's output.
import { commandsIn } from '../core/plan/model.ts';
import { outputTail } from '../core/review/feedback.ts';
import { describeFailure } from '../core/review/verify-results.ts';
import { BatonError } from '../errors.ts';
import { listTaskRuns } from '../store/task-runs.ts';
import { runVerifyCommands } from '../workspace/verify-commands.ts';
import type { LifecycleContext } from './lifecycle.ts';
import { readPlanDocument } from './plan-document.ts';
import { findPlan } from './plan-files.ts';
import { planFolders } from './plan-folders.ts';

export interface CompletionVerification {
  passed: true;
  commands: Array<{ command: string; durationMs: number }>;
}

/**
 * For an active plan with no recorded task runs and Verification commands: runs them, returning
 * what passed or throwing PLAN_TASKS_UNFINISHED with their output. Undefined when the task runs
 * decide (there are some) or there is nothing to run (completion then refuses as before).
 */
export async function verifyForCompletion(
  context: LifecycleContext,
  id: string,
): Promise<CompletionVerification | undefined> {
  const location = findPlan(planFolders(context.repositoryRoot, context.config), id);
  if (location.state !== 'active') return undefined;
  if ((await listTaskRuns(context.store, id)).length > 0) return undefined;
  const commands = commandsIn(readPlanDocument(location, context.repositoryRoot).parsed.plan.verification);
  if (commands.length === 0) return undefined;
  const run = await runVerifyCommands(commands, {
    cwd: context.repositoryRoot,
    timeoutMs: context.config.run.verify_timeout,
  });
  if (!run.outcome.passed) {
    const failures = run.outcome.failures.map((failure) => {
      const output = [failure.stdout, failure.stderr].filter((text) => text && text.trim() !== '').join('\n');
      return `\`${failure.command}\` ${describeFailure(failure)}${output ? `:\n${outputTail(output, 20, 2000).replace(/^/gm, '    ')}` : ''}`;
    });
    throw new BatonError(
      'PLAN_TASKS_UNFINISHED',
      `plan "${id}" has no recorded task runs, and its Verification fails in ${context.repositoryRoot}:\n  ${failures.join('\n  ')}`,
      {
        hint: 'Finish the work so its Verification passes, then complete it again (or --force to complete it anyway).',
        data: { verification: run.results },
      },
    );
  }
  return {
    passed: true,
    commands: run.results.map((result) => ({ command: result.command, durationMs: result.durationMs })),
  };
}
