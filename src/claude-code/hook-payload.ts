// Claude Code's hook input, read leniently: only the fields baton uses, each checked for its type,
// everything else ignored (DESIGN: data from outside is read with lenient schemas naming only the
// fields used). No zod here: this runs on every tool call and zod costs more than Node's start.
//
// What Claude Code 2.1 sends (observed by running the real CLI, see test/integrations/claude):
//   every event  session_id, transcript_path, cwd, hook_event_name, permission_mode
//   SessionStart source (startup | resume | clear | compact)
//   PreToolUse   tool_name, tool_input (file_path is absolute), tool_use_id
//   PostToolUse  tool_name, tool_input, tool_response ({stdout, stderr, interrupted} for Bash)
//   PostToolUseFailure  tool_name, tool_input, error ("Exit code 3\n…" for Bash), is_interrupt
//   Stop         stop_hook_active, last_assistant_message
//   UserPromptSubmit  prompt

export type HookEvent =
  | 'session-start'
  | 'user-prompt-submit'
  | 'pre-tool-use'
  | 'post-tool-use'
  | 'stop'
  | 'git-post-commit';

export interface HookPayload {
  sessionId: string | undefined;
  transcriptPath: string | undefined;
  cwd: string | undefined;
  /** As Claude Code names it: PreToolUse, PostToolUseFailure … */
  hookEventName: string | undefined;
  toolName: string | undefined;
  /** PreToolUse and PostToolUse of one call share it. */
  toolUseId: string | undefined;
  toolInput: Record<string, unknown>;
  toolResponse: unknown;
  /** PostToolUseFailure's error text. */
  error: string | undefined;
  stopHookActive: boolean;
  lastAssistantMessage: string | undefined;
  source: string | undefined;
  /** UserPromptSubmit: what the person typed. */
  prompt: string | undefined;
}

const eventAliases: Record<string, HookEvent> = {
  'session-start': 'session-start',
  sessionstart: 'session-start',
  'user-prompt-submit': 'user-prompt-submit',
  userpromptsubmit: 'user-prompt-submit',
  'pre-tool-use': 'pre-tool-use',
  pretooluse: 'pre-tool-use',
  'post-tool-use': 'post-tool-use',
  posttooluse: 'post-tool-use',
  'post-tool-use-failure': 'post-tool-use',
  posttoolusefailure: 'post-tool-use',
  stop: 'stop',
  'git-post-commit': 'git-post-commit',
};

/** `pre-tool-use`, `PreToolUse`, `pretooluse` → `pre-tool-use`; undefined for an unknown event. */
export function normalizeHookEvent(name: string | undefined): HookEvent | undefined {
  if (name === undefined) return undefined;
  return eventAliases[name.toLowerCase()] ?? eventAliases[name.toLowerCase().replaceAll('_', '-')];
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Reads the JSON Claude Code wrote on stdin; throws on text that is not a JSON object. */
export function parseHookPayload(raw: string): HookPayload {
  const trimmed = raw.trim();
  const value: unknown = trimmed === '' ? {} : JSON.parse(trimmed);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error('hook input is not a JSON object');
  }
  const record = value as Record<string, unknown>;
  const toolInput = record.tool_input;
  return {
    sessionId: text(record.session_id),
    transcriptPath: text(record.transcript_path),
    cwd: text(record.cwd),
    hookEventName: text(record.hook_event_name),
    toolName: text(record.tool_name),
    toolUseId: text(record.tool_use_id),
    toolInput:
      toolInput !== null && typeof toolInput === 'object' && !Array.isArray(toolInput)
        ? (toolInput as Record<string, unknown>)
        : {},
    toolResponse: record.tool_response,
    error: text(record.error),
    stopHookActive: record.stop_hook_active === true,
    lastAssistantMessage: text(record.last_assistant_message),
    source: text(record.source),
    prompt: text(record.prompt),
  };
}

/** The tools whose input names one file to write. */
export const editTools = new Set(['Edit', 'Write', 'MultiEdit', 'NotebookEdit']);

/** The file an edit tool writes: `file_path`, or `notebook_path` for NotebookEdit. */
export function editedFilePath(payload: HookPayload): string | undefined {
  return text(payload.toolInput.file_path) ?? text(payload.toolInput.notebook_path);
}

export function bashCommand(payload: HookPayload): string | undefined {
  return text(payload.toolInput.command);
}
