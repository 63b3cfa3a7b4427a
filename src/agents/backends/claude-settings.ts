// baton's hooks and Bash sandbox for a Claude Code session, passed with `--settings <json>`, so
// a role is enforced in any directory (a fresh task worktree has no .claude/settings.json).
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
import { claudeSandboxAvailability } from '../../workspace/sandbox/availability.ts';
import { decideConfinement, type SandboxPolicy } from '../../workspace/sandbox/confinement.ts';
import { everythingBut, protectedPaths } from '../../workspace/sandbox/protected-paths.ts';
import type { Role } from '../backend.ts';

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

export interface ClaudeSandboxOptions {
  /** The session's role; undefined for a person's own session (`baton claude` without --role). */
  role: Role | undefined;
  /** Where Claude Code runs (its Bash may write there unless denied below). */
  cwd: string;
  repositoryRoot: string;
  /** The store's URL: a SQLite file is denied with its -wal/-shm. */
  storeUrl?: string;
  /** Whether baton decided this session is confined (decideConfinement): no fallback then. */
  confined: boolean;
  /** More paths its Bash may not write (files other instances hold when the session starts). */
  alsoDenied?: readonly string[];
}

/** Where the role's Bash may not write, as absolute paths (deny wins over Claude Code's allows). */
export function claudeDenyWrite(options: Omit<ClaudeSandboxOptions, 'confined'>): string[] {
  const cwd = path.resolve(options.cwd);
  const repositoryRoot = path.resolve(options.repositoryRoot);
  const denied = new Set(protectedPaths({ repositoryRoot, workdir: cwd, storeUrl: options.storeUrl }));
  if (options.role === 'planner' || options.role === 'reviewer') {
    // Read-only everywhere in the checkout: the planner's plan goes through the Write tool.
    denied.add(repositoryRoot);
    denied.add(cwd);
  } else {
    // The executor (or a person's session) writes its own folder only: never the main checkout
    // when it works in a worktree.
    for (const entry of everythingBut(repositoryRoot, cwd)) denied.add(entry);
  }
  for (const entry of options.alsoDenied ?? []) denied.add(entry);
  return [...denied];
}

/**
 * Claude Code's Bash sandbox for a role: every command and its children confined, no way to
 * retry one unsandboxed, and the role's write rules. Bash only: Write/Edit stay with the hooks.
 */
export function claudeSandboxSettings(options: ClaudeSandboxOptions): Record<string, unknown> {
  return {
    sandbox: {
      enabled: true,
      // Where baton found the sandbox available, a failure to start it is an error, never a
      // quiet unsandboxed run; under `auto` on a machine without it, Claude Code tries anyway.
      failIfUnavailable: options.confined,
      allowUnsandboxedCommands: false,
      autoAllowBashIfSandboxed: true,
      filesystem: { denyWrite: claudeDenyWrite(options) },
    },
  };
}

/** confined; best-effort (`auto` on a machine without the sandbox: warned); off. */
export type ClaudeSandboxState = 'confined' | 'best-effort' | 'off';

/** Decides once per backend (or session) and warns or refuses as the setting says. */
export function claudeSandboxState(
  policy: SandboxPolicy,
  subject: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ClaudeSandboxState {
  if (policy.mode === 'off') return 'off';
  return decideConfinement(policy, claudeSandboxAvailability(env), subject) ? 'confined' : 'best-effort';
}

export interface ClaudeSessionOptions extends Omit<ClaudeSandboxOptions, 'confined'> {
  /** What claudeSandboxState decided. */
  sandbox: ClaudeSandboxState;
  /** The HOME whose ~/.claude/settings.json may already carry baton's hooks. */
  home: string;
}

/**
 * The `--settings` JSON of a session baton starts: its hooks (unless a settings file Claude Code
 * reads here has them already) and its sandbox; undefined when there is nothing to pass.
 */
export function claudeSessionSettings(options: ClaudeSessionOptions): string | undefined {
  const settings: Record<string, unknown> = {
    // Where baton's hooks are installed already, passing them again would run them twice.
    ...(batonHooksInstalled(options.cwd, options.home) ? {} : claudeHookSettings()),
    ...(options.sandbox === 'off'
      ? {}
      : claudeSandboxSettings({ ...options, confined: options.sandbox === 'confined' })),
  };
  return Object.keys(settings).length === 0 ? undefined : JSON.stringify(settings);
}
