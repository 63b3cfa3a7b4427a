// Claude Code's side of baton's hooks: which Claude Code events call which `baton hook <event>`,
// with what matcher and time-out, and the JSON of a settings file's `hooks` object for them.
// One list for both users: the installer (src/integrations/claude/settings.ts) writes it into a
// settings file, and the claude-code backend (src/agents/backends/claude-settings.ts) passes it
// with `--settings` to every session baton starts.
import { editTools } from './hook-payload.ts';

/** Claude Code's time-out for each hook, in seconds: a backstop behind baton's own (hooks.timeout_ms). */
export const hookTimeoutSeconds = 10;

// The edit tools the handlers check, and Bash: one set, so a tool the hooks judge is never one
// Claude Code does not send them.
const editAndBash = [...editTools, 'Bash'].join('|');

export interface HookEntry {
  /** Claude Code's event name. */
  event: string;
  /** Which tools the event fires for; undefined: every occurrence. */
  matcher: string | undefined;
  /** The baton hook it runs (`baton hook <hook>`). */
  hook: string;
}

/** The hooks baton installs: Claude Code event, matcher (none: every occurrence), baton event. */
export const batonHookEntries: readonly HookEntry[] = [
  { event: 'SessionStart', matcher: undefined, hook: 'session-start' },
  // Each prompt: the instance's attention (HOT and WARM files), see handlers/user-prompt-submit.ts.
  { event: 'UserPromptSubmit', matcher: undefined, hook: 'user-prompt-submit' },
  { event: 'PreToolUse', matcher: editAndBash, hook: 'pre-tool-use' },
  { event: 'PostToolUse', matcher: editAndBash, hook: 'post-tool-use' },
  // A Bash command that exits non-zero ends in PostToolUseFailure instead: failed test runs.
  { event: 'PostToolUseFailure', matcher: 'Bash', hook: 'post-tool-use' },
  { event: 'Stop', matcher: undefined, hook: 'stop' },
];

/**
 * The hooks of a session baton starts itself: all of them but UserPromptSubmit (attention), since
 * a baton-run agent gets one prompt, which already says what it works on.
 */
export const sessionHookEntries: readonly HookEntry[] = batonHookEntries.filter(
  (entry) => entry.event !== 'UserPromptSubmit',
);

/** `<prefix> hook <hook>`: the command of one entry. */
export function hookCommand(commandPrefix: string, entry: HookEntry): string {
  return `${commandPrefix} hook ${entry.hook}`;
}

/** One entry's matcher group, as it stands in a settings file's `hooks.<event>` list. */
export function hookGroup(entry: HookEntry, commandPrefix: string): Record<string, unknown> {
  return {
    ...(entry.matcher === undefined ? {} : { matcher: entry.matcher }),
    hooks: [{ type: 'command', command: hookCommand(commandPrefix, entry), timeout: hookTimeoutSeconds }],
  };
}

/** `{ hooks: { <event>: [group, …] } }` for the given entries, in their order. */
export function hookSettings(entries: readonly HookEntry[], commandPrefix: string): Record<string, unknown> {
  const hooks: Record<string, unknown[]> = {};
  for (const entry of entries) {
    const groups = hooks[entry.event] ?? [];
    hooks[entry.event] = groups;
    groups.push(hookGroup(entry, commandPrefix));
  }
  return { hooks };
}
