// The pool in the store: entries are events of kind `pool-posted` (hand-posted and automatic
// alike; the action tells them apart), with their paths in event_paths for --affects queries.
import { type ExpressionBuilder, type Selectable, sql } from 'kysely';
import {
  type NewPoolEntry,
  type PoolAction,
  type PoolEntry,
  poolEventKind,
  validatePoolEntry,
} from '../core/pool/entry.ts';
import { BatonError } from '../errors.ts';
import { insertEvent, type StoredEvent } from './event-log.ts';
import type { Database } from './schema.ts';
import { type Store, withTableLock } from './store.ts';
import { inTransaction } from './store-scope.ts';

export interface PoolQuery {
  /** Epoch ms: entries at or after this time. */
  since?: number;
  instance?: string;
  action?: PoolAction;
  /** A repository-relative path: entries naming it, a folder holding it, or (for a folder) a path inside it. */
  affects?: string;
  /** Case-insensitive substring of the topic. */
  topic?: string;
  planId?: string;
  /** At most this many entries (the newest); all when undefined. */
  limit?: number;
}

/**
 * Posts a batch in one transaction: all entries or none. On Postgres the events table is locked
 * while posting, so pool entries commit in id order and `tailPool` can follow them by id
 * without missing one that committed late.
 */
export async function postPoolEntries(
  store: Store,
  entries: readonly NewPoolEntry[],
): Promise<StoredEvent[]> {
  for (const entry of entries) {
    const problems = validatePoolEntry(entry);
    if (problems.length > 0) {
      throw new BatonError('POOL_BLOCK_INVALID', `pool entry not posted: ${problems.join('; ')}`);
    }
  }
  if (entries.length === 0) return [];
  const now = Date.now();
  return withTableLock(store, 'events', async (transaction) => {
    const stored: StoredEvent[] = [];
    for (const entry of entries) {
      stored.push(
        await insertEvent(inTransaction(store, transaction), {
          kind: poolEventKind,
          at: entry.at ?? now,
          instance: entry.instance,
          action: entry.action,
          topic: entry.topic.trim(),
          summary: entry.summary.trim(),
          affects: entry.affects,
          blocks: entry.blocks?.trim() || null,
          planId: entry.planId ?? null,
          taskId: entry.taskId ?? null,
          data: entry.data,
        }),
      );
    }
    return stored;
  });
}

export function toPoolEntry(event: StoredEvent): PoolEntry {
  return {
    id: event.id,
    at: event.at,
    instance: event.instance ?? '?',
    action: (event.action ?? 'note') as PoolAction,
    topic: event.topic ?? '',
    summary: event.summary ?? '',
    affects: event.affects,
    blocks: event.blocks,
    planId: event.planId,
    taskId: event.taskId,
    data: event.data,
  };
}

const poolColumns = [
  'id',
  'at',
  'instance',
  'action',
  'topic',
  'summary',
  'affects',
  'blocks',
  'plan_id',
  'task_id',
  'data',
] as const;

type PoolRow = Pick<Selectable<Database['events']>, (typeof poolColumns)[number]>;

// Straight from the row: a query may return thousands, and one object per row is what it costs.
function rowToPoolEntry(row: PoolRow): PoolEntry {
  return {
    id: Number(row.id),
    at: Number(row.at),
    instance: row.instance ?? '?',
    action: (row.action ?? 'note') as PoolAction,
    topic: row.topic ?? '',
    summary: row.summary ?? '',
    affects: row.affects ? (JSON.parse(row.affects) as string[]) : [],
    blocks: row.blocks ?? null,
    planId: row.plan_id ?? null,
    taskId: row.task_id ?? null,
    data: row.data ? (JSON.parse(row.data) as Record<string, unknown>) : {},
  };
}

/** Entries matching every filter given, newest first. */
export async function queryPool(store: Store, filters: PoolQuery = {}): Promise<PoolEntry[]> {
  const rows = await buildPoolQuery(store, filters).execute();
  return rows.map(rowToPoolEntry);
}

/**
 * The query behind queryPool, unexecuted (bench/pool.ts compiles it to check its plan).
 * Every index leads with the project key. `kind = 'pool-posted' and instance = ? and at >= ?` is
 * served by events_pool_instance_at, `since` alone by events_pool_at, `action` by
 * events_action_at, `affects` by event_paths_path.
 */
export function buildPoolQuery(store: Store, filters: PoolQuery) {
  // A literal, not a parameter: the partial indexes events_pool_* match only a literal condition.
  let query = store.db
    .selectFrom('events')
    .select(poolColumns)
    .where('project', '=', store.project)
    .where(sql<boolean>`kind = ${sql.lit(poolEventKind)}`);
  if (filters.since !== undefined) query = query.where('at', '>=', filters.since);
  if (filters.instance !== undefined) query = query.where('instance', '=', filters.instance);
  if (filters.action !== undefined) query = query.where('action', '=', filters.action);
  if (filters.planId !== undefined) query = query.where('plan_id', '=', filters.planId);
  if (filters.topic !== undefined && filters.topic !== '') {
    const needle = `%${escapeLike(filters.topic.toLowerCase())}%`;
    query = query.where(sql<boolean>`lower(topic) like ${needle} escape '\\'`);
  }
  if (filters.affects !== undefined) {
    const affects = filters.affects;
    query = query.where((expression) => affectsCondition(expression, affects));
  }
  query = query.orderBy('at', 'desc').orderBy('id', 'desc');
  if (filters.limit !== undefined) query = query.limit(filters.limit);
  return query;
}

/**
 * Entries posted after the entry with id `afterId`, oldest first, for `baton pool tail`.
 * `filters` narrows them like queryPool (since is ignored: the id is the cursor).
 */
export async function tailPool(
  store: Store,
  afterId: number,
  filters: Pick<PoolQuery, 'instance' | 'action' | 'limit'> = {},
): Promise<PoolEntry[]> {
  let query = store.db
    .selectFrom('events')
    .select(poolColumns)
    .where('project', '=', store.project)
    .where('id', '>', afterId)
    .where('kind', '=', poolEventKind);
  if (filters.instance !== undefined) query = query.where('instance', '=', filters.instance);
  if (filters.action !== undefined) query = query.where('action', '=', filters.action);
  const rows = await query
    .orderBy('id', 'asc')
    .limit(filters.limit ?? 1000)
    .execute();
  return rows.map(rowToPoolEntry);
}

/** The id of the newest pool entry (0 when the pool is empty): where a tail starts. */
export async function latestPoolEntryId(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('events')
    .select((expression) => expression.fn.max('id').as('id'))
    .where('project', '=', store.project)
    .where('kind', '=', poolEventKind)
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

/**
 * The paths an entry may name to concern `path`: the path itself and every folder above it
 * (`services/`, `services/pdf-generator/`, with and without the slash). A folder query
 * (`services/`) also takes every path under it, as an index range. Globs in AFFECTS are
 * matched only literally: matching them would mean scanning every glob ever posted.
 */
function affectsCondition(expression: ExpressionBuilder<Database, 'events'>, path: string) {
  const trimmed = path.replace(/\/+$/, '');
  const exact = new Set<string>([trimmed, `${trimmed}/`]);
  const parts = trimmed.split('/');
  for (let index = 1; index < parts.length; index += 1) {
    const folder = parts.slice(0, index).join('/');
    exact.add(folder);
    exact.add(`${folder}/`);
  }
  let paths = expression
    .selectFrom('event_paths')
    .select('event_paths.event_id')
    .where('event_paths.path', 'in', [...exact]);
  if (path.endsWith('/')) {
    // Everything under the folder: '/' + 1 is '0', so [folder/, folder0) is exactly the subtree.
    paths = expression
      .selectFrom('event_paths')
      .select('event_paths.event_id')
      .where((inner) =>
        inner.or([
          inner('event_paths.path', 'in', [...exact]),
          inner.and([
            inner('event_paths.path', '>=', `${trimmed}/`),
            inner('event_paths.path', '<', `${trimmed}0`),
          ]),
        ]),
      );
  }
  return expression('events.id', 'in', paths);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
