// A runner's instance is accepted only from the session baton started for it. `baton run` starts
// each executor and reviewer session as the task's own instance (`run.<plan>.<task>`, `….review`)
// with a session id it chose and bound to that instance in the store before the session started
// (src/store/session-bindings.ts). A hook that sees an instance named `run.…` checks the
// payload's session_id against that binding: any other session (a person's window, an agent
// that set BATON_INSTANCE=run.p.t itself) may not act as it — no claims, no pool entries, and
// every tool use PreToolUse decides is denied with the reason. A binding that cannot be read is
// a refusal too: this check fails closed.

import { denyToolUse, type HookResult } from '../../claude-code/hook-answers.ts';
import { bashCommand, editedFilePath, type HookPayload } from '../../claude-code/hook-payload.ts';
import { isRunInstance } from '../../core/instance.ts';
import type { BoundSession } from './edit-gate.ts';
import type { HookContext } from './hook-context.ts';

export const instanceDeniedEventKind = 'instance-denied';

/**
 * Holds the context's instance to its binding. When this session may not act as it, the context
 * goes on without an instance and keeps why (`instanceRefusal`).
 */
export async function holdInstanceToItsSession(payload: HookPayload, context: HookContext): Promise<void> {
  const instance = context.instance;
  if (instance === undefined || !isRunInstance(instance)) return;
  const checked = await check(instance, payload.sessionId, context);
  if ('binding' in checked) {
    recordForTheTask(context, checked.binding);
    return;
  }
  const { reason } = checked;
  context.instance = undefined;
  context.instanceRefusal = { instance, reason };
  context.notes.push(`baton: ${reason}`);
}

async function check(
  instance: string,
  sessionId: string | undefined,
  context: HookContext,
): Promise<{ binding: BoundSession } | { reason: string }> {
  let binding: BoundSession | undefined;
  try {
    binding = await (await context.editGate()).sessionBinding(instance);
  } catch (error) {
    return {
      reason: `instance ${instance} could not be checked against the session baton started for it (${(error as Error).message}), so this session may not act as it`,
    };
  }
  const session = sessionId ? `session ${sessionId}` : 'a session without an id';
  if (binding === undefined)
    return {
      reason: `instance ${instance} belongs to the sessions baton run starts, and none is running for it now; ${session} may not act as it`,
    };
  if (sessionId !== binding.sessionId)
    return {
      reason: `instance ${instance} belongs to the session baton started for it; ${session} may not act as it`,
    };
  return { binding };
}

/**
 * The events a bound session's hooks record (denials above all) name the plan and task it works
 * on, so `baton events --plan … --task …` finds them.
 */
function recordForTheTask(context: HookContext, binding: BoundSession): void {
  const openGate = context.editGate;
  context.editGate = async () => {
    const gate = await openGate();
    return {
      ...gate,
      recordEvent: (event) => gate.recordEvent({ planId: binding.planId, taskId: binding.taskId, ...event }),
    };
  };
}

/** PreToolUse in a session refused its instance: the tool use is denied, and the denial recorded. */
export async function denyForRefusedInstance(
  payload: HookPayload,
  context: HookContext,
): Promise<HookResult> {
  const refused = context.instanceRefusal!;
  const decision = denyToolUse(
    `baton: ${refused.reason}. Unset BATON_INSTANCE (and CLAUDE_INSTANCE) or choose an id of your own.`,
  );
  context.decision = decision;
  const path = editedFilePath(payload);
  const command = bashCommand(payload);
  try {
    const gate = await context.editGate();
    await gate.recordEvent({
      kind: instanceDeniedEventKind,
      instance: null,
      data: {
        instance: refused.instance,
        session: payload.sessionId ?? null,
        tool: payload.toolName ?? null,
        ...(path !== undefined ? { path } : {}),
        ...(command !== undefined ? { command } : {}),
        reason: refused.reason,
      },
    });
  } catch (error) {
    const { logHookProblem } = await import('./hook-log.ts');
    logHookProblem(
      context.repositoryRoot,
      'pre-tool-use',
      `${instanceDeniedEventKind} event not recorded (the tool use is denied all the same): ${(error as Error).message}`,
    );
  }
  return decision;
}
