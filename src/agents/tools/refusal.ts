// A tool that will not do what it was asked answers with a refusal instead of throwing: the
// model reads it as the tool's result and can correct itself, and the toolset reports it to
// the caller (which records it as a `tool-refused` event).

export type ToolRefusalCode =
  // The rules of the sandbox and of the role: a model breaking them is worth an audit trail.
  | 'PATH_ESCAPES'
  | 'GIT_DIR'
  | 'NOT_PERMITTED'
  | 'OUTSIDE_TASK_FILES'
  | 'NOT_A_VERIFY_COMMAND'
  | 'NOT_THE_PLAN_PATH'
  // Requests that cannot be carried out as asked: the model should change the request.
  | 'UNKNOWN_TOOL'
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'NOT_A_FILE'
  | 'NOT_A_DIRECTORY'
  | 'NOT_TEXT'
  | 'TOO_LARGE'
  | 'EDIT_NO_MATCH'
  | 'EDIT_NOT_UNIQUE'
  | 'ALREADY_ENDED'
  | 'IO_FAILED';

const ruleCodes: ReadonlySet<ToolRefusalCode> = new Set([
  'PATH_ESCAPES',
  'GIT_DIR',
  'NOT_PERMITTED',
  'OUTSIDE_TASK_FILES',
  'NOT_A_VERIFY_COMMAND',
  'NOT_THE_PLAN_PATH',
]);

export interface ToolRefusal {
  /** Always true: what tells a refusal from a tool's normal answer. */
  refused: true;
  /** The tool that refused (or the unknown name the model called). */
  tool: string;
  code: ToolRefusalCode;
  /** For the model: what was wrong and what to do instead. */
  message: string;
  /** The path as the model wrote it, when the refusal is about a path. */
  path?: string;
  /** The command as the model wrote it, when the refusal is about a command. */
  command?: string;
}

/** A refusal before the toolset has stamped the tool's name on it. */
export type RefusalDraft = Omit<ToolRefusal, 'tool'>;

export function refuse(
  code: ToolRefusalCode,
  message: string,
  details: { path?: string; command?: string } = {},
): RefusalDraft {
  return { refused: true, code, message, ...details };
}

export function isToolRefusal(value: unknown): value is ToolRefusal {
  return typeof value === 'object' && value !== null && (value as { refused?: unknown }).refused === true;
}

/** For a tool's implementation, whose answers are refusal drafts until the toolset stamps them. */
export function isRefusalDraft(value: unknown): value is RefusalDraft {
  return isToolRefusal(value);
}

/** True when the refusal is a breach of the sandbox or the role, not a request gone wrong. */
export function breaksARule(refusal: Pick<ToolRefusal, 'code'>): boolean {
  return ruleCodes.has(refusal.code);
}
