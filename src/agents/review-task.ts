// `baton review` and `baton submit`: a task's change judged against its plan. The input is the
// plan, the task, the whole diff (scope violations matter, so it is not narrowed to the
// declared files) and the results of the task's verify commands, run here. The judge scores;
// baton computes the total and the verdict (failed verification: changes requested, whatever
// the score), writes the executor's feedback to .baton/feedback/<plan>/<task>.md, records the
// review as a `task-reviewed` event and the judge's usage in the usage table.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config-schema.ts';
import type { PlanTask } from '../core/plan/model.ts';
import { feedbackForExecutor } from '../core/review/feedback.ts';
import type { ReviewResult } from '../core/review/score.ts';
import { appendEvent } from '../store/events.ts';
import type { Store } from '../store/store.ts';
import { listTaskRuns, upsertTaskRun } from '../store/task-runs.ts';
import { tryGit } from '../workspace/git.ts';
import { workingTreeDiff } from '../workspace/git-diff.ts';
import type { VerificationResult } from './backend.ts';
import { createBackend } from './backends/index.ts';
import { feedbackFile } from './handoff.ts';
import { judge } from './judge.ts';
import { findTask, type LoadedPlan, loadPlan } from './plan-task.ts';
import { priceTable } from './prices.ts';
import { scrubValue } from './secrets.ts';
import { type BackendDescriptor, type DetectionEnvironment, selectBackend } from './select-backend.ts';
import { usageRecorder } from './usage-recorder.ts';
import { runVerification, verificationOutcome } from './verification.ts';

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
  criteria: Array<{
    criterion: string;
    weight: number;
    mean: number;
    min: number;
    max: number;
    standardDeviation: number;
    scores: number[];
    evidence: string[];
  }>;
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

async function reviewOne(
  options: ReviewTasksOptions,
  loaded: LoadedPlan,
  task: PlanTask,
  diff: string,
  descriptor: BackendDescriptor,
): Promise<TaskReview> {
  const workdir = options.dir ?? options.repositoryRoot;
  const verification = await runVerification(task.verify, {
    cwd: workdir,
    signal: options.signal,
    timeoutMs: options.verifyTimeoutMs,
  });
  const backend = await createBackend(descriptor, { repositoryRoot: options.repositoryRoot });
  const recorder = usageRecorder({
    store: options.store,
    role: 'reviewer',
    backend: descriptor.kind,
    planId: options.planId,
    taskId: task.id,
    instance: options.instance,
    prices: priceTable(options.config.prices),
  });
  const judged = await judge(
    backend,
    {
      planId: options.planId,
      plan: loaded.plan,
      task,
      diff,
      verification,
      workdir,
      signal: options.signal,
      onUsage: recorder,
      ...(options.instance ? { instance: options.instance } : {}),
    },
    {
      samples: options.samples ?? options.config.review.samples,
      weights: options.config.review.weights as Record<string, number>,
      threshold: options.config.review.threshold,
      verification: verificationOutcome(verification),
    },
  );
  const { result } = judged;
  const feedback = feedbackForExecutor(result, verificationOutcome(verification));
  const file = feedbackFile(options.repositoryRoot, options.planId, task.id);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, feedback);

  const review: TaskReview = {
    planId: options.planId,
    taskId: task.id,
    title: task.title,
    verdict: result.verdict,
    total: result.total,
    threshold: result.threshold,
    criteria: result.criteria.map((score) => ({
      ...score,
      evidence: judged.samples
        .map((sample) => sample.answer.evidence[score.criterion])
        .filter((evidence): evidence is string => evidence !== undefined),
    })),
    issues: result.issues,
    summaries: result.summaries,
    reasons: result.reasons,
    verification,
    samples: judged.samples.map((sample) => ({
      attempts: sample.attempts,
      ...(sample.retriedBecause ? { retriedBecause: sample.retriedBecause } : {}),
      warnings: sample.warnings,
    })),
    feedbackFile: file,
    reviewer: descriptor.reason,
    costUsd: recorder.totalUsd,
  };
  await appendEvent(options.store, {
    kind: 'task-reviewed',
    instance: options.instance ?? null,
    planId: options.planId,
    taskId: task.id,
    summary: `${result.verdict} (${result.total}/${result.threshold})`,
    data: scrubValue({
      verdict: result.verdict,
      total: result.total,
      threshold: result.threshold,
      verificationPassed: result.verificationPassed,
      scores: Object.fromEntries(result.criteria.map((score) => [score.criterion, score.mean])),
      spread: Object.fromEntries(result.criteria.map((score) => [score.criterion, score.max - score.min])),
      issues: result.issues.length,
      samples: result.sampleCount,
      retries: judged.samples.filter((sample) => sample.attempts > 1).length,
      reviewer: descriptor.reason,
      submitted: options.submitted === true,
    }),
  });
  if (options.submitted) await recordSubmission(options, task.id, result);
  return review;
}

async function recordSubmission(
  options: ReviewTasksOptions,
  taskId: string,
  result: ReviewResult,
): Promise<void> {
  const previous = (await listTaskRuns(options.store, options.planId)).find((run) => run.taskId === taskId);
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
  const workdir = options.dir ?? options.repositoryRoot;
  const base = defaultBase(workdir, loaded, options.base);
  const diff = workingTreeDiff(workdir, base === undefined ? {} : { base });
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
  for (const task of tasks) reviews.push(await reviewOne(options, loaded, task, diff, descriptor));
  return reviews;
}
