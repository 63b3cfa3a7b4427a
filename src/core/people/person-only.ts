// A person's commands — approve, reject, revise, complete, recording a manual review's scores,
// `hooks uninstall`, `mcp uninstall`, releasing another instance's claim (`release --force`),
// an `--instance`/`--role` override of `baton claude` — refuse to run for an agent. This
// is one line of the human gate (see docs/security.md): every agent baton starts runs with an
// environment that marks it as an agent, and the hooks deny these commands in an agent's Bash.
// The marker alone is not the boundary (an agent can empty its environment); it makes the honest
// path fail loudly, and the sandbox and the hooks hold the rest.
import { BatonError } from '../../errors.ts';

/**
 * Variables that mark a process as an agent's: BATON_AGENT and BATON_ROLE are set by every
 * backend baton starts; Claude Code sets CLAUDECODE (and AI_AGENT) in its Bash tool's
 * environment, Codex sets CODEX_SANDBOX* in its sandboxed commands'.
 */
export const agentMarkers = [
  'BATON_AGENT',
  'BATON_ROLE',
  'CLAUDECODE',
  'AI_AGENT',
  'CODEX_SANDBOX',
  'CODEX_SANDBOX_NETWORK_DISABLED',
] as const;

/** What every backend adds to an agent's environment, so that a person's commands refuse to run. */
export const agentEnvironment: Readonly<Record<string, string>> = { BATON_AGENT: '1' };

/** Why this environment belongs to an agent, or undefined when nothing says so. */
export function agentMarker(env: Readonly<Record<string, string | undefined>>): string | undefined {
  for (const name of agentMarkers) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') return `${name}=${value}`;
  }
  return undefined;
}

/** Throws PERSON_ONLY when an agent runs a person's command (`action`, e.g. "approve"). */
export function assertPerson(action: string, env: Readonly<Record<string, string | undefined>>): void {
  const marker = agentMarker(env);
  if (marker === undefined) return;
  throw new BatonError(
    'PERSON_ONLY',
    `${action} is a person's command, and this process is an agent's (${marker})`,
    {
      hint: 'Only a person approves, rejects, revises, completes and records review scores: run it from your own terminal.',
      data: { action, marker },
    },
  );
}
