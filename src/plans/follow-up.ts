// A person's comments on the diff of a task already merged become a follow-up task proposed in
// a revision of the plan: through revisePlan (lifecycle.ts), under the plan's lock, the plan goes
// back to review with the new task written after its last one, depending on the merged task,
// each comment a success criterion with its file and line. Like every revision, nothing runs
// until a person approves the new text.
import { followUpTask, insertTask } from '../core/plan/follow-up-task.ts';
import type { DiffComment } from '../core/review/diff-comments.ts';
import { BatonError } from '../errors.ts';
import { listTaskRuns } from '../store/task-runs.ts';
import { type LifecycleContext, revisePlan, type TransitionResult } from './lifecycle.ts';
import { errorsIn, lintText } from './plan-document.ts';

export interface FollowUpResult extends TransitionResult {
  /** The follow-up task's id. */
  task: string;
}

export async function proposeFollowUp(
  context: LifecycleContext,
  planId: string,
  taskId: string,
  comments: readonly DiffComment[],
  by: string,
): Promise<FollowUpResult> {
  if (comments.length === 0) throw new BatonError('USAGE', 'no comments to send');
  const run = (await listTaskRuns(context.store, planId)).find((each) => each.taskId === taskId);
  if (run?.state !== 'done')
    throw new BatonError(
      'TASK_NOT_MERGED',
      `task ${taskId} of plan "${planId}" is ${run?.state ?? 'pending'}: only a merged task's comments become a follow-up task`,
      { hint: "Comments on a blocked task go back to it as its next round's feedback." },
    );
  let followUp = '';
  const result = await revisePlan(
    context,
    planId,
    `${by} commented on the merged diff of ${taskId}: a follow-up task`,
    (text, file) => {
      const { parsed } = lintText(text, file, context.repositoryRoot);
      const merged = parsed.plan.tasks.find((task) => task.id === taskId);
      if (!merged) throw new BatonError('TASK_NOT_FOUND', `plan "${planId}" has no task ${taskId}`);
      const task = followUpTask(parsed.plan, merged, comments);
      const revised = insertTask(text, parsed, task);
      // A revision a person could not approve is no proposal: refused, the plan left as it was.
      const errors = errorsIn(lintText(revised, file, context.repositoryRoot).diagnostics);
      if (errors.length > 0)
        throw new BatonError(
          'PLAN_INVALID',
          `the follow-up task would not lint: ${errors.map((error) => error.message).join('; ')}`,
          { hint: 'Reword the comments, or revise the plan by hand (baton revise).' },
        );
      followUp = task.id;
      return {
        text: revised,
        data: { by, followUp: { task: task.id, of: taskId, comments: comments.length } },
      };
    },
  );
  return { ...result, task: followUp };
}
