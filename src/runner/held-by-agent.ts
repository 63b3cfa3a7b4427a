// A task an agent took through the MCP server (`tasks start`, src/runner/handed-task.ts) is the
// agent's until it lands with their `tasks done` or a person sends it back (`baton retry`): a run
// neither starts it again nor makes its worktree afresh, which would throw the agent's work away.
import { existsSync } from 'node:fs';

/** How a hand-off to an agent is marked in the task's record (task_runs data). */
export const handedToAgent = { handedOff: true, via: 'mcp' } as const;

/** The instance holding the task, if an agent holds it: started, not landed, its worktree there. */
export function heldByAgent(
  state: string,
  instance: string | null,
  data: Readonly<Record<string, unknown>>,
): string | undefined {
  if (state !== 'running' && state !== 'blocked') return undefined;
  if (data.via !== handedToAgent.via || data.handedOff !== true || instance === null) return undefined;
  return typeof data.worktree === 'string' && existsSync(data.worktree) ? instance : undefined;
}
