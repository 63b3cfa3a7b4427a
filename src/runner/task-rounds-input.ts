// What the rounds of one task are given (task-rounds.ts and the round's parts, executor-round.ts
// and review-round.ts, read it): the task in its worktree, the backends, the review settings, and
// the run's hooks bound to the task.
import type { Backend, RoleCalls } from '../agents/backend.ts';
import type { Plan, PlanTask } from '../core/plan/model.ts';
import type { StartedProcess } from '../workspace/process-group.ts';
import type { RoundDenial } from './round-denials.ts';
import type { RoundGuardSettings } from './round-guard.ts';
import type { ReviewSettings } from './run-context.ts';
import type { TaskEventSink } from './run-events.ts';

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
   * The rest of the repository, watched around each executor round (the main checkout, the
   * shared git directory's config, hooks and info, refs, baton's config and the plan): a change
   * there fails the round. See round-guard.ts.
   */
  guard?: RoundGuardSettings;
  /** The executor's process group, as it starts (undefined once it has ended). */
  onProcess?: (started: StartedProcess | undefined) => void;
  /**
   * The executor is under way: its process has started, or it was called if it runs as no
   * process of its own (Backend.runsAsProcess). The runner's background work waits for it
   * (foreground-steps.ts).
   */
  executorUnderWay?: () => void;
  /**
   * What each role's calls carry, built once for the task: the task's own instances
   * (`run.<plan>.<task>`, `….review`) with their session binding, the run's signal, usage sink,
   * budget check and refusal recorder.
   */
  calls: Record<'executor' | 'reviewer', RoleCalls>;
  /** What baton refused a role's sessions since `since` (epoch ms), in `round`: round-denials.ts. */
  denials?: (role: 'executor' | 'reviewer', since: number, round: number) => Promise<RoundDenial[]>;
  signal: AbortSignal;
  setState(state: 'running' | 'verifying' | 'reviewing', round: number): Promise<void>;
  /** Records one of the task's events (taskEvents in run-context.ts). */
  emit: TaskEventSink;
}
