// `baton review` and `baton submit`: a task's change judged against its plan. The input is the
// plan, the task, the whole diff (scope violations matter, so it is not narrowed to the
// declared files) and the results of the task's verify commands, run here. The judge scores;
// baton computes the total and the verdict (failed verification: changes requested, whatever
// the score), writes the executor's feedback to .baton/feedback/<plan>/<task>.md, records the
// review as a `task-reviewed` event and the judge's usage in the usage table.
//
// `baton submit` is the same review plus what a hand-off needs: the scope check of the runner
// (a change outside the task's declared files means changes requested, naming the files), and
// for a task of an active plan that a run handed off (it has a run worktree), `--dir` defaults
// to that worktree and the diff starts where the task's branch started. An approved
// submission there is committed on the task branch and recorded as `submitted`, with the
// commit: the next `baton run` verifies and merges exactly that commit (see
// src/runner/land-submitted.ts). Changes requested leave the task blocked, its worktree kept.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/config-schema.ts';
import type { PlanTask } from '../core/plan/model.ts';
import { feedbackForExecutor } from '../core/review/feedback.ts';
import { reviewedEventData } from '../core/review/reviewed-event.ts';
import type { CriterionScore, ReviewResult } from '../core/review/score-review.ts';
import type { VerificationResult } from '../core/review/verify-results.ts';
import { scrubValue } from '../core/secrets/secrets.ts';
import { findTask, type LoadedPlan, loadPlan } from '../plans/load-plan.ts';
import { appendEvent } from '../store/event-log.ts';
import type { Store } from '../store/store.ts';
import { listTaskRuns, upsertTaskRun } from '../store/task-runs.ts';
import { tryGit } from '../workspace/git.ts';
import { changedFiles, workingTreeDiff } from '../workspace/git-diff.ts';
import { commitAll } from '../workspace/worktrees.ts';
import type { BackendDescriptor } from './backends/backend-context.ts';
import { createBackend } from './backends/load-backend.ts';
import { feedbackFile } from './build-handoff.ts';
import type { JudgeSample } from './judge.ts';
import { priceTable } from './prices.ts';
import { sandboxPolicy } from './sandbox-policy.ts';
import { type DetectionEnvironment, selectBackend } from './select-backend.ts';
import { judgeTask, outsideScope, outsideScopeReason, verifyTask } from './task-checks.ts';
import { usageRecorder } from './usage-recorder.ts';

export interface ReviewTasksOptions {
  repositoryRoot: string;
  config: Config;
  store: Store;
  planId: string;
  /** One task; without it every task of the plan, in plan order. */
  taskId?: string;
  /** `--reviewer <spec>`, overriding roles.reviewer. */
  reviewer?: string;
  samples?: number;
  /** Diff against the merge base with this ref; default the plan's base branch if it exists, else HEAD. */
  base?: string;
  /** Where the work is (a worktree); default the repository. */
  dir?: string;
  instance?: string;
  signal: AbortSignal;
  /** `baton submit`: also record the submission and the task run's new state. */
  submitted?: boolean;
  detection?: Partial<DetectionEnvironment>;
  verifyTimeoutMs?: number;
}

export interface TaskReview {
  planId: string;
  taskId: string;
  title: string;
  verdict: ReviewResult['verdict'];
  total: number;
  threshold: number;
  /** Each criterion's score, with what the samples gave as evidence for it. */
  criteria: Array<CriterionScore & { evidence: string[] }>;
  issues: ReviewResult['issues'];
  summaries: string[];
  reasons: string[];
  verification: VerificationResult[];
  samples: Array<{ attempts: number; retriedBecause?: string; warnings: string[] }>;
  feedbackFile: string;
  reviewer: string;
  costUsd: number;
}

function defaultBase(cwd: string, loaded: LoadedPlan, base: string | undefined): string | undefined {
  if (base !== undefined) return base;
  const planBase = loaded.plan.meta.base;
  if (planBase && tryGit(cwd, ['rev-parse', '--verify', '--quiet', `${planBase}^{commit}`]) !== undefined)
    return planBase;
  return undefined;
}

/** The reviewer's backend for `baton review`, and the recorder of its usage (with its cost). */
async function reviewerFor(options: ReviewTasksOptions, descriptor: BackendDescriptor, taskId: string) {
  const backend = await createBackend(descriptor, {
    repositoryRoot: options.repositoryRoot,
    sandbox: sandboxPolicy({
      config: options.config,
      repositoryRoot: options.repositoryRoot,
      store: options.store,
      planId: options.planId,
      ...(options.instance ? { instance: options.instance } : {}),
    }),
  });
  const recorder = usageRecorder({
    store: options.store,
    role: 'reviewer',
    backend: descriptor.kind,
    planId: options.planId,
    taskId,
    instance: options.instance,
    prices: priceTable(options.config.prices),
  });
  return { backend, recorder };
}

/** The runner's scope check: changes outside the declared files are changes requested. */
function withScopeCheck(result: ReviewResult, task: PlanTask, outside: readonly string[]): ReviewResult {
  if (outside.length === 0) return result;
  return {
    ...result,
    verdict: 'changes-requested',
    reasons: [...result.reasons, outsideScopeReason(outside)],
    issues: [
      ...outside.map((file) => ({
        severity: 'high' as const,
        file,
        message: `outside the task's declared files (${task.files.join(', ') || 'none'}): undo this change`,
        samples: result.sampleCount,
      })),
      ...result.issues,
    ],
  };
}

/** What `baton review` prints (and --json gives) of one task's review. */
function taskReview(
  task: PlanTask,
  options: ReviewTasksOptions,
  judged: { result: ReviewResult; samples: JudgeSample[] },
  more: Pick<TaskReview, 'verification' | 'feedbackFile' | 'reviewer' | 'costUsd'>,
): TaskReview {
  const { result, samples } = judged;
  return {
    planId: options.planId,
    taskId: task.id,
    title: task.title,
    verdict: result.verdict,
    total: result.total,
    threshold: result.threshold,
    criteria: result.criteria.map((score) => ({
      ...score,
      evidence: samples
        .map((sample) => sample.answer.evidence[score.criterion])
        .filter((evidence): evidence is string => evidence !== undefined),
    })),
    issues: result.issues,
    // Samples that agree say the same thing once.
    summaries: [...new Set(result.summaries.map((summary) => summary.trim()))],
    reasons: result.reasons,
    samples: samples.map((sample) => ({
      attempts: sample.attempts,
      ...(sample.retriedBecause ? { retriedBecause: sample.retriedBecause } : {}),
      warnings: sample.warnings,
    })),
    ...more,
  };
}

function recordReview(
  options: ReviewTasksOptions,
  taskId: string,
  judged: { result: ReviewResult; samples: JudgeSample[] },
  reviewer: string,
) {
  const { result, samples } = judged;
  return appendEvent(options.store, {
    kind: 'task-reviewed',
    instance: options.instance ?? null,
    planId: options.planId,
    taskId,
    summary: `${result.verdict} (${result.total}/${result.threshold})`,
    data: scrubValue(
      reviewedEventData(result, {
        verificationPassed: result.verificationPassed,
        samples: result.sampleCount,
        retries: samples.filter((sample) => sample.attempts > 1).length,
        reviewer,
        submitted: options.submitted === true,
      }),
    ),
  });
}

async function reviewOne(
  options: ReviewTasksOptions,
  loaded: LoadedPlan,
  task: PlanTask,
  diff: string,
  descriptor: BackendDescriptor,
  submission?: Submission,
): Promise<TaskReview> {
  const workdir = options.dir ?? options.repositoryRoot;
  const verified = await verifyTask(task, {
    cwd: workdir,
    signal: options.signal,
    timeoutMs: options.verifyTimeoutMs ?? 10 * 60_000,
  });
  const { backend, recorder } = await reviewerFor(options, descriptor, task.id);
  const judged = await judgeTask(
    backend,
    { planId: options.planId, plan: loaded.plan, task, diff, verification: verified, workdir },
    {
      signal: options.signal,
      onUsage: recorder,
      ...(options.instance ? { instance: options.instance } : {}),
    },
    {
      samples: options.samples ?? options.config.review.samples,
      weights: options.config.review.weights as Record<string, number>,
      threshold: options.config.review.threshold,
    },
  );
  // `baton review` has no outcome to give but an error: a failed or unreadable review is thrown.
  if (!judged.judged) throw judged.error;
  const result = withScopeCheck(
    judged.result,
    task,
    submission ? outsideScope(task, submission.changed) : [],
  );
  const file = feedbackFile(options.repositoryRoot, options.planId, task.id);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, feedbackForExecutor(result, verified.outcome));
  const review = taskReview(
    task,
    options,
    { result, samples: judged.samples },
    {
      verification: verified.results,
      feedbackFile: file,
      reviewer: descriptor.reason,
      costUsd: recorder.totalUsd,
    },
  );
  await recordReview(options, task.id, { result, samples: judged.samples }, descriptor.reason);
  if (options.submitted) await recordSubmission(options, task.id, result, submission);
  return review;
}

/** What `submit` knows besides the review: the changed files, and the run's worktree if any. */
interface Submission {
  changed: string[];
  run?: { worktree: string; startCommit: string; excluded: string[]; data: Record<string, unknown> };
}

async function recordSubmission(
  options: ReviewTasksOptions,
  taskId: string,
  result: ReviewResult,
  submission: Submission | undefined,
): Promise<void> {
  const previous = (await listTaskRuns(options.store, options.planId)).find((run) => run.taskId === taskId);
  const run = submission?.run;
  if (run) {
    const approved = result.verdict === 'approved';
    let submittedCommit: string | undefined;
    if (approved) {
      await commitAll(run.worktree, `baton: ${taskId}: submitted`, run.excluded);
      submittedCommit = tryGit(run.worktree, ['rev-parse', 'HEAD'])?.trim();
    }
    const reason = approved
      ? undefined
      : `changes requested on submission: ${result.reasons.join('; ')}; fix it in ${run.worktree}, then baton submit ${options.planId} ${taskId} --dir ${run.worktree}`;
    await upsertTaskRun(options.store, {
      planId: options.planId,
      taskId,
      state: approved ? 'submitted' : 'blocked',
      attempts: previous?.attempts ?? 1,
      branch: previous?.branch ?? null,
      score: result.total,
      instance: options.instance ?? previous?.instance ?? null,
      round: previous?.round ?? 1,
      startedAt: previous?.startedAt ?? null,
      data: {
        ...run.data,
        handedOff: true,
        submittedScore: result.total,
        submittedAt: Date.now(),
        ...(submittedCommit ? { submittedCommit } : {}),
        ...(reason ? { reason } : { reason: undefined }),
      },
    });
    return;
  }
  // Approved: done. Otherwise the task goes back to whoever builds it, with the feedback.
  await upsertTaskRun(options.store, {
    planId: options.planId,
    taskId,
    state: result.verdict === 'approved' ? 'done' : 'running',
    attempts: (previous?.attempts ?? 0) + 1,
    branch: previous?.branch ?? null,
    score: result.total,
    instance: options.instance ?? previous?.instance ?? null,
  });
}

export async function reviewTasks(options: ReviewTasksOptions): Promise<TaskReview[]> {
  const loaded = loadPlan(options.repositoryRoot, options.config, options.planId);
  const tasks = options.taskId === undefined ? loaded.plan.tasks : [findTask(loaded, options.taskId)];
  const descriptor = await selectBackend({
    role: 'reviewer',
    config: options.config,
    ...(options.reviewer === undefined ? {} : { flag: options.reviewer, flagName: '--reviewer' }),
    ...(options.detection ? { detection: options.detection } : {}),
  });
  // A task a run handed off: its worktree, and the commit its branch started from.
  let run: Submission['run'];
  if (options.submitted && options.taskId !== undefined && loaded.state === 'active') {
    const record = (await listTaskRuns(options.store, options.planId)).find(
      (candidate) => candidate.taskId === tasks[0]!.id,
    );
    const worktree = record?.data.worktree;
    const startCommit = record?.data.startCommit;
    if (
      typeof worktree === 'string' &&
      typeof startCommit === 'string' &&
      existsSync(worktree) &&
      (options.dir === undefined || path.resolve(options.dir) === path.resolve(worktree))
    )
      run = {
        worktree,
        startCommit,
        excluded: Array.isArray(record!.data.excluded) ? (record!.data.excluded as string[]) : [],
        data: record!.data,
      };
  }
  const workdir = options.dir ?? run?.worktree ?? options.repositoryRoot;
  const base =
    run && options.base === undefined ? run.startCommit : defaultBase(workdir, loaded, options.base);
  const diff = workingTreeDiff(workdir, base === undefined ? {} : { base });
  const submission: Submission | undefined = options.submitted
    ? {
        changed: changedFiles(workdir, base === undefined ? {} : { base }).filter(
          (file) =>
            !(run?.excluded ?? []).some((excluded) => file === excluded || file.startsWith(`${excluded}/`)),
        ),
        ...(run ? { run } : {}),
      }
    : undefined;
  if (options.submitted) options = { ...options, dir: workdir };
  if (options.submitted) {
    for (const task of tasks) {
      await appendEvent(options.store, {
        kind: 'task-submitted',
        instance: options.instance ?? null,
        planId: options.planId,
        taskId: task.id,
        summary: 'the work is in place; verifying and reviewing',
        data: { dir: workdir, ...(base ? { base } : {}) },
      });
    }
  }
  const reviews: TaskReview[] = [];
  for (const task of tasks)
    reviews.push(await reviewOne(options, loaded, task, diff, descriptor, submission));
  return reviews;
}
