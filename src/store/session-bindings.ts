// The session baton started for a runner's instance. `baton run` starts each executor and
// reviewer session as the task's own instance (`run.<plan>.<task>`, `….review`) and, before the
// session starts, binds that instance to the session id it gives Claude Code (`--session-id`).
// The hooks accept such an instance only from that session, so no other session can borrow the
// task's claims by setting BATON_INSTANCE. A round's new session replaces the binding; the task's
// end removes it (an instance `run.…` without a binding is refused all the same).
import type { Store } from './store.ts';

export interface SessionBinding {
  instance: string;
  sessionId: string;
  planId: string | null;
  taskId: string | null;
  role: string | null;
  boundAt: number;
}

export interface NewSessionBinding {
  instance: string;
  sessionId: string;
  planId?: string | null;
  taskId?: string | null;
  role?: string | null;
  now?: number;
}

/** Binds `instance` to `sessionId`, replacing any earlier binding of that instance. */
export async function bindSession(store: Store, binding: NewSessionBinding): Promise<void> {
  const row = {
    session_id: binding.sessionId,
    plan_id: binding.planId ?? null,
    task_id: binding.taskId ?? null,
    role: binding.role ?? null,
    bound_at: binding.now ?? Date.now(),
  };
  await store.db
    .insertInto('session_bindings')
    .values({ project: store.project, instance: binding.instance, ...row })
    .onConflict((conflict) => conflict.columns(['project', 'instance']).doUpdateSet(row))
    .execute();
}

/** The binding of `instance`, or undefined when it has none. */
export async function findSessionBinding(
  store: Store,
  instance: string,
): Promise<SessionBinding | undefined> {
  const row = await store.db
    .selectFrom('session_bindings')
    .selectAll()
    .where('project', '=', store.project)
    .where('instance', '=', instance)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    instance: row.instance,
    sessionId: row.session_id,
    planId: row.plan_id,
    taskId: row.task_id,
    role: row.role,
    boundAt: Number(row.bound_at),
  };
}

/** Removes the bindings of these instances (a task that ended). */
export async function releaseSessionBindings(store: Store, instances: readonly string[]): Promise<void> {
  if (instances.length === 0) return;
  await store.db
    .deleteFrom('session_bindings')
    .where('project', '=', store.project)
    .where('instance', 'in', instances)
    .execute();
}
