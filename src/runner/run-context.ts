// What the parts of a run share: the plan, the backends, the settings, the book of task
// states, the event recorder and the integration branch.
import type { Backend, UsageSink } from '../agents/backend.ts';
import type { Plan } from '../core/plan/model.ts';
import type { Store } from '../store/store.ts';
import type { Integration } from './integration.ts';
import type { RunEventKind, RunEventRecorder } from './run-events.ts';
import type { TaskBook } from './task-book.ts';
import type { ReviewSettings } from './task-rounds.ts';
import type { WorktreeSupply } from './worktree-supply.ts';

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

export interface RunContext {
  repositoryRoot: string;
  planId: string;
  plan: Plan;
  store: Store;
  executor: Backend;
  reviewer: Backend;
  settings: RunSettings;
  book: TaskBook;
  events: RunEventRecorder;
  integration: Integration;
  /** Worktrees made ahead of their tasks. */
  worktrees: WorktreeSupply;
  /** Who the run acts as in events and the pool. */
  instance: string;
  signal: AbortSignal;
  onUsage?: (role: 'executor' | 'reviewer', taskId: string) => UsageSink | undefined;
  /** Before every backend call (and before a task starts): throws to stop the run (the budget). */
  beforeCall?: (role: 'executor' | 'reviewer') => void;
  /** Background removals of merged tasks' worktrees; awaited before the run ends. */
  cleanups: Array<Promise<void>>;
  /** Stops the whole run, e.g. when the budget is spent; the reason (and code) go in the summary. */
  stopRun(reason: string, code?: string): void;
}

/** The claim holder for one task: tasks are kept apart from each other, and from people, by it. */
export const taskClaimInstance = (planId: string, taskId: string): string => `run.${planId}.${taskId}`;

export function emitTaskEvent(
  context: RunContext,
  kind: RunEventKind,
  taskId: string,
  message: string,
  data?: Record<string, unknown>,
  round?: number,
): void {
  context.events.emit({ kind, planId: context.planId, taskId, round, message, data });
}
