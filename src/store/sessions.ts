// When each instance last started a session: the SessionStart digest shows pool entries since then.
import type { Store } from './store.ts';
import { withTableLock } from './store.ts';

/** Records that `instance` starts a session at `now`; returns when its previous session started. */
export async function recordSessionStart(
  store: Store,
  instance: string,
  now: number = Date.now(),
): Promise<number | undefined> {
  return withTableLock(store, 'instance_sessions', async (transaction) => {
    const previous = await transaction
      .selectFrom('instance_sessions')
      .select('last_session_at')
      .where('project', '=', store.project)
      .where('instance', '=', instance)
      .executeTakeFirst();
    await transaction
      .insertInto('instance_sessions')
      .values({ project: store.project, instance, last_session_at: now })
      .onConflict((conflict) =>
        conflict.columns(['project', 'instance']).doUpdateSet({ last_session_at: now }),
      )
      .execute();
    return previous === undefined ? undefined : Number(previous.last_session_at);
  });
}

/** When `instance` last started a session, without recording a new one. */
export async function lastSessionStart(store: Store, instance: string): Promise<number | undefined> {
  const row = await store.db
    .selectFrom('instance_sessions')
    .select('last_session_at')
    .where('project', '=', store.project)
    .where('instance', '=', instance)
    .executeTakeFirst();
  return row === undefined ? undefined : Number(row.last_session_at);
}
