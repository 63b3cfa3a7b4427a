// Answers in Claude Code's hook protocol (JSON on stdout, exit code 0). Verified against the
// real CLI: a PreToolUse deny reaches the model as the tool result
// "PreToolUse:Write hook error: <reason>", and SessionStart's additionalContext is added to the
// first model request.

export interface HookResult {
  /** What to print on stdout; nothing means "no decision": Claude Code goes on as usual. */
  stdout?: string;
}

export const noDecision: HookResult = {};

export function denyToolUse(reason: string): HookResult {
  return {
    stdout: JSON.stringify({
      hookSpecificOutput: {
        hookEventName: 'PreToolUse',
        permissionDecision: 'deny',
        permissionDecisionReason: reason,
      },
    }),
  };
}

export function sessionContext(additionalContext: string): HookResult {
  return {
    stdout: JSON.stringify({ hookSpecificOutput: { hookEventName: 'SessionStart', additionalContext } }),
  };
}

/** Text added to the model's context with the person's prompt (UserPromptSubmit). */
export function promptContext(additionalContext: string): HookResult {
  return {
    stdout: JSON.stringify({ hookSpecificOutput: { hookEventName: 'UserPromptSubmit', additionalContext } }),
  };
}

/** A note shown to the person (not the model); the agent is not stopped. */
export function systemMessage(message: string): HookResult {
  return { stdout: JSON.stringify({ systemMessage: message }) };
}
