// `baton claude`: an interactive Claude Code session started the way baton starts its agents —
// baton's hooks and the Bash sandbox of its role passed with --settings, the role, instance and
// plan in its environment, and BATON_AGENT set, because whatever runs inside it is an agent's
// (a person's commands refuse to run there). The terminal is handed over; the exit code is
// Claude Code's.
import { spawn } from 'node:child_process';
import { homedir } from 'node:os';
import { BatonError } from '../../errors.ts';
import type { SandboxPolicy } from '../../workspace/sandbox/confinement.ts';
import type { Role } from '../backend.ts';
import { claudeSandboxState, claudeSessionSettings } from './claude-settings.ts';

export interface ClaudeSessionStart {
  role: Role | undefined;
  instance: string | undefined;
  plan: string | undefined;
  cwd: string;
  repositoryRoot: string;
  policy: SandboxPolicy;
  /** The Claude Code executable. */
  command: string;
  /** Passed on to Claude Code after baton's own. */
  args: readonly string[];
  env?: Readonly<Record<string, string | undefined>>;
  /** Files other instances hold exclusively now: read-only to this session's Bash. */
  claimedByOthers?: readonly string[];
}

/** What would be started (for --dry-run and tests): the arguments and the added environment. */
export function claudeSessionCommand(start: ClaudeSessionStart): {
  args: string[];
  env: Record<string, string>;
} {
  const env = start.env ?? process.env;
  const subject = `this Claude Code session${start.role ? ` (${start.role})` : ''}`;
  const sandbox = claudeSandboxState(start.policy, subject, env);
  const settings = claudeSessionSettings({
    role: start.role,
    cwd: start.cwd,
    repositoryRoot: start.repositoryRoot,
    ...(start.policy.storeUrl ? { storeUrl: start.policy.storeUrl } : {}),
    sandbox,
    home: env.HOME ?? homedir(),
    ...(start.claimedByOthers ? { alsoDenied: start.claimedByOthers } : {}),
  });
  return {
    args: [...(settings ? ['--settings', settings] : []), ...start.args],
    env: {
      BATON_AGENT: 'claude-code',
      ...(start.role ? { BATON_ROLE: start.role } : {}),
      ...(start.instance ? { BATON_INSTANCE: start.instance } : {}),
      ...(start.plan ? { BATON_PLAN: start.plan } : {}),
    },
  };
}

/** Runs the session in this terminal; resolves with Claude Code's exit code. */
export function startClaudeSession(start: ClaudeSessionStart): Promise<number> {
  const { args, env } = claudeSessionCommand(start);
  return new Promise((resolve, reject) => {
    const child = spawn(start.command, args, {
      cwd: start.cwd,
      env: { ...(start.env ?? process.env), ...env },
      stdio: 'inherit',
    });
    child.on('error', (error) => {
      reject(
        new BatonError('BACKEND_UNAVAILABLE', `could not start ${start.command}: ${error.message}`, {
          hint: 'Install Claude Code (npm install -g @anthropic-ai/claude-code) or name it with --claude <path>.',
        }),
      );
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}
