// `baton retry`: a person sends blocked tasks back. The named task (or, without one, every
// blocked task) goes back to pending, and so do the tasks blocked behind it; the person's note
// becomes the feedback of the task's next round (the runner hands it to the executor once, as
// it hands on a reviewer's feedback). Refused while a live runner works on the plan, whose
// record of the tasks would overwrite this one.
import { hostname } from 'node:os';
import type { Plan } from '../core/plan/model.ts';
import { dependentsOf } from '../core/schedule/scheduler.ts';
import { BatonError } from '../errors.ts';
import { insertEvent } from '../store/event-log.ts';
import { getRunLease, leaseIsLive } from '../store/runs.ts';
import type { Store } from '../store/store.ts';
import { inTransaction } from '../store/store-scope.ts';
import { listTaskRuns, upsertTaskRun } from '../store/task-runs.ts';
import { processAlive } from './lease.ts';
import { readReviewHandoff, reviewHandoffKey } from './review-handoff.ts';

/** Where the runner finds a person's feedback for a task's next round (task_runs data). */
export const personFeedbackKey = 'personFeedback';

export interface RetryRequest {
  store: Store;
  planId: string;
  plan: Plan;
  /** One task (and those blocked behind it); every blocked task when absent. */
  taskId?: string;
  note?: string;
  by: string;
  heartbeatMs: number;
}

export function personFeedbackText(note: string, by: string): string {
  return `# Feedback from a person\n\n${by} sent this task back for another round, saying:\n\n${note.trim()}\n`;
}

/** A person's change to task states waits while a live runner holds the plan (it would overwrite it). */
export async function refuseWhileRunning(store: Store, planId: string, heartbeatMs: number, what: string) {
  const lease = await getRunLease(store, planId);
  if (
    lease &&
    leaseIsLive(lease, {
      now: Date.now(),
      host: hostname(),
      staleAfterMs: heartbeatMs * 3,
      isProcessAlive: processAlive,
    })
  )
    throw new BatonError('RUN_IN_PROGRESS', `plan "${planId}" is being run by ${lease.runnerId} right now`, {
      hint: `Wait for the run to finish (baton status ${planId}), then ${what}.`,
    });
}

export async function retryTasks(request: RetryRequest): Promise<string[]> {
  const { store, planId, plan } = request;
  await refuseWhileRunning(store, planId, request.heartbeatMs, 'retry');
  const records = new Map((await listTaskRuns(store, planId)).map((record) => [record.taskId, record]));
  const stateOf = (taskId: string) => records.get(taskId)?.state ?? 'pending';
  let named: string[];
  if (request.taskId !== undefined) {
    if (stateOf(request.taskId) !== 'blocked')
      throw new BatonError(
        'TASK_NOT_BLOCKED',
        `${request.taskId} is ${stateOf(request.taskId)}: only a blocked task can be retried`,
        { hint: `baton status ${planId} shows which tasks are blocked.` },
      );
    named = [request.taskId];
  } else {
    // Every blocked task that is not merely waiting behind another blocked one.
    named = plan.tasks
      .map((task) => task.id)
      .filter((taskId) => stateOf(taskId) === 'blocked' && records.get(taskId)?.data.blockedBy === undefined);
    if (named.length === 0)
      throw new BatonError('TASK_NOT_BLOCKED', `plan "${planId}" has no blocked task to retry`, {
        hint: `baton status ${planId} shows where its tasks stand.`,
      });
  }
  const behind = named.flatMap((taskId) => dependentsOf(plan.tasks, taskId));
  const retried = plan.tasks
    .map((task) => task.id)
    .filter((taskId) => (named.includes(taskId) || behind.includes(taskId)) && stateOf(taskId) === 'blocked');
  const feedback = request.note?.trim() ? personFeedbackText(request.note, request.by) : undefined;
  await store.db.transaction().execute(async (opened) => {
    const transaction = inTransaction(store, opened);
    for (const taskId of retried) {
      const record = records.get(taskId)!;
      const { reason, blockedBy, ...data } = record.data;
      if (feedback !== undefined && named.includes(taskId)) data[personFeedbackKey] = feedback;
      // A review waiting for a person is answered by the retry: the executor goes again, in the
      // same worktree, as after changes requested.
      const handoff = readReviewHandoff(data);
      if (handoff) data[reviewHandoffKey] = { ...handoff, scored: 'changes-requested' };
      await upsertTaskRun(transaction, {
        planId,
        taskId,
        state: 'pending',
        attempts: record.attempts,
        branch: record.branch,
        score: record.score,
        instance: record.instance,
        round: 0,
        startedAt: null,
        data,
      });
      await insertEvent(transaction, {
        kind: 'task-retried',
        instance: null,
        planId,
        taskId,
        summary: named.includes(taskId)
          ? `sent back by ${request.by}${request.note?.trim() ? `: ${request.note.trim()}` : ''}`
          : `sent back by ${request.by} with ${blockedBy ?? 'the task it waits for'}`,
        data: {
          by: request.by,
          previousReason: reason ?? null,
          ...(request.note ? { note: request.note } : {}),
        },
      });
    }
  });
  return retried;
}
