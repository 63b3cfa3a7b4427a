// Who is calling and what they may do. The instance is fixed when the server starts (stdio) or
// by the bearer token (HTTP), never by a tool argument; the role narrows the actions, and the
// server checks them itself, whatever the client shows its model.
import type { Role } from '../../agents/backend.ts';
import type { CommandContext } from '../../commands/context.ts';
import { BatonError } from '../../errors.ts';

export type ToolName = 'plans' | 'tasks' | 'pool' | 'claims' | 'context' | 'cost' | 'events' | 'handoff';

/** Every action of every tool; `--tools all` adds the last three tools. */
export const toolActions: Record<ToolName, readonly string[]> = {
  plans: ['list', 'show', 'lint', 'write'],
  tasks: ['ready', 'start', 'progress', 'blocked', 'done'],
  pool: ['post', 'query'],
  claims: ['claim', 'release', 'list'],
  context: ['attention', 'touch'],
  cost: ['show'],
  events: ['list'],
  handoff: ['write'],
};

export const defaultTools: readonly ToolName[] = ['plans', 'tasks', 'pool', 'claims', 'context'];
export const allTools: readonly ToolName[] = [...defaultTools, 'cost', 'events', 'handoff'];

// What each role may do. Writing a plan is the planner's; starting and finishing tasks the
// executor's; a reviewer reads. Approving, rejecting and completing are nobody's here: those
// stay a person's, at a terminal.
const readPlans = ['list', 'show', 'lint'] as const;
/** Every role may read and post to the pool, keep its context, and read cost and events. */
const everyRole = {
  pool: toolActions.pool,
  context: toolActions.context,
  cost: toolActions.cost,
  events: toolActions.events,
};
/** The executor: every action but writing a plan. */
const executorActions: Partial<Record<ToolName, readonly string[]>> = { ...toolActions, plans: readPlans };
const roleActions: Record<Role, Partial<Record<ToolName, readonly string[]>>> = {
  planner: { ...everyRole, plans: toolActions.plans, tasks: ['ready'], claims: toolActions.claims },
  executor: executorActions,
  reviewer: { ...everyRole, plans: readPlans, tasks: ['ready'], claims: ['list'] },
};

/** Without a role: everything an agent may do except writing plans, which is the planner's. */
const noRoleActions = executorActions;

export interface McpSession {
  context: CommandContext;
  /** The caller's instance; state-changing calls need one. */
  instance: string | undefined;
  role: Role | undefined;
  tools: readonly ToolName[];
}

/** The actions of `tool` this session may call (empty: the tool is not offered). */
export function allowedActions(session: Pick<McpSession, 'role' | 'tools'>, tool: ToolName): string[] {
  if (!session.tools.includes(tool)) return [];
  const table = session.role === undefined ? noRoleActions : roleActions[session.role];
  return [...(table[tool] ?? [])];
}

export function assertAllowed(session: McpSession, tool: ToolName, action: string): void {
  if (allowedActions(session, tool).includes(action)) return;
  throw new BatonError(
    'TOOL_NOT_ALLOWED',
    `${tool} ${action} is not allowed ${session.role ? `for the ${session.role} role` : 'without the planner role'}`,
    { hint: 'A person starts the server with the role that may do it (baton mcp --role).' },
  );
}

/** The caller's instance, for a call that changes something. */
export function callerInstance(session: McpSession): string {
  if (session.instance !== undefined) return session.instance;
  throw new BatonError('INSTANCE_MISSING', 'this server has no instance, so it cannot change anything', {
    hint: 'Start it with BATON_INSTANCE set (or a person passes --instance); over HTTP, use a token from baton mcp token.',
  });
}
