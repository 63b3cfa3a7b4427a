// Typed errors with stable codes. One handler in src/cli.ts prints them; the code is what
// scripts match on, the message is for a person, the hint says what to do next.

/** Exit codes, as DESIGN.md fixes them. */
export const ExitCode = {
  ok: 0,
  /** The thing checked failed: lint errors, a blocked run, a claim held by someone else. */
  failed: 1,
  /** Bad usage: unknown flag, missing argument, a value that cannot be parsed. */
  usage: 2,
  /** The environment is missing something: no git repository, no store, no model. */
  environment: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export type BatonErrorCode =
  | 'USAGE'
  | 'NOT_A_GIT_REPO'
  | 'NOT_INITIALIZED'
  | 'CONFIG_INVALID'
  | 'CONFIG_UNREADABLE'
  | 'STORE_UNAVAILABLE'
  | 'PLAN_NOT_FOUND'
  | 'PLAN_EXISTS'
  | 'PLAN_AMBIGUOUS'
  | 'PLAN_INVALID'
  | 'PLAN_WRONG_STATE'
  | 'PLAN_CHANGED_SINCE_APPROVAL'
  | 'PLAN_NOT_APPROVED'
  | 'PLAN_TASKS_UNFINISHED'
  | 'PLAN_CONCURRENT_CHANGE'
  | 'IMPORT_FAILED'
  | 'INSTANCE_MISSING'
  | 'CLAIM_HELD'
  | 'POOL_BLOCK_INVALID'
  | 'HOOK_INPUT_INVALID'
  | 'TASK_NOT_FOUND'
  | 'BACKEND_UNAVAILABLE'
  | 'BACKEND_FAILED'
  | 'REVIEW_INVALID'
  | 'BUDGET_EXCEEDED'
  | 'RUN_IN_PROGRESS'
  | 'RUN_NOT_RUNNING'
  | 'MERGE_FAILED'
  | 'INTEGRATION_MOVED'
  | 'PERSON_ONLY'
  | 'NO_COMMITS'
  | 'BASE_NOT_FOUND'
  | 'SANDBOX_UNAVAILABLE'
  | 'TASK_NOT_BLOCKED'
  | 'TASK_NOT_MERGED'
  | 'REVIEW_NOT_WAITING'
  | 'APPROVAL_UNSIGNED'
  | 'APPROVAL_SIGNATURE_INVALID'
  | 'SIGNING_FAILED'
  | 'TOOL_NOT_ALLOWED'
  | 'TASK_NOT_READY'
  | 'MCP_UNAUTHORIZED'
  | 'INTERNAL';

export interface BatonErrorOptions {
  hint?: string;
  exitCode?: ExitCode;
  /** Documented, machine-readable detail (printed under --json). */
  data?: Record<string, unknown>;
  cause?: unknown;
}

const defaultExitCodes: Partial<Record<BatonErrorCode, ExitCode>> = {
  USAGE: ExitCode.usage,
  NOT_A_GIT_REPO: ExitCode.environment,
  NOT_INITIALIZED: ExitCode.environment,
  CONFIG_INVALID: ExitCode.environment,
  CONFIG_UNREADABLE: ExitCode.environment,
  STORE_UNAVAILABLE: ExitCode.environment,
  INSTANCE_MISSING: ExitCode.usage,
  PLAN_NOT_FOUND: ExitCode.usage,
  PLAN_AMBIGUOUS: ExitCode.usage,
  TASK_NOT_FOUND: ExitCode.usage,
  BACKEND_UNAVAILABLE: ExitCode.environment,
  PERSON_ONLY: ExitCode.failed,
  NO_COMMITS: ExitCode.environment,
  BASE_NOT_FOUND: ExitCode.environment,
  SANDBOX_UNAVAILABLE: ExitCode.environment,
  SIGNING_FAILED: ExitCode.environment,
  INTERNAL: ExitCode.failed,
};

export class BatonError extends Error {
  readonly code: BatonErrorCode;
  readonly hint: string | undefined;
  readonly exitCode: ExitCode;
  readonly data: Record<string, unknown> | undefined;

  constructor(code: BatonErrorCode, message: string, options: BatonErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BatonError';
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? defaultExitCodes[code] ?? ExitCode.failed;
    this.data = options.data;
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, hint: this.hint, data: this.data };
  }
}

export function isBatonError(value: unknown): value is BatonError {
  return value instanceof BatonError;
}
