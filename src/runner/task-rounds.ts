// One attempt at one task, in its worktree: round after round of executor → commit → verify →
// scope check → review, until the reviewer approves or the rounds run out. What failed in a
// round (and what the reviewer asked for) is the next round's feedback file.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Backend, CallHooks, UsageSink } from '../agents/backend.ts';
import { judgeReview } from '../agents/judge.ts';
import { buildFileName, renderBuildFile } from '../core/handoff/build-file.ts';
import { isGlob } from '../core/paths/glob.ts';
import type { Plan, PlanTask } from '../core/plan/model.ts';
import { feedbackForExecutor } from '../core/review/index.ts';
import type { StartedProcess } from '../workspace/process-group.ts';
import {
  commitAndDiff,
  filesOutsideScope,
  fingerprintChanges,
  revertFiles,
  sharedRepositoryFingerprint,
} from '../workspace/scope.ts';
import { runVerifyCommands } from '../workspace/verify.ts';
import { commitAll } from '../workspace/worktrees.ts';
import { handReviewToPerson, type ReviewHandoff } from './review-handoff.ts';
import type { RoundDenial } from './round-denials.ts';
import {
  deniedSection,
  deniedSummary,
  feedbackForProblems,
  type RoundProblems,
  summarizeProblems,
} from './round-feedback.ts';
import { startRoundGuard } from './round-guard.ts';
import type { RunEventKind } from './run-events.ts';

export interface ReviewSettings {
  maxRounds: number;
  samples: number;
  threshold: number;
  weights: Readonly<Record<string, number>>;
}

export interface TaskRoundsInput {
  planId: string;
  plan: Plan;
  task: PlanTask;
  worktree: string;
  /** The commit the task's branch started from: the scope check and the diff are against it. */
  startCommit: string;
  /** Where BUILD and FEEDBACK files go: outside the worktree, so they are never committed. */
  handoffDirectory: string;
  executor: Backend;
  reviewer: Backend;
  review: ReviewSettings;
  /** Feedback for the first round: a person's note (`baton retry`, a manual review's scores). */
  feedback?: string;
  verifyTimeoutMs: number;
  /** Linked paths and what `run.setup` made: never committed, outside the scope check. */
  excluded: readonly string[];
  /**
   * The main checkout, watched around each executor round (its files, and the shared git
   * directory's config, hooks and info): a change there fails the round. `exclude` lists
   * repository-relative folders left out (baton's state, worktrees inside the repository).
   */
  guard?: {
    repositoryRoot: string;
    exclude: readonly string[];
    /** Files no executor changes (baton's config, the plan): see round-guard.ts. */
    files?: readonly string[];
    /** Puts the integration branch back where baton left it, saying so when it had moved. */
    verifyIntegration?: () => Promise<string | undefined>;
  };
  /** The executor's process group, as it starts (undefined once it has ended). */
  onProcess?: (started: StartedProcess | undefined) => void;
  /** The instance each role's sessions act as: the task's own (`run.<plan>.<task>`, `….review`). */
  instances?: { executor: string; reviewer: string };
  /** Binds a role's new session to its instance before it starts (see CallHooks.bindSession). */
  bindSession?: (role: 'executor' | 'reviewer') => CallHooks['bindSession'];
  /** What baton refused a role's sessions since `since` (epoch ms), in `round`: round-denials.ts. */
  denials?: (role: 'executor' | 'reviewer', since: number, round: number) => Promise<RoundDenial[]>;
  signal: AbortSignal;
  onUsage?: (role: 'executor' | 'reviewer') => UsageSink | undefined;
  /** Called before every backend call; throws to stop (the budget guard). */
  beforeCall?: (role: 'executor' | 'reviewer') => void;
  /** Records a tool refusal inside a backend's work (the model backend's sandboxed tools). */
  onRefusal?: (role: 'executor' | 'reviewer') => CallHooks['onRefusal'];
  setState(state: 'running' | 'verifying' | 'reviewing', round: number): Promise<void>;
  emit(kind: RunEventKind, round: number, message: string, data?: Record<string, unknown>): void;
}

export type TaskRoundsOutcome =
  | { status: 'approved'; score: number; rounds: number; unchanged: boolean }
  | { status: 'blocked'; reason: string; rounds: number; reviewHandoff?: ReviewHandoff };

export class TaskInterrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'TaskInterrupted';
  }
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new TaskInterrupted();
}

/**
 * What baton refused a role during the round, shown as it happens (a `task-denied` event); the
 * executor's also go into the round's feedback and the blocking reason. Reading them never fails
 * the round: a read that fails is said in the event instead.
 */
async function roundDenials(
  input: TaskRoundsInput,
  role: 'executor' | 'reviewer',
  since: number,
  round: number,
): Promise<string[]> {
  if (!input.denials) return [];
  let denials: string[];
  try {
    denials = (await input.denials(role, since, round)).map((denial) => denial.text);
  } catch (error) {
    denials = [`(what baton refused could not be read: ${(error as Error).message})`];
  }
  if (denials.length > 0)
    input.emit('task-denied', round, `${role}: ${deniedSummary(denials)}`, { role, denials });
  return denials;
}

/** A reason, with what baton refused during the round after it. */
const withDenials = (reason: string, denials: readonly string[]): string =>
  denials.length > 0 ? `${reason}; ${deniedSummary(denials)}` : reason;

/** The declared files as they are in the worktree, for the BUILD file (globs are named, not read). */
function declaredFileContents(worktree: string, task: PlanTask) {
  return task.files.map((file) => {
    if (isGlob(file))
      return { path: file, content: undefined, note: 'A pattern: any file it matches is in scope.' };
    const absolute = path.join(worktree, file);
    if (!existsSync(absolute)) return { path: file, content: undefined };
    if (statSync(absolute).isDirectory())
      return { path: file, content: undefined, note: 'A folder: files under it are in scope.' };
    return { path: file, content: readFileSync(absolute, 'utf8') };
  });
}

async function reviewRound(
  input: TaskRoundsInput,
  round: number,
  verification: Awaited<ReturnType<typeof runVerifyCommands>>,
  diff: string,
) {
  let judged: Awaited<ReturnType<typeof judgeReview>>;
  try {
    judged = await judgeReview(
      input.reviewer,
      {
        planId: input.planId,
        plan: input.plan,
        task: input.task,
        diff,
        verification: verification.results,
        workdir: input.worktree,
        instance: input.instances?.reviewer,
        bindSession: input.bindSession?.('reviewer'),
        signal: input.signal,
        onUsage: input.onUsage?.('reviewer'),
        beforeModelCall: () => input.beforeCall?.('reviewer'),
        onRefusal: input.onRefusal?.('reviewer'),
      },
      {
        samples: input.review.samples,
        weights: input.review.weights,
        threshold: input.review.threshold,
        verification: verification.outcome,
        beforeCall: () => input.beforeCall?.('reviewer'),
      },
    );
  } catch (error) {
    // An abort is this task's interruption; the budget's stop goes on up.
    throwIfAborted(input.signal);
    throw error;
  }
  // The reviewer failed or answered unreadably twice: this round fails, the next asks again.
  if (!judged.judged)
    return 'reviewerFailed' in judged
      ? ({ reviewerFailed: judged.reviewerFailed } as const)
      : ({ unreadable: judged.unreadable } as const);
  const { result } = judged;
  input.emit(
    'task-reviewed',
    round,
    `${result.verdict} with ${result.total} (threshold ${result.threshold})`,
    {
      score: result.total,
      verdict: result.verdict,
      issues: result.issues.length,
      // Per criterion, with the samples' spread: what the page shows under the task.
      criteria: result.criteria.map((criterion) => ({
        criterion: criterion.criterion,
        weight: criterion.weight,
        mean: criterion.mean,
        min: criterion.min,
        max: criterion.max,
        standardDeviation: criterion.standardDeviation,
      })),
    },
  );
  return { result } as const;
}

export async function runTaskRounds(input: TaskRoundsInput): Promise<TaskRoundsOutcome> {
  const { task } = input;
  mkdirSync(input.handoffDirectory, { recursive: true });
  let feedback: string | undefined = input.feedback;
  let lastReason = '';
  for (let round = 1; round <= input.review.maxRounds; round++) {
    throwIfAborted(input.signal);
    await input.setState('running', round);
    const buildFile = path.join(input.handoffDirectory, buildFileName(task.id));
    writeFileSync(
      buildFile,
      renderBuildFile({
        plan: input.plan,
        planId: input.planId,
        task,
        files: declaredFileContents(input.worktree, task),
        feedback,
        round,
        // Only a person (the manual executor) hands back with `baton submit`; anything else
        // simply finishes, or reports itself blocked.
        ...(input.executor.kind === 'manual'
          ? { submitCommand: `baton submit ${input.planId} ${task.id} --dir ${input.worktree}` }
          : {}),
      }),
    );
    let feedbackFile: string | undefined;
    if (feedback !== undefined) {
      feedbackFile = path.join(input.handoffDirectory, `FEEDBACK_${task.id}_round${round}.md`);
      writeFileSync(feedbackFile, feedback);
    }
    input.beforeCall?.('executor');
    const [before, roundGuard] = input.guard
      ? await Promise.all([
          sharedRepositoryFingerprint(input.guard.repositoryRoot, input.guard.exclude),
          startRoundGuard({
            repositoryRoot: input.guard.repositoryRoot,
            files: input.guard.files ?? [],
            verifyIntegration: input.guard.verifyIntegration,
          }),
        ])
      : [undefined, undefined];
    const executorStarted = Date.now();
    const outcome = await input.executor.execute!({
      planId: input.planId,
      plan: input.plan,
      task,
      workdir: input.worktree,
      buildFile,
      feedbackFile,
      round,
      instance: input.instances?.executor,
      bindSession: input.bindSession?.('executor'),
      signal: input.signal,
      onUsage: input.onUsage?.('executor'),
      beforeModelCall: () => input.beforeCall?.('executor'),
      onRefusal: input.onRefusal?.('executor'),
      onProcess: (started) => input.onProcess?.(started),
    });
    input.onProcess?.(undefined);
    throwIfAborted(input.signal);
    const outsideWorktree: string[] = [];
    if (before && input.guard) {
      const changes = fingerprintChanges(
        before,
        await sharedRepositoryFingerprint(input.guard.repositoryRoot, input.guard.exclude),
      );
      outsideWorktree.push(
        ...changes.gitDirectory,
        ...changes.checkout.map((file) => `${file} (main checkout)`),
      );
    }
    // Refs, baton's config and the plan: undone as well as named.
    if (roundGuard) outsideWorktree.push(...(await roundGuard.finish()));
    const denials = await roundDenials(input, 'executor', executorStarted, round);
    if (outcome.status === 'blocked')
      return { status: 'blocked', reason: withDenials(outcome.reason, denials), rounds: round };
    // Committed and diffed at once, before verification (which may leave files of its own).
    const changes = await commitAndDiff(
      input.worktree,
      `baton: ${task.id} round ${round}: ${task.title}`,
      input.startCommit,
      input.excluded,
    );
    input.emit(
      'task-executed',
      round,
      outcome.status === 'finished' ? 'executor finished' : `executor failed: ${outcome.reason}`,
      // What the executor said it did, kept with the event (the store, NDJSON).
      outcome.status === 'finished' && outcome.summary ? { summary: outcome.summary } : undefined,
    );

    const problems: RoundProblems = { declaredFiles: task.files, denials };
    if (outcome.status === 'failed') problems.executorFailure = outcome.reason;
    if (outsideWorktree.length > 0) {
      // Reported, never undone: the main checkout is the user's, and so is their git config.
      problems.outsideWorktree = outsideWorktree;
      input.emit(
        'task-scope-failed',
        round,
        `changed things outside its worktree: ${outsideWorktree.join(', ')}`,
        { outsideWorktree },
      );
    }
    await input.setState('verifying', round);
    const verification = await runVerifyCommands(task.verify, {
      cwd: input.worktree,
      timeoutMs: input.verifyTimeoutMs,
      signal: input.signal,
    });
    throwIfAborted(input.signal);
    problems.verification = verification.outcome;
    input.emit(
      'task-verified',
      round,
      verification.outcome.passed
        ? `${task.verify.length} verify command(s) passed`
        : summarizeProblems({ ...problems, executorFailure: undefined, denials: undefined }),
      {
        passed: verification.outcome.passed,
        commands: verification.results.map((result) => ({
          command: result.command,
          passed: result.passed,
          exitCode: result.exitCode,
        })),
      },
    );

    const outside = filesOutsideScope(changes.files, task.files);
    if (outside.length > 0) {
      problems.outsideScope = outside;
      // Undone at once, so nothing outside the task's files can ever reach the merge.
      await revertFiles(input.worktree, input.startCommit, outside);
      await commitAll(
        input.worktree,
        `baton: ${task.id} round ${round}: undo changes outside the declared files`,
        input.excluded,
      );
      input.emit(
        'task-scope-failed',
        round,
        `changed files outside its declared files: ${outside.join(', ')}`,
        {
          files: outside,
        },
      );
    }

    if (
      problems.executorFailure ||
      !verification.outcome.passed ||
      outside.length > 0 ||
      outsideWorktree.length > 0
    ) {
      lastReason = summarizeProblems(problems);
      feedback = feedbackForProblems(problems);
      input.emit('task-round-failed', round, lastReason, { feedback });
      continue;
    }

    await input.setState('reviewing', round);
    // `--reviewer manual`: a person reviews; the task waits for their scores (`baton score`).
    if (input.reviewer.kind === 'manual') {
      const handed = await handReviewToPerson({
        ...input,
        round,
        diff: changes.diff,
        verification: verification.results,
      });
      return { status: 'blocked', reason: handed.reason, rounds: round, reviewHandoff: handed.handoff };
    }
    const reviewStarted = Date.now();
    const review = await reviewRound(input, round, verification, changes.diff);
    throwIfAborted(input.signal);
    await roundDenials(input, 'reviewer', reviewStarted, round);
    if ('reviewerFailed' in review) {
      problems.reviewerFailure = review.reviewerFailed;
      lastReason = summarizeProblems(problems);
      feedback = feedbackForProblems(problems);
      input.emit('task-round-failed', round, lastReason, { feedback });
      continue;
    }
    if ('unreadable' in review) {
      problems.reviewUnreadable = review.unreadable ?? 'no answer';
      lastReason = summarizeProblems(problems);
      feedback = feedbackForProblems(problems);
      input.emit('task-round-failed', round, lastReason, { feedback });
      continue;
    }
    if (review.result.verdict === 'approved')
      return {
        status: 'approved',
        score: review.result.total,
        rounds: round,
        unchanged: changes.files.length === 0,
      };
    lastReason = withDenials(review.result.reasons.join('; '), denials);
    feedback = [feedbackForExecutor(review.result, verification.outcome), ...deniedSection(denials)].join(
      '\n',
    );
    input.emit('task-round-failed', round, lastReason, { score: review.result.total, feedback });
  }
  return {
    status: 'blocked',
    reason: `not approved after ${input.review.maxRounds} round(s): ${lastReason}`,
    rounds: input.review.maxRounds,
  };
}
