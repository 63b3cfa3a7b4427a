// The scheduling loop: asks the pure scheduler which tasks to start, lets the claims decide
// (a task whose files someone else holds waits), starts them, and wakes up whenever a task
// ends, a denied claim is worth asking for again, or the run is stopped.
import { dependentsOf, pickTasks, runIsOver } from '../core/schedule/scheduler.ts';
import { acquireClaims } from '../store/claims.ts';
import { emitTaskEvent, type RunContext, taskClaimInstance } from './run-context.ts';
import { runTask, type TaskEnd } from './task-runner.ts';

// A task kept out by a claim asks again after this long.
const claimRetryMs = 1_000;

function claimPatterns(files: readonly string[]): string[] {
  return [...new Set(files)];
}

async function blockTask(context: RunContext, taskId: string, reason: string): Promise<void> {
  const entry = context.book.entries.get(taskId)!;
  await context.book.update(taskId, {
    state: 'blocked',
    finishedAt: Date.now(),
    note: reason,
    data: { ...entry.data, reason },
  });
  emitTaskEvent(context, 'task-blocked', taskId, reason, {
    reason,
    files: context.plan.tasks.find((task) => task.id === taskId)?.files ?? [],
  });
  for (const dependent of dependentsOf(context.plan.tasks, taskId)) {
    if (context.book.state(dependent) !== 'pending') continue;
    const because = `depends on ${taskId}, which is blocked`;
    await context.book.update(dependent, {
      state: 'blocked',
      note: because,
      data: { reason: because, blockedBy: taskId },
    });
    emitTaskEvent(context, 'task-blocked', dependent, because, { reason: because, blockedBy: taskId });
  }
}

async function settle(context: RunContext, taskId: string, end: TaskEnd): Promise<void> {
  if (end.state === 'blocked') await blockTask(context, taskId, end.reason);
  else if (end.state === 'interrupted') {
    await context.book.update(taskId, { state: 'pending', round: 0, note: 'interrupted' });
    emitTaskEvent(
      context,
      'task-interrupted',
      taskId,
      'stopped; it starts again from a clean worktree on the next run',
    );
  }
}

export async function scheduleTasks(context: RunContext): Promise<void> {
  const running = new Map<string, Promise<void>>();
  const waitingNoted = new Set<string>();
  // A task may end while the loop is busy asking for claims: `signalled` remembers it, so the
  // loop never sleeps through the wake-up it was waiting for.
  let wake: () => void = () => {};
  let signalled = false;
  const notify = () => {
    signalled = true;
    wake();
  };
  const onAbort = () => notify();
  context.signal.addEventListener('abort', onAbort);
  try {
    for (;;) {
      if (context.signal.aborted) break;
      signalled = false;
      const denied = new Set<string>();
      for (;;) {
        const picks = pickTasks({
          tasks: context.plan.tasks,
          done: context.book.idsIn('done'),
          blocked: context.book.idsIn('blocked'),
          running: new Set(running.keys()),
          concurrency: context.settings.concurrency,
          skip: denied,
        });
        if (picks.length === 0) break;
        const taskId = picks[0]!;
        const task = context.plan.tasks.find((candidate) => candidate.id === taskId)!;
        const claim = await acquireClaims(context.store, {
          instance: taskClaimInstance(context.planId, taskId),
          patterns: claimPatterns(task.files),
          ttlMs: context.settings.claimTtlMs,
          exclusive: true,
          reason: `baton run ${context.planId} ${taskId}`,
          planId: context.planId,
          taskId,
        });
        if ('denied' in claim) {
          denied.add(taskId);
          if (!waitingNoted.has(taskId)) {
            waitingNoted.add(taskId);
            const holders = claim.denied.map(
              (denial) => `${denial.pattern} (held by ${denial.heldBy.instance})`,
            );
            emitTaskEvent(context, 'task-waiting', taskId, `waiting for claims: ${holders.join(', ')}`);
          }
          continue;
        }
        waitingNoted.delete(taskId);
        const work = runTask(context, taskId)
          .then((end) => settle(context, taskId, end))
          .catch(() => {})
          .finally(() => {
            running.delete(taskId);
            notify();
          });
        running.set(taskId, work);
      }
      if (running.size === 0 && denied.size === 0) {
        if (
          runIsOver({
            tasks: context.plan.tasks,
            done: context.book.idsIn('done'),
            blocked: context.book.idsIn('blocked'),
            running: new Set(),
          })
        )
          break;
      }
      await new Promise<void>((resolve) => {
        if (signalled || context.signal.aborted) return resolve();
        wake = resolve;
        if (denied.size > 0) setTimeout(resolve, claimRetryMs);
      });
      wake = () => {};
    }
    await Promise.allSettled(running.values());
  } finally {
    context.signal.removeEventListener('abort', onAbort);
  }
}
