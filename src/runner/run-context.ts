// What the parts of a run share: the plan, the backends, the settings, the book of task
// states, the event recorder and the integration branch.
import type { Backend } from '../agents/backend.ts';
import { taskInstance } from '../core/instance.ts';
import type { Plan } from '../core/plan/model.ts';
import type { Store } from '../store/store.ts';
import type { ForegroundSteps } from './foreground-steps.ts';
import type { Integration } from './integration-branch.ts';
import type { RunEventKind, RunEventRecorder, TaskEventSink } from './run-events.ts';
import type { TaskBook } from './task-book.ts';
import type { TaskSlots } from './task-slots.ts';
import type { UsageAccounting } from './usage-accounting.ts';
import type { WorktreeSupply } from './worktree-supply.ts';

export interface ReviewSettings {
  maxRounds: number;
  samples: number;
  threshold: number;
  weights: Readonly<Record<string, number>>;
}

export interface RunSettings {
  concurrency: number;
  worktreesRoot: string;
  setup: readonly string[];
  link: readonly string[];
  heartbeatMs: number;
  verifyTimeoutMs: number;
  claimTtlMs: number;
  review: ReviewSettings;
}

/** The run's cost accounting (usage-accounting.ts), handed down as one object. */
export type RunAccounting = Pick<UsageAccounting, 'onUsage' | 'beforeCall' | 'beforeTask'>;

export interface RunContext {
  repositoryRoot: string;
  planId: string;
  plan: Plan;
  /** The plan's file (absolute): an executor that changes it fails its round (round-guard.ts). */
  planFile: string;
  store: Store;
  executor: Backend;
  reviewer: Backend;
  settings: RunSettings;
  book: TaskBook;
  events: RunEventRecorder;
  integration: Integration;
  /** Worktrees made ahead of their tasks. */
  worktrees: WorktreeSupply;
  /** Executor launches and merges in progress: worktrees made ahead wait for them. */
  foreground: ForegroundSteps;
  /** The concurrency slots; set by the scheduling loop for the tasks it starts. */
  slots?: TaskSlots;
  /** Who the run acts as in events and the pool. */
  instance: string;
  signal: AbortSignal;
  /** Cost: usage recorded, the budget asked before every call and before a task starts. */
  accounting?: RunAccounting;
  /** The runner holding the plan's lease. */
  runnerId: string;
  /** Background removals of merged tasks' worktrees; awaited before the run ends. */
  cleanups: Array<Promise<void>>;
  /**
   * Stops the run; the reason (and code) go in the summary. With `abort` (the default: Ctrl-C, a
   * lost lease) tasks in flight are stopped too; without it (the budget) no new task starts and
   * those in flight finish.
   */
  stopRun(reason: string, code?: string, abort?: boolean): void;
  /** Whether the run has been told to stop (start nothing new). */
  isStopping(): boolean;
}

/**
 * What landing submitted work needs of a run (verify, scope and merge steps): a run lands a
 * person's submission, and the MCP server's `tasks done` lands an agent's outside a run
 * (src/runner/handed-task.ts).
 */
export type LandingContext = Pick<
  RunContext,
  | 'repositoryRoot'
  | 'store'
  | 'planId'
  | 'plan'
  | 'book'
  | 'events'
  | 'integration'
  | 'settings'
  | 'instance'
  | 'runnerId'
  | 'signal'
  | 'slots'
  | 'cleanups'
  | 'foreground'
>;

/** The claim holder for one task: tasks are kept apart from each other, and from people, by it. */
export const taskClaimInstance = (planId: string, taskId: string): string => taskInstance(planId, taskId);

/** A task's event sink, bound once: what its rounds and steps record through. */
export function taskEvents(context: Pick<RunContext, 'events' | 'planId'>, taskId: string): TaskEventSink {
  return (kind, message, data, round) => emitTaskEvent(context, kind, taskId, message, data, round);
}

export function emitTaskEvent(
  context: Pick<RunContext, 'events' | 'planId'>,
  kind: RunEventKind,
  taskId: string,
  message: string,
  data?: Record<string, unknown>,
  round?: number,
): void {
  context.events.emit({ kind, planId: context.planId, taskId, round, message, data });
}
