// A person's work is never thrown away. A task handed off to a person (the manual executor)
// keeps its worktree across runs; once `baton submit <plan> <task> --dir <worktree>` approves
// it, the work is committed on the task branch and the task is `submitted`: the next run does
// not recreate that worktree, it verifies the submitted commit, checks its scope and merges it
// (the same steps as a round's: task-steps.ts). The approval recorded by `submit` is trusted as
// long as the commit is the one approved (the branch tip is the submitted commit and nothing is
// left uncommitted); otherwise the task is blocked until it is submitted again. Once merged, the
// submitter's claims on the task's files go: their work on it is over, whoever lands it.
import { approvedEventData } from '../core/review/reviewed-event.ts';
import { releaseClaims } from '../store/claim-release.ts';
import { gitResult } from '../workspace/git-async.ts';
import { changedFiles } from '../workspace/scope-check.ts';
import { uncommittedFiles } from '../workspace/worktrees.ts';
import { taskBranch } from './integration-branch.ts';
import { type LandingContext, taskEvents } from './run-context.ts';
import { mergeStep, type StepTarget, scopeStep, verifyStep } from './task-steps.ts';

export type LandingEnd = { state: 'done' } | { state: 'blocked'; reason: string };

/** A person's approved submission: verified, scope-checked and merged as it was approved. */
export async function landSubmitted(context: LandingContext, taskId: string): Promise<LandingEnd> {
  const task = context.plan.tasks.find((candidate) => candidate.id === taskId)!;
  const { data, instance: submitter } = context.book.entries.get(taskId)!;
  const worktree = String(data.worktree);
  const startCommit = String(data.startCommit);
  const submitted = String(data.submittedCommit ?? '');
  const excluded = Array.isArray(data.excluded) ? (data.excluded as string[]) : [...context.settings.link];
  const branch = taskBranch(context.planId, taskId);
  const submitAgain = `baton submit ${context.planId} ${taskId} --dir ${worktree}`;
  await context.book.update(taskId, {
    state: 'verifying',
    instance: context.instance,
    startedAt: Date.now(),
    note: undefined,
    data: { ...data, runnerId: context.runnerId },
  });
  const emit = taskEvents(context, taskId);
  emit('task-started', `merging the submitted work (${submitted.slice(0, 8)})`, {
    files: task.files,
    worktree,
    branch,
    submitted: true,
  });
  const head = await gitResult(worktree, ['rev-parse', 'HEAD']);
  const left = await uncommittedFiles(worktree, excluded);
  if (head.stdout.trim() !== submitted || left.length > 0)
    return {
      state: 'blocked',
      reason: `the worktree changed since its work was submitted${left.length > 0 ? ` (uncommitted: ${left.join(', ')})` : ''}; submit it again: ${submitAgain}`,
    };
  const target: StepTarget = {
    task,
    worktree,
    signal: context.signal,
    verifyTimeoutMs: context.settings.verifyTimeoutMs,
    emit,
  };
  const verification = await verifyStep(target);
  if (!verification.outcome.passed)
    return {
      state: 'blocked',
      reason: `the submitted work fails verification (${verification.outcome.failures.map((failure) => failure.command).join(', ')}); fix it in ${worktree}, then ${submitAgain}`,
    };
  const files = await changedFiles(worktree, startCommit);
  const outside = scopeStep(target, files);
  if (outside.length > 0)
    return {
      state: 'blocked',
      reason: `the submitted work changes files outside its declared files: ${outside.join(', ')}; undo them in ${worktree}, then ${submitAgain}`,
    };
  const score = typeof data.submittedScore === 'number' ? data.submittedScore : undefined;
  emit(
    'task-reviewed',
    `approved on submission${score !== undefined ? ` with ${score}` : ''}`,
    approvedEventData(score, { submitted: true }),
  );
  const merge = await mergeStep(context, task, {
    branch,
    // The commit that was approved, whatever a verify command or anyone committed since.
    head: submitted,
    worktree,
    unchanged: files.length === 0,
    score,
    approvedAs: 'submitted work',
  });
  if (!merge.merged)
    return {
      state: 'blocked',
      reason: `merge conflict in ${merge.conflicts.join(', ') || 'the tree'} with ${context.integration.branch}; the submitted work stays in ${worktree}: merge ${context.integration.branch} into it, then ${submitAgain}`,
    };
  if (submitter !== null && task.files.length > 0)
    await releaseClaims(context.store, { instance: submitter, patterns: task.files });
  return { state: 'done' };
}
