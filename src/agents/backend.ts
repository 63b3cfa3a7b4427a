// What a backend is: something that does a role's work. The runner and the commands talk to
// this interface only; src/agents/backends/ holds the implementations (a model through the AI
// SDK, Claude Code, Codex, any command, a person). Every call takes an AbortSignal so Ctrl-C
// stops work in flight, and reports the usage it caused so cost can be accounted.
import type { Plan, PlanTask } from '../core/plan/model.ts';
import type { VerificationResult } from '../core/review/verify-results.ts';
import type { StartedProcess } from '../workspace/process-group.ts';
import type { ToolRefusal } from './tools/refusal.ts';

export const roles = ['planner', 'executor', 'reviewer'] as const;
export type Role = (typeof roles)[number];

export const backendKinds = ['model', 'claude-code', 'codex', 'command', 'manual'] as const;
export type BackendKind = (typeof backendKinds)[number];

/** Tokens and cost of one or more model calls. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** Dollars, when known (a CLI's own report, or the price table). */
  costUsd?: number;
  /** The model that was used, e.g. `anthropic:claude-sonnet-4-5`. */
  model?: string;
}

/** Records usage as it happens (the store's usage table); backends call it after each model call. */
export type UsageSink = (usage: Usage) => void | Promise<void>;

/**
 * What a caller may hook into a backend that makes many model and tool calls inside one
 * execute/review/plan (the `model` backend): only the caller can check the budget between calls
 * or record a refusal in its store (one connection per process: a backend never opens a store
 * of its own). Backends that run an agent CLI or a command ignore these.
 */
export interface CallHooks {
  /** Before every model call; throwing (BUDGET_EXCEEDED) stops the work before that call. */
  beforeModelCall?: () => void | Promise<void>;
  /** Every tool refusal, before the model is answered with it (record it: refusalRecorder). */
  onRefusal?: (refusal: ToolRefusal) => void | Promise<void>;
  /**
   * The process group a backend started for this call (its leader's pid), as soon as it starts:
   * a runner records it, so a runner taking over after a crash can end what the dead one left.
   */
  onProcess?: (started: StartedProcess) => void;
  /**
   * Before an agent session starts under the request's instance, with the session id the backend
   * gives it (Claude Code's `--session-id`): the caller records that this session is the one
   * baton started for that instance (the hooks accept the instance only from it). A failure
   * stops the call before the session starts.
   */
  bindSession?: (sessionId: string) => Promise<void>;
}

/**
 * What every call of one role carries besides its work: the instance it acts as, the caller's
 * signal and usage sink, and its hooks. A caller builds it once per role and hands it down as it
 * is; a request is the work spread with it.
 */
export interface RoleCalls extends Pick<CallHooks, 'onRefusal' | 'bindSession'> {
  instance?: string;
  signal: AbortSignal;
  onUsage?: UsageSink;
  /** Before every call (the budget's check): throwing BUDGET_EXCEEDED stops the work. */
  beforeModelCall?: () => void;
}

export interface ExecuteRequest extends CallHooks {
  planId: string;
  plan: Plan;
  task: PlanTask;
  /** The task's worktree: the only place the executor may write, and only its declared files. */
  workdir: string;
  /** The task's self-contained instructions (BUILD_<task>.md), already written. */
  buildFile: string;
  /** From the second round on: what failed and what the reviewer asked for. */
  feedbackFile?: string;
  round: number;
  instance?: string;
  signal: AbortSignal;
  onUsage?: UsageSink;
}

export type ExecuteOutcome =
  | { status: 'finished'; summary?: string }
  | { status: 'blocked'; reason: string }
  | { status: 'failed'; reason: string };

export interface ReviewRequest extends CallHooks {
  planId: string;
  plan: Plan;
  task: PlanTask;
  /** Unified diff of the task's changes against where its branch started. */
  diff: string;
  verification: VerificationResult[];
  /** Where the reviewer may read (the task's worktree, or the repository). */
  workdir: string;
  instance?: string;
  signal: AbortSignal;
  onUsage?: UsageSink;
  /**
   * Set on the one retry after an answer that could not be read: that answer and what was
   * wrong with it (formatReviewDiagnostics), so the judge can correct itself.
   */
  previousAnswer?: { text: string; problems: string };
}

/** One judge sample: the judge's raw answer, parsed and scored by src/core/review/. */
export interface ReviewSample {
  text: string;
}

export interface PlanRequest extends CallHooks {
  request: string;
  planId: string;
  repositoryRoot: string;
  /** Answers to interview questions, or assumptions to state when there is no interview. */
  answers?: Array<{ question: string; answer: string }>;
  /** Lint errors of the previous attempt, for another round. */
  lintFeedback?: string;
  signal: AbortSignal;
  onUsage?: UsageSink;
}

export interface Backend {
  readonly kind: BackendKind;
  /** Human-readable, e.g. `model anthropic:claude-sonnet-4-5` or `command ./build.sh`. */
  readonly description: string;
  /**
   * Its calls run the agent as a process of its own, reported through `onProcess` as it starts
   * (an agent CLI, a command): until then the call is still being launched. Otherwise (a model
   * through its API, a person) the agent is under way as soon as it is called.
   */
  readonly runsAsProcess?: boolean;
  execute?(request: ExecuteRequest): Promise<ExecuteOutcome>;
  review?(request: ReviewRequest): Promise<ReviewSample>;
  /** Returns the plan's Markdown. */
  plan?(request: PlanRequest): Promise<string>;
}
