// Plan lifecycle: review → active → completed, or rejected. The folder is the state and a move
// is the transition; every transition is also an event. Each transition runs under a lock on
// the plan (in the store), re-reads the plan inside it, moves the file (atomic rename) and
// records the event in the same transaction; if recording fails, the move is undone. Two
// processes acting on one plan at once therefore get one success and one clear error.
import path from 'node:path';
import type { Config } from '../config/load-config.ts';
import { type ApprovalStatus, approvalStatus, planEventKinds, sha256 } from '../core/lifecycle/approval.ts';
import type { ApprovalChannel } from '../core/people/approval-channel.ts';
import { BatonError } from '../errors.ts';
import { insertEvent, listPlanEvents, type StoreScope } from '../store/event-log.ts';
import { type Store, withPlanLock } from '../store/store.ts';
import { listTaskRuns, type TaskRunRecord } from '../store/task-runs.ts';
import { errorsIn, readPlanDocument } from './plan-document.ts';
import { findPlan, movePlanFile, type PlanLocation, readPlanText, replaceFile } from './plan-files.ts';
import { type PlanFolders, type PlanState, planFolders } from './plan-folders.ts';

export interface LifecycleContext {
  repositoryRoot: string;
  config: Config;
  store: Store;
  /** Who acts: an instance id when there is one. */
  instance?: string;
}

export interface TransitionResult {
  id: string;
  from: PlanState;
  to: PlanState;
  file: string;
  approval?: { by: string; at: number; sha256: string; channel: ApprovalChannel };
  reason?: string;
}

function foldersOf(context: LifecycleContext): PlanFolders {
  return planFolders(context.repositoryRoot, context.config);
}

export async function planApprovalStatus(
  source: StoreScope,
  id: string,
  currentText: string | undefined,
): Promise<ApprovalStatus> {
  return approvalStatus(await listPlanEvents(source, id, planEventKinds), currentText);
}

/** What would move a plan on from `state`, for the hint of a refused transition. */
function nextStepHint(id: string, state: PlanState): string {
  switch (state) {
    case 'review':
      return `It is waiting for approval: baton lint ${id}, then baton approve ${id}.`;
    case 'active':
      return `It is approved: baton revise ${id} sends it back to review, baton complete ${id} closes it.`;
    case 'completed':
      return `It is finished; to do more, write a new plan: baton new <id>.`;
    case 'rejected':
      return `It was rejected; write a new plan (baton new <id>), or move the file back to review by hand to reconsider it.`;
  }
}

function wrongState(id: string, state: PlanState, action: string, allowed: string): BatonError {
  return new BatonError(
    'PLAN_WRONG_STATE',
    `cannot ${action} plan "${id}": it is in ${state}; only plans in ${allowed} can be`,
    {
      hint: nextStepHint(id, state),
      data: { id, state },
    },
  );
}

interface Locked {
  /** The plan lock's transaction, for the project's rows. */
  transaction: StoreScope;
  location: PlanLocation;
}

/** Finds the plan under its lock, so what `work` sees cannot change underneath it. */
function underPlanLock<Result>(
  context: LifecycleContext,
  id: string,
  work: (locked: Locked) => Promise<Result>,
): Promise<Result> {
  const folders = foldersOf(context);
  findPlan(folders, id); // a clear PLAN_NOT_FOUND before taking any lock
  return withPlanLock(context.store, id, (transaction) =>
    work({ transaction, location: findPlan(folders, id) }),
  );
}

/** Moves the file and records the event in the lock's transaction; undoes the move on failure. */
async function transition(
  context: LifecycleContext,
  { transaction, location }: Locked,
  to: PlanState,
  event: { kind: string; at?: number; data: Record<string, unknown> },
): Promise<PlanLocation> {
  const folders = foldersOf(context);
  const moved = movePlanFile(folders, location, to);
  try {
    await insertEvent(transaction, {
      kind: event.kind,
      at: event.at,
      planId: location.id,
      instance: context.instance ?? null,
      affects: [path.relative(context.repositoryRoot, moved.file)],
      data: { from: location.state, to, ...event.data },
    });
  } catch (error) {
    movePlanFile(folders, moved, location.state);
    throw error;
  }
  return moved;
}

/**
 * Who approves and how. A signed approval is signed before the plan's lock is taken (the
 * person may be typing a passphrase meanwhile), over the text the person saw: `signed.sha256`
 * must still be the plan's hash under the lock.
 */
export interface ApprovalBy {
  by: string;
  channel: ApprovalChannel;
  /** The armored SSH signature of approvalSignedText(id, sha256). */
  signed?: { sha256: string; signature: string };
}

export function approvePlan(
  context: LifecycleContext,
  id: string,
  { by, channel, signed }: ApprovalBy,
): Promise<TransitionResult> {
  return underPlanLock(context, id, async (locked) => {
    const { location, transaction } = locked;
    if (location.state !== 'review' && location.state !== 'active') {
      throw wrongState(id, location.state, 'approve', 'review (or active ones changed since approval)');
    }
    const document = readPlanDocument(location, context.repositoryRoot);
    const errors = errorsIn(document.diagnostics);
    if (errors.length > 0) {
      throw new BatonError(
        'PLAN_INVALID',
        `plan "${id}" has ${errors.length} lint error${errors.length > 1 ? 's' : ''}; only a plan that lints clean can be approved`,
        { hint: `Run baton lint ${id} and fix what it reports.`, data: { diagnostics: errors } },
      );
    }
    const digest = sha256(document.text);
    const at = Date.now();
    if (signed !== undefined && signed.sha256 !== digest) {
      throw new BatonError('PLAN_CONCURRENT_CHANGE', `plan "${id}" changed while it was being signed`, {
        hint: `Read it again (baton show ${id}) and approve it again.`,
      });
    }
    const signature = signed?.signature;
    const data = { by, channel, ...(signature ? { signature } : {}), sha256: digest, text: document.text };
    const approval = { by, at, sha256: digest, channel };
    if (location.state === 'active') {
      const status = await planApprovalStatus(transaction, id, document.text);
      // Unchanged and approved: nothing to do, unless a signature now joins an unsigned approval.
      const addsSignature = signed !== undefined && status.approval?.signature === undefined;
      if (status.current && !addsSignature)
        throw new BatonError('PLAN_WRONG_STATE', `plan "${id}" is already approved and unchanged since`);
      // An active plan edited after its approval: approving again records the new text; no move.
      await insertEvent(transaction, {
        kind: 'plan-approved',
        at,
        planId: id,
        instance: context.instance ?? null,
        data: { from: 'active', to: 'active', reapproval: true, ...data },
      });
      return { id, from: 'active', to: 'active', file: location.file, approval };
    }
    const moved = await transition(context, locked, 'active', { kind: 'plan-approved', at, data });
    return { id, from: 'review', to: 'active', file: moved.file, approval };
  });
}

/**
 * A revision that changes the plan as it sends it back (a follow-up task added): given the
 * plan's text under its lock, the new text and what to record with the event. It may throw to
 * refuse; the plan then stays as it was.
 */
export type PlanRewrite = (text: string, file: string) => { text: string; data?: Record<string, unknown> };

export function revisePlan(
  context: LifecycleContext,
  id: string,
  reason: string,
  rewrite?: PlanRewrite,
): Promise<TransitionResult> {
  return underPlanLock(context, id, async (locked) => {
    if (locked.location.state !== 'active') throw wrongState(id, locked.location.state, 'revise', 'active');
    const before = rewrite ? readPlanText(locked.location.file) : undefined;
    const rewritten = before === undefined ? undefined : rewrite?.(before, locked.location.file);
    if (rewritten) replaceFile(locked.location.file, rewritten.text);
    try {
      const moved = await transition(context, locked, 'review', {
        kind: 'plan-revised',
        data: { reason, ...rewritten?.data },
      });
      return { id, from: 'active', to: 'review', file: moved.file, reason };
    } catch (error) {
      // The move was undone: the text goes back too.
      if (before !== undefined && rewritten) replaceFile(locked.location.file, before);
      throw error;
    }
  });
}

export function rejectPlan(
  context: LifecycleContext,
  id: string,
  reason: string,
  by: string,
): Promise<TransitionResult> {
  return underPlanLock(context, id, async (locked) => {
    const from = locked.location.state;
    if (from !== 'review' && from !== 'active') throw wrongState(id, from, 'reject', 'review or active');
    const moved = await transition(context, locked, 'rejected', {
      kind: 'plan-rejected',
      data: { reason, by },
    });
    return { id, from, to: 'rejected', file: moved.file, reason };
  });
}

export interface CompletionCheck {
  runs: TaskRunRecord[];
  unfinished: string[];
}

export function completePlan(
  context: LifecycleContext,
  id: string,
  force: boolean,
  /** The plan's Verification passed where the work is (completion-verification.ts): it stands in for task runs. */
  verification?: { passed: true; commands: ReadonlyArray<{ command: string }> },
): Promise<TransitionResult & CompletionCheck> {
  return underPlanLock(context, id, async (locked) => {
    if (locked.location.state !== 'active') throw wrongState(id, locked.location.state, 'complete', 'active');
    const document = readPlanDocument(locked.location, context.repositoryRoot);
    const runs = await listTaskRuns(locked.transaction, id);
    const stateOf = new Map(runs.map((run) => [run.taskId, run.state]));
    const unfinished = document.parsed.plan.tasks.filter((task) => stateOf.get(task.id) !== 'done');
    // Built outside `baton run`: no task runs, but the plan's Verification passed.
    const verified = runs.length === 0 && verification?.passed === true;
    if (!force && runs.length === 0 && !verified) {
      throw new BatonError(
        'PLAN_TASKS_UNFINISHED',
        `plan "${id}" has no recorded task runs: nothing shows its tasks are done`,
        {
          hint: `Give the plan Verification commands that show the work is done (baton complete runs them), or complete it anyway with --force.`,
        },
      );
    }
    if (!force && unfinished.length > 0 && !verified) {
      const list = unfinished.map((task) => `${task.id} (${stateOf.get(task.id) ?? 'pending'})`).join(', ');
      throw new BatonError(
        'PLAN_TASKS_UNFINISHED',
        `plan "${id}" has ${unfinished.length} unfinished task(s): ${list}`,
        {
          hint: 'Finish them first, or use --force to complete the plan anyway.',
          data: { unfinished: unfinished.map((task) => task.id) },
        },
      );
    }
    // Verified as a whole: no task is left unfinished, though none has a run of its own.
    const unfinishedIds = verified ? [] : unfinished.map((task) => task.id);
    const moved = await transition(context, locked, 'completed', {
      kind: 'plan-completed',
      data: {
        forced: force,
        unfinished: unfinishedIds,
        ...(verified && verification
          ? { verifiedBy: verification.commands.map((entry) => entry.command) }
          : {}),
      },
    });
    return { id, from: 'active', to: 'completed', file: moved.file, runs, unfinished: unfinishedIds };
  });
}

/** The current text of a plan, for callers that only need to read it. */
export function currentPlanText(context: LifecycleContext, id: string): string {
  return readPlanText(findPlan(foldersOf(context), id).file);
}
