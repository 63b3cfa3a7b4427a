// The scheduling loop: asks the pure scheduler which tasks to start, lets the claims decide
// (a task whose files someone else holds waits), starts them — their worktrees made in one
// batch — and, while every slot is busy, has the worktrees of the next ready tasks made. It
// wakes up whenever a task ends, a denied claim is worth asking for again, or the run is
// stopped; the budget may stop it before a task starts.
import { dependentsOf, pickTasks, runIsOver, upcomingTasks } from '../core/schedule/scheduler.ts';
import { isBatonError } from '../errors.ts';
import { releaseClaims } from '../store/claim-release.ts';
import { acquireClaims } from '../store/claims.ts';
import { emitTaskEvent, type RunContext, taskClaimInstance } from './run-context.ts';
import { keepsItsWorktree, runTask, type TaskEnd } from './task-runner.ts';
import { TaskSlots } from './task-slots.ts';

// A task kept out by a claim asks again after this long.
const claimRetryMs = 1_000;

function claimPatterns(files: readonly string[]): string[] {
  return [...new Set(files)];
}

/**
 * False (and the run told to start nothing more) when the budget would not cover another task
 * beside the reservations of those in flight. Tasks in flight are not stopped: they are paid for.
 */
function withinBudget(context: RunContext, taskId: string, inFlight: readonly string[]): boolean {
  try {
    context.accounting?.beforeTask(taskId, inFlight);
    return true;
  } catch (error) {
    if (!isBatonError(error) || error.code !== 'BUDGET_EXCEEDED') throw error;
    context.stopRun(error.message, error.code, false);
    return false;
  }
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
  const slots = new TaskSlots(context.settings.concurrency, notify);
  context.slots = slots;
  // What the current pass holds for tasks not started yet, for the clean-up after a failure.
  let picked: string | undefined;
  let starting: string[] = [];
  try {
    for (;;) {
      if (context.signal.aborted) break;
      signalled = false;
      const denied = new Set<string>();
      // Tasks claimed in this pass: they start together, their worktrees made in one batch.
      starting = [];
      for (;;) {
        if (context.isStopping()) break;
        const picks = pickTasks({
          tasks: context.plan.tasks,
          done: context.book.idsIn('done'),
          blocked: context.book.idsIn('blocked'),
          running: new Set([...running.keys(), ...starting]),
          concurrency: context.settings.concurrency,
          // The tasks starting in this pass hold their slots already.
          freeSlots: slots.free,
          skip: denied,
        });
        if (picks.length === 0) break;
        const taskId = picks[0]!;
        // The budget decides before a task takes a worktree, not only before each call.
        if (!withinBudget(context, taskId, [...running.keys(), ...starting])) break;
        // The slot is taken before the claims are asked for: a re-run after a merge conflict
        // waiting for a slot cannot take it meanwhile.
        slots.take(taskId);
        picked = taskId;
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
        picked = undefined;
        if ('denied' in claim) {
          slots.cancel(taskId);
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
        starting.push(taskId);
      }
      if (context.signal.aborted) {
        for (const taskId of starting) slots.cancel(taskId);
        for (const taskId of starting)
          await releaseClaims(context.store, {
            instance: taskClaimInstance(context.planId, taskId),
            all: true,
          }).catch(() => {});
        break;
      }
      // A person's work in a kept worktree is never made afresh.
      const fresh = starting.filter((taskId) => !keepsItsWorktree(context, taskId));
      if (fresh.length > 0) context.worktrees.prepare(fresh, await context.integration.tip());
      for (const taskId of starting) {
        const work = runTask(context, taskId)
          .then((end) => settle(context, taskId, end))
          .catch(() => {})
          .finally(() => {
            running.delete(taskId);
            notify();
          });
        running.set(taskId, work);
      }
      // Every slot busy: make the worktrees of the tasks next in line meanwhile.
      if (slots.free === 0 && !context.isStopping()) {
        const prepared = context.worktrees.preparedTasks;
        const upcoming = upcomingTasks(
          {
            tasks: context.plan.tasks,
            done: context.book.idsIn('done'),
            blocked: context.book.idsIn('blocked'),
            running: new Set(running.keys()),
            skip: prepared,
          },
          context.settings.concurrency - [...prepared].filter((taskId) => !running.has(taskId)).length,
        ).filter((taskId) => !keepsItsWorktree(context, taskId));
        if (upcoming.length > 0) context.worktrees.prepare(upcoming, await context.integration.tip());
      }
      if (running.size === 0 && context.isStopping()) break;
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
  } catch (error) {
    // The store or git failed under the loop. No slot or claim stays with a task that never
    // started, and the tasks in flight are stopped and awaited before the error goes up:
    // nothing keeps working behind a run that failed.
    const unstarted = [...(picked === undefined ? [] : [picked]), ...starting].filter(
      (taskId) => !running.has(taskId),
    );
    for (const taskId of unstarted) {
      slots.cancel(taskId);
      await releaseClaims(context.store, {
        instance: taskClaimInstance(context.planId, taskId),
        all: true,
      }).catch(() => {});
    }
    context.stopRun(`the run failed: ${(error as Error).message}`);
    await Promise.allSettled(running.values());
    throw error;
  } finally {
    context.signal.removeEventListener('abort', onAbort);
  }
}
