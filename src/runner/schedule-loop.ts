// The scheduling loop: asks the pure scheduler which tasks to start, lets the claims decide
// (a task whose files someone else holds waits), starts them — their worktrees made in one
// batch, begun while their claims are asked for — and, while every slot is busy, has the
// worktrees of the next ready tasks made. It wakes up whenever a task ends, a denied claim is
// worth asking for again, or the run is stopped; the budget may stop it before a task starts.
// Once every task has started, merged tasks' worktrees are removed as they merge.

import { dependentsOf, pickTasks, runIsOver, upcomingTasks } from '../core/schedule/scheduler.ts';
import { isBatonError } from '../errors.ts';
import { acquireClaims, type ClaimDenial } from '../store/claim-leases.ts';
import { releaseClaims } from '../store/claim-release.ts';
import { removeGatheredWorktreesNow } from '../workspace/worktrees.ts';
import { launchOf } from './foreground-steps.ts';
import { emitTaskEvent, type RunContext, taskClaimInstance } from './run-context.ts';
import { keepsItsWorktree, runTask, type TaskEnd } from './task-runner.ts';
import { TaskSlots } from './task-slots.ts';

// A task kept out by a claim asks again after this long.
const claimRetryMs = 1_000;

function claimPatterns(files: readonly string[]): string[] {
  return [...new Set(files)];
}

/**
 * A submission whose files only its submitter holds lands under the submitter's claims: they
 * keep everyone else out meanwhile, and the landing releases them once it is merged
 * (land-submitted.ts). Waiting for them instead would wait until they expire.
 */
function heldBySubmitter(context: RunContext, taskId: string, denied: readonly ClaimDenial[]): boolean {
  const entry = context.book.entries.get(taskId)!;
  return (
    entry.view.state === 'submitted' &&
    keepsItsWorktree(context, taskId) &&
    entry.instance !== null &&
    denied.every((denial) => denial.heldBy.instance === entry.instance)
  );
}

/** Why the budget would not cover another task beside the reservations of those in flight, if so. */
function budgetRefusal(context: RunContext, taskId: string, inFlight: readonly string[]): Error | undefined {
  try {
    context.accounting?.beforeTask(taskId, inFlight);
    return undefined;
  } catch (error) {
    if (!isBatonError(error) || error.code !== 'BUDGET_EXCEEDED') throw error;
    return error;
  }
}

/**
 * False (and the run told to start nothing more) when the budget would not cover another task
 * beside the reservations of those in flight. Tasks in flight are not stopped: they are paid for.
 */
function withinBudget(context: RunContext, taskId: string, inFlight: readonly string[]): boolean {
  const refusal = budgetRefusal(context, taskId, inFlight);
  if (refusal) context.stopRun(refusal.message, 'BUDGET_EXCEEDED', false);
  return refusal === undefined;
}

export async function blockTask(context: RunContext, taskId: string, reason: string): Promise<void> {
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

/** What the loop keeps between its passes. */
interface LoopState {
  slots: TaskSlots;
  running: Map<string, Promise<void>>;
  /** Tasks whose wait for claims was already said (once per wait). */
  waitingNoted: Set<string>;
  /** Tasks claimed in this pass: they start together, their worktrees made in one batch. */
  starting: string[];
  /** The task whose claims are being asked for, for the clean-up after a failure. */
  picked?: string;
  /** Worktrees being made ahead, once the foreground steps have ended (`prepareUpcoming`). */
  preparing?: Promise<void>;
}

/** Gives back the slots and claims of tasks that took them but never started. */
async function releaseUnstarted(context: RunContext, state: LoopState, taskIds: readonly string[]) {
  for (const taskId of taskIds) {
    state.slots.cancel(taskId);
    await releaseClaims(context.store, {
      instance: taskClaimInstance(context.planId, taskId),
      all: true,
    }).catch(() => {});
  }
}

/**
 * Picks ready tasks while slots are free and the budget allows, each taking its slot and then its
 * claims; a task kept out by someone's claim waits (said once) and is skipped this pass.
 * The tasks claimed go to `state.starting`; those kept out, to `denied`.
 */
async function claimReadyTasks(context: RunContext, state: LoopState, denied: Set<string>): Promise<void> {
  const { slots } = state;
  for (;;) {
    if (context.isStopping()) return;
    const picks = pickTasks({
      tasks: context.plan.tasks,
      done: context.book.idsIn('done'),
      blocked: context.book.idsIn('blocked'),
      running: new Set([...state.running.keys(), ...state.starting]),
      concurrency: context.settings.concurrency,
      // The tasks starting in this pass hold their slots already.
      freeSlots: slots.free,
      skip: denied,
    });
    if (picks.length === 0) return;
    const taskId = picks[0]!;
    // The budget decides before a task takes a worktree, not only before each call.
    if (!withinBudget(context, taskId, [...state.running.keys(), ...state.starting])) return;
    // The slot is taken before the claims are asked for: a re-run after a merge conflict
    // waiting for a slot cannot take it meanwhile.
    slots.take(taskId);
    state.picked = taskId;
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
    state.picked = undefined;
    if ('denied' in claim && !heldBySubmitter(context, taskId, claim.denied)) {
      slots.cancel(taskId);
      denied.add(taskId);
      if (!state.waitingNoted.has(taskId)) {
        state.waitingNoted.add(taskId);
        const holders = claim.denied.map((denial) => `${denial.pattern} (held by ${denial.heldBy.instance})`);
        emitTaskEvent(context, 'task-waiting', taskId, `waiting for claims: ${holders.join(', ')}`);
      }
      continue;
    }
    state.waitingNoted.delete(taskId);
    state.starting.push(taskId);
  }
}

/** Worktrees made for these tasks, in one batch at the tip; a person's kept worktree is never made afresh. */
async function prepareWorktrees(context: RunContext, taskIds: readonly string[]): Promise<void> {
  const fresh = taskIds.filter((taskId) => !keepsItsWorktree(context, taskId));
  if (fresh.length > 0) context.worktrees.prepare(fresh, await context.integration.tip());
}

/**
 * The worktrees of the tasks this pass is about to pick are made while their claims are asked
 * for: the batch is made one worktree after the other, and its first is ready about when the
 * claims are, instead of the batch starting only after them. A task then kept out by a claim
 * keeps its worktree for when it starts, as the tasks made ahead by `prepareUpcoming` do.
 */
async function prepareBeforeClaims(context: RunContext, state: LoopState): Promise<void> {
  if (state.slots.free === 0 || context.isStopping()) return;
  const picks = pickTasks({
    tasks: context.plan.tasks,
    done: context.book.idsIn('done'),
    blocked: context.book.idsIn('blocked'),
    running: new Set(state.running.keys()),
    concurrency: context.settings.concurrency,
    freeSlots: state.slots.free,
  });
  // The budget decides before a task's worktree is made, as it does before the task starts.
  const affordable: string[] = [];
  for (const taskId of picks) {
    if (budgetRefusal(context, taskId, [...state.running.keys(), ...affordable])) break;
    affordable.push(taskId);
  }
  await prepareWorktrees(context, affordable);
}

/** Starts the claimed tasks, their new worktrees made in one batch; each ends by waking the loop. */
async function startTasks(context: RunContext, state: LoopState, wakeLoop: () => void): Promise<void> {
  await prepareWorktrees(context, state.starting);
  for (const taskId of state.starting) {
    context.foreground.begin(launchOf(taskId));
    const work = runTask(context, taskId)
      .then((end) => settle(context, taskId, end))
      .catch(() => {})
      .finally(() => {
        state.running.delete(taskId);
        wakeLoop();
      });
    state.running.set(taskId, work);
  }
}

/**
 * Every slot busy: the worktrees of the tasks next in line are made meanwhile, once the
 * launches and merges in progress have ended (foreground-steps.ts). The loop does not wait for
 * that: a slot freed meanwhile starts its task at once. One such preparation at a time; a
 * failure leaves the tasks to make their worktrees when they start, as any missing one is.
 */
function prepareUpcoming(context: RunContext, state: LoopState): void {
  if (state.slots.free > 0 || context.isStopping() || state.preparing) return;
  state.preparing = context.foreground
    .settled()
    .then(async () => {
      if (context.isStopping()) return;
      const prepared = context.worktrees.preparedTasks;
      const upcoming = upcomingTasks(
        {
          tasks: context.plan.tasks,
          done: context.book.idsIn('done'),
          blocked: context.book.idsIn('blocked'),
          running: new Set(state.running.keys()),
          skip: prepared,
        },
        context.settings.concurrency - [...prepared].filter((taskId) => !state.running.has(taskId)).length,
      );
      await prepareWorktrees(context, upcoming);
    })
    .catch(() => {})
    .finally(() => {
      state.preparing = undefined;
    });
}

/**
 * Every task has started (or is done or blocked) and some still run: the worktrees of merged
 * tasks go at once instead of gathering for a moment. No task is left to start that their
 * removal could slow, and the run's end waits for them: removed as the last tasks merge, few
 * are left by then. Those of the last to end go while the plan's verification runs (run-plan.ts),
 * which has its checkout made first.
 */
function removeMergedWorktreesOnceAllStarted(context: RunContext, state: LoopState): void {
  if (state.running.size === 0) return;
  const done = context.book.idsIn('done');
  const blocked = context.book.idsIn('blocked');
  const allStarted = context.plan.tasks.every(
    (task) => done.has(task.id) || blocked.has(task.id) || state.running.has(task.id),
  );
  if (allStarted) removeGatheredWorktreesNow(context.repositoryRoot);
}

/** Nothing runs and nothing more can: every task is done or blocked, or the run is stopping. */
function loopIsOver(context: RunContext, state: LoopState, denied: ReadonlySet<string>): boolean {
  if (state.running.size > 0) return false;
  if (context.isStopping()) return true;
  return (
    denied.size === 0 &&
    runIsOver({
      tasks: context.plan.tasks,
      done: context.book.idsIn('done'),
      blocked: context.book.idsIn('blocked'),
      running: new Set(),
    })
  );
}

export async function scheduleTasks(context: RunContext): Promise<void> {
  // A task may end while the loop is busy asking for claims: `signalled` remembers it, so the
  // loop never sleeps through the wake-up it was waiting for.
  let wake: () => void = () => {};
  let signalled = false;
  const notify = () => {
    signalled = true;
    wake();
  };
  context.signal.addEventListener('abort', notify);
  const state: LoopState = {
    slots: new TaskSlots(context.settings.concurrency, notify),
    running: new Map(),
    waitingNoted: new Set(),
    starting: [],
  };
  context.slots = state.slots;
  try {
    for (;;) {
      if (context.signal.aborted) break;
      signalled = false;
      const denied = new Set<string>();
      state.starting = [];
      await prepareBeforeClaims(context, state);
      await claimReadyTasks(context, state, denied);
      if (context.signal.aborted) {
        await releaseUnstarted(context, state, state.starting);
        break;
      }
      await startTasks(context, state, notify);
      prepareUpcoming(context, state);
      removeMergedWorktreesOnceAllStarted(context, state);
      if (loopIsOver(context, state, denied)) break;
      await new Promise<void>((resolve) => {
        if (signalled || context.signal.aborted) return resolve();
        wake = resolve;
        // A task kept out by a claim asks again after a while.
        if (denied.size > 0) setTimeout(resolve, claimRetryMs);
      });
      wake = () => {};
    }
    await Promise.allSettled([...state.running.values(), state.preparing]);
  } catch (error) {
    // The store or git failed under the loop. No slot or claim stays with a task that never
    // started, and the tasks in flight are stopped and awaited before the error goes up:
    // nothing keeps working behind a run that failed.
    const unstarted = [...(state.picked === undefined ? [] : [state.picked]), ...state.starting];
    await releaseUnstarted(
      context,
      state,
      unstarted.filter((taskId) => !state.running.has(taskId)),
    );
    context.stopRun(`the run failed: ${(error as Error).message}`);
    await Promise.allSettled([...state.running.values(), state.preparing]);
    throw error;
  } finally {
    context.signal.removeEventListener('abort', notify);
  }
}
