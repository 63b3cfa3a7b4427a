// Every refusal is an event (issue 4): who was refused what, and why, in the one history the
// pool and the run reports read.
import { isEscapingPath } from '../../core/paths/repository-path.ts';
import { appendEvent, type StoredEvent } from '../../store/event-log.ts';
import type { Store } from '../../store/store.ts';
import type { Role } from './permissions.ts';
import { breaksARule, type ToolRefusal } from './refusal.ts';

export interface RefusalContext {
  role: Role;
  instance?: string | null;
  planId?: string | null;
  taskId?: string | null;
}

export const toolRefusedEventKind = 'tool-refused';

/** Appends a `tool-refused` event for one refusal. */
export function recordToolRefusal(
  store: Store,
  refusal: ToolRefusal,
  context: RefusalContext,
): Promise<StoredEvent> {
  // Only paths inside the repository belong in `affects` (they are what claims and the pool
  // are searched by); an escaping path stays in the data, where it is evidence.
  const affects = refusal.path !== undefined && !isEscapingPath(refusal.path) ? [refusal.path] : [];
  return appendEvent(store, {
    kind: toolRefusedEventKind,
    instance: context.instance ?? null,
    planId: context.planId ?? null,
    taskId: context.taskId ?? null,
    summary: `${context.role} ${refusal.tool}: ${refusal.message}`,
    affects,
    data: {
      role: context.role,
      tool: refusal.tool,
      code: refusal.code,
      message: refusal.message,
      breaksRule: breaksARule(refusal),
      ...(refusal.path !== undefined ? { path: refusal.path } : {}),
      ...(refusal.command !== undefined ? { command: refusal.command } : {}),
    },
  });
}

/** An onRefusal callback for createToolset that records each refusal. */
export function refusalRecorder(
  store: Store,
  context: RefusalContext,
): (refusal: ToolRefusal) => Promise<void> {
  return async (refusal) => {
    await recordToolRefusal(store, refusal, context);
  };
}
