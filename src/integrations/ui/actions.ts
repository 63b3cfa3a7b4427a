// What a person does on the page, each through the service the matching command uses: approve,
// revise and reject (plans/lifecycle.ts, recorded with the channel `page`), retry a
// blocked task with a note (runner/retry-tasks.ts — the note is the next round's feedback, as with
// `baton retry --note`), comments on a task's diff (sent back the same way; on a merged task,
// a follow-up task in a revision of the plan, plans/follow-up.ts), stop a run
// (runner/stop-run.ts). The page is the person's channel: its token is theirs alone.

import { sha256 } from '../../core/lifecycle/approval.ts';
import { commentsNote, type DiffComment } from '../../core/review/diff-comments.ts';
import { BatonError } from '../../errors.ts';
import { proposeFollowUp } from '../../plans/follow-up.ts';
import { approvePlan, currentPlanText, rejectPlan, revisePlan } from '../../plans/lifecycle.ts';
import { findTask, loadPlan } from '../../plans/load-plan.ts';
import { retryTasks } from '../../runner/retry-tasks.ts';
import { stopRun } from '../../runner/stop-run.ts';
import { personName } from '../../workspace/git.ts';
import type { ViewContext } from './views.ts';

function requireText(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new BatonError('USAGE', `${what} must not be empty`);
  return value.trim();
}

function lifecycle(context: ViewContext) {
  return { repositoryRoot: context.repositoryRoot, config: context.config, store: context.store };
}

/**
 * Approves the text the person saw: the page sends the SHA-256 it showed, and a plan edited
 * since is refused (like a signed approval whose hash no longer matches).
 */
export async function approveFromPage(context: ViewContext, planId: string, body: Record<string, unknown>) {
  const shown = requireText(body.sha256, 'the SHA-256 shown');
  const current = sha256(currentPlanText(lifecycle(context), planId));
  if (shown !== current)
    throw new BatonError(
      'PLAN_CONCURRENT_CHANGE',
      `plan "${planId}" changed since the page showed it (sha256 ${shown.slice(0, 12)}…, now ${current.slice(0, 12)}…)`,
      {
        hint: 'Reload the page, read the plan again, then approve.',
      },
    );
  const by = personName(context.repositoryRoot);
  return approvePlan(lifecycle(context), planId, { by, channel: 'page' });
}

export function reviseFromPage(context: ViewContext, planId: string, body: Record<string, unknown>) {
  return revisePlan(lifecycle(context), planId, requireText(body.reason, 'the reason'));
}

export function rejectFromPage(context: ViewContext, planId: string, body: Record<string, unknown>) {
  return rejectPlan(
    lifecycle(context),
    planId,
    requireText(body.reason, 'the reason'),
    personName(context.repositoryRoot),
  );
}

async function retryWithNote(context: ViewContext, planId: string, taskId: string, note: string | undefined) {
  const loaded = loadPlan(context.repositoryRoot, context.config, planId);
  if (loaded.state !== 'active')
    throw new BatonError(
      'PLAN_WRONG_STATE',
      `plan "${planId}" is ${loaded.state}: only an active plan's tasks are retried`,
    );
  const tasks = await retryTasks({
    store: context.store,
    planId,
    plan: loaded.plan,
    taskId: findTask(loaded, taskId).id,
    ...(note === undefined ? {} : { note }),
    by: personName(context.repositoryRoot),
    heartbeatMs: context.config.run.heartbeat,
  });
  return { planId, tasks };
}

export function retryFromPage(context: ViewContext, planId: string, body: Record<string, unknown>) {
  const note = typeof body.note === 'string' && body.note.trim() !== '' ? body.note.trim() : undefined;
  return retryWithNote(context, planId, requireText(body.taskId, 'the task'), note);
}

function readComments(value: unknown): DiffComment[] {
  if (!Array.isArray(value) || value.length === 0) throw new BatonError('USAGE', 'no comments to send');
  return value.map((entry) => {
    const comment = entry as Record<string, unknown>;
    return {
      file: requireText(comment.file, "a comment's file"),
      line: Number(comment.line),
      side: comment.side === 'old' ? 'old' : 'new',
      text: requireText(comment.text, 'a comment'),
    };
  });
}

/** Comments on a blocked task's diff go back to its executor as the next round's feedback. */
export function commentFromPage(context: ViewContext, planId: string, body: Record<string, unknown>) {
  const comments = readComments(body.comments);
  const note = `Comments on your diff:\n\n${commentsNote(comments)}`;
  return retryWithNote(context, planId, requireText(body.taskId, 'the task'), note);
}

/** Comments on a merged task's diff: a follow-up task, in a revision of the plan to approve. */
export function followUpFromPage(context: ViewContext, planId: string, body: Record<string, unknown>) {
  return proposeFollowUp(
    lifecycle(context),
    planId,
    requireText(body.taskId, 'the task'),
    readComments(body.comments),
    personName(context.repositoryRoot),
  );
}

export function stopFromPage(context: ViewContext, planId: string) {
  return stopRun(context.store, planId, context.config.run.heartbeat);
}
