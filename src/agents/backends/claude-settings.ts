// baton's hooks for a Claude Code session, passed with `--settings <json>`, so a role is
// enforced in any directory (a fresh task worktree has no .claude/settings.json).
//
// LAYERING NOTE: this repeats, in a few lines, the hook list of src/integrations/claude/
// settings.ts (`batonHookEntries`), which agents may not import (integrations is a layer
// above). If that list changes, change this one too; better, move the pure list and JSON
// building to a lower layer both can import. One deliberate difference: no UserPromptSubmit
// (attention): a baton-run agent gets one prompt, which already says what it works on.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { batonBinPath, shellQuote } from '../../installation.ts';

const editAndBash = 'Edit|Write|MultiEdit|NotebookEdit|Bash';
const hookTimeoutSeconds = 10;

const entries: ReadonlyArray<{ event: string; matcher?: string; hook: string }> = [
  { event: 'SessionStart', hook: 'session-start' },
  { event: 'PreToolUse', matcher: editAndBash, hook: 'pre-tool-use' },
  { event: 'PostToolUse', matcher: editAndBash, hook: 'post-tool-use' },
  { event: 'PostToolUseFailure', matcher: 'Bash', hook: 'post-tool-use' },
  { event: 'Stop', hook: 'stop' },
];

/** `<node> <this checkout's bin/baton.js>`: the hooks run this very baton. */
export function batonCommandPrefix(): string {
  return `${shellQuote(process.execPath)} ${shellQuote(batonBinPath())}`;
}

export function claudeHookSettings(commandPrefix: string = batonCommandPrefix()): Record<string, unknown> {
  const hooks: Record<string, unknown[]> = {};
  for (const entry of entries) {
    const groups = hooks[entry.event] ?? [];
    hooks[entry.event] = groups;
    groups.push({
      ...(entry.matcher === undefined ? {} : { matcher: entry.matcher }),
      hooks: [
        { type: 'command', command: `${commandPrefix} hook ${entry.hook}`, timeout: hookTimeoutSeconds },
      ],
    });
  }
  return { hooks };
}

const installedPattern = /baton(\.js)?["']?\s+hook\s+pre-tool-use/;

/**
 * Whether baton's PreToolUse hook is already in a settings file Claude Code reads for this
 * directory (project, local, user), so passing it again would run every hook twice.
 */
export function batonHooksInstalled(directory: string, home: string = homedir()): boolean {
  const files = [
    path.join(directory, '.claude', 'settings.json'),
    path.join(directory, '.claude', 'settings.local.json'),
    path.join(home, '.claude', 'settings.json'),
  ];
  return files.some((file) => {
    try {
      return installedPattern.test(readFileSync(file, 'utf8'));
    } catch {
      return false;
    }
  });
}
