// Cooldowns for automatic pool entries (seed 001: "5-minute cooldown on auto-updates"), per
// instance and per kind. Only automatic entries pass through here: `blocked` and hand-posted
// entries are never held back.
import { sql } from 'kysely';
import type { Store } from './store.ts';

export interface CooldownRequest {
  instance: string;
  /** The kind of automatic entry: `edited`, `tested`, `built`, `committed` … */
  kind: string;
  cooldownMs: number;
  now?: number;
}

/**
 * True when the instance may post an entry of this kind now, and records `now` as its last
 * post; false while the cooldown runs. One statement (insert, or update only when the previous
 * post is old enough, returning the row when it wrote), so two hooks racing get one true.
 */
export async function takeCooldown(store: Store, request: CooldownRequest): Promise<boolean> {
  const now = request.now ?? Date.now();
  const threshold = now - request.cooldownMs;
  const result = await sql<{ instance: string }>`
    insert into cooldowns (project, instance, kind, last_at)
    values (${store.project}, ${request.instance}, ${request.kind}, ${now})
    on conflict (project, instance, kind) do update set last_at = excluded.last_at
    where cooldowns.last_at <= ${threshold}
    returning instance`.execute(store.db);
  return result.rows.length > 0;
}

/** Forgets the last post of this kind, so the next one is not held back (the outcome changed). */
export async function clearCooldown(
  store: Store,
  request: { instance: string; kind: string },
): Promise<void> {
  await store.db
    .deleteFrom('cooldowns')
    .where('project', '=', store.project)
    .where('instance', '=', request.instance)
    .where('kind', '=', request.kind)
    .execute();
}

/** Forgets cooldowns of kinds starting with `kindPrefix` last taken before `before`. */
export async function forgetCooldowns(
  store: Store,
  request: { kindPrefix: string; before: number },
): Promise<void> {
  await store.db
    .deleteFrom('cooldowns')
    .where('project', '=', store.project)
    // substr, not LIKE: no wildcard in the prefix can widen what is deleted (both engines).
    .where(sql<string>`substr(kind, 1, ${request.kindPrefix.length})`, '=', request.kindPrefix)
    .where('last_at', '<', request.before)
    .execute();
}
