// The human gate in a hooked session's Bash: every Claude Code session with baton's hooks, with
// or without a role, is an agent, so its Bash may not run a person's command, act for another
// instance or touch the variables that say who it is (core/people/agent-bash.ts decides; this
// file hands it the paths of this installation).
import path from 'node:path';
import { agentBashProblem } from '../../core/people/agent-bash.ts';
import { batonBinPath } from '../../installation.ts';

let installed: string[] | undefined;

/** This installation's bin/baton.js and its folder: naming them names baton. */
function batonPaths(): string[] {
  if (installed !== undefined) return installed;
  try {
    const bin = batonBinPath();
    installed = [bin, path.dirname(bin)];
  } catch {
    installed = [];
  }
  return installed;
}

/** Why the agent may not run `command` (a sentence without the "baton:" prefix), or undefined. */
export function personGateProblem(command: string): string | undefined {
  return agentBashProblem(command, { batonPaths: batonPaths() });
}
