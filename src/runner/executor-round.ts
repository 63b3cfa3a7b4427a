// The executor's part of a round: its BUILD file (and the feedback of the round before), the
// executor's work watched from outside (the main checkout, the shared git directory, refs,
// baton's config and the plan), what baton refused it meanwhile, and its work committed.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ExecuteOutcome } from '../agents/backend.ts';
import { buildFileName, renderBuildFile } from '../core/handoff/build-file.ts';
import { isGlob } from '../core/paths/glob.ts';
import type { PlanTask } from '../core/plan/model.ts';
import { type CommittedChanges, commitAndDiff } from '../workspace/scope-check.ts';
import { reportDenials } from './round-denials.ts';
import { startRoundGuard } from './round-guard.ts';
import type { TaskRoundsInput } from './task-rounds-input.ts';
import { throwIfAborted } from './task-steps.ts';

export interface ExecutorRound {
  outcome: ExecuteOutcome;
  /** What changed outside the worktree while the executor worked (named, some of it undone). */
  outsideWorktree: string[];
  /** What baton refused the executor during the round, one line each. */
  denials: string[];
  /** The round's work, committed, and everything the task changed since it started; not when blocked. */
  changes: CommittedChanges | undefined;
}

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

/** The round's BUILD file and, when there is feedback, its FEEDBACK file. */
function writeHandoffFiles(
  input: TaskRoundsInput,
  round: number,
  feedback: string | undefined,
): { buildFile: string; feedbackFile?: string } {
  const { task } = input;
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
  if (feedback === undefined) return { buildFile };
  const feedbackFile = path.join(input.handoffDirectory, `FEEDBACK_${task.id}_round${round}.md`);
  writeFileSync(feedbackFile, feedback);
  return { buildFile, feedbackFile };
}

export async function executorRound(
  input: TaskRoundsInput,
  round: number,
  feedback: string | undefined,
): Promise<ExecutorRound> {
  const files = writeHandoffFiles(input, round, feedback);
  input.calls.executor.beforeModelCall?.();
  const executorStarted = Date.now();
  // The rest of the repository is watched around the executor's work (round-guard.ts).
  const roundGuard = input.guard ? await startRoundGuard(input.guard) : undefined;
  const executing = input.executor.execute!({
    planId: input.planId,
    plan: input.plan,
    task: input.task,
    workdir: input.worktree,
    ...files,
    round,
    ...input.calls.executor,
    onProcess: (started) => {
      input.executorUnderWay?.();
      input.onProcess?.(started);
    },
  });
  if (!input.executor.runsAsProcess) input.executorUnderWay?.();
  const outcome = await executing;
  input.onProcess?.(undefined);
  throwIfAborted(input.signal);
  // What changed outside the worktree (the main checkout and git directory named; refs, baton's
  // config and the plan also undone), what baton refused, and the work committed: side by side,
  // as none of them touches what the others read.
  const [outsideWorktree, denials, changes] = await Promise.all([
    roundGuard?.finish() ?? [],
    reportDenials(input, 'executor', executorStarted, round),
    // Committed and diffed at once, before verification (which may leave files of its own).
    outcome.status === 'blocked'
      ? undefined
      : commitAndDiff(
          input.worktree,
          `baton: ${input.task.id} round ${round}: ${input.task.title}`,
          input.startCommit,
          input.excluded,
        ),
  ]);
  return { outcome, outsideWorktree, denials, changes };
}
