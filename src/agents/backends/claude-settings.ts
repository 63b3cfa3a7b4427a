// baton's hooks and Bash sandbox for a Claude Code session, passed with `--settings <json>`, so
// a role is enforced in any directory (a fresh task worktree has no .claude/settings.json).
// The hooks are the installer's list (src/claude-code/hook-entries.ts) but UserPromptSubmit.
import path from 'node:path';
import { batonCommandPrefix } from '../../claude-code/hook-command.ts';
import { hookSettings, sessionHookEntries } from '../../claude-code/hook-entries.ts';
import { batonHooksInstalled } from '../../claude-code/settings-files.ts';
import { claudeSandboxAvailability } from '../../workspace/sandbox/availability.ts';
import { decideConfinement, type SandboxPolicy } from '../../workspace/sandbox/confinement.ts';
import { everythingBut, protectedPaths } from '../../workspace/sandbox/protected-mounts.ts';
import type { Role } from '../backend.ts';

/** The `hooks` settings of a session baton starts: the installer's entries but UserPromptSubmit. */
export function claudeHookSettings(commandPrefix: string = batonCommandPrefix()): Record<string, unknown> {
  return hookSettings(sessionHookEntries, commandPrefix);
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
