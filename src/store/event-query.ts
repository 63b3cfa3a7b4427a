// Reading the event log for `baton events`: denials, refusals, plan moves and run progress, in
// the shape they were recorded (src/store/event-log.ts). Filters are combined with AND; the
// newest `limit` matching events are returned, oldest first, as a log reads.
import { type StoredEvent, toStoredEvent } from './event-log.ts';
import type { Store } from './store.ts';

export interface EventQuery {
  /** Epoch ms: events at or after this time. */
  since?: number;
  /** Any of these kinds (all kinds when empty or absent). */
  kinds?: readonly string[];
  instance?: string;
  planId?: string;
  taskId?: string;
  /** At most this many (the newest); all when undefined. */
  limit?: number;
}

export async function queryEvents(store: Store, filters: EventQuery = {}): Promise<StoredEvent[]> {
  let query = store.db.selectFrom('events').selectAll().where('project', '=', store.project);
  if (filters.since !== undefined) query = query.where('at', '>=', filters.since);
  if (filters.kinds && filters.kinds.length > 0) query = query.where('kind', 'in', [...filters.kinds]);
  if (filters.instance !== undefined) query = query.where('instance', '=', filters.instance);
  if (filters.planId !== undefined) query = query.where('plan_id', '=', filters.planId);
  if (filters.taskId !== undefined) query = query.where('task_id', '=', filters.taskId);
  query = query.orderBy('at', 'desc').orderBy('id', 'desc');
  if (filters.limit !== undefined) query = query.limit(filters.limit);
  const rows = await query.execute();
  return rows.map(toStoredEvent).reverse();
}

/** The kinds of event this project has recorded, sorted: what `--kind` can match here. */
export async function recordedEventKinds(store: Store): Promise<string[]> {
  const rows = await store.db
    .selectFrom('events')
    .select('kind')
    .distinct()
    .where('project', '=', store.project)
    .orderBy('kind')
    .execute();
  return rows.map((row) => row.kind);
}

/** Events after the one with id `afterId`, oldest first (at most `limit`): a live view's cursor. */
export async function eventsAfter(store: Store, afterId: number, limit = 500): Promise<StoredEvent[]> {
  const rows = await store.db
    .selectFrom('events')
    .selectAll()
    .where('project', '=', store.project)
    .where('id', '>', afterId)
    .orderBy('id', 'asc')
    .limit(limit)
    .execute();
  return rows.map(toStoredEvent);
}

/** The id of the newest event (0 when there is none): where a live view starts. */
export async function latestEventId(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('events')
    .select((expression) => expression.fn.max('id').as('id'))
    .where('project', '=', store.project)
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

/**
 * When each plan last saw an event (the time of its newest event): the board's "last activity".
 * By the newest id, then its time: on SQLite the ids of every plan's events are in the plan index
 * itself, where max(at) read every event of every plan from the table (pool entries included:
 * 10,000 of them took 8 ms, this 0.6 ms).
 */
export async function lastActivityByPlan(store: Store): Promise<Map<string, number>> {
  const newest = store.db
    .selectFrom('events')
    .select((expression) => expression.fn.max('id').as('id'))
    .where('project', '=', store.project)
    .where('plan_id', 'is not', null)
    .groupBy('plan_id');
  const rows = await store.db
    .selectFrom('events')
    .select(['plan_id', 'at'])
    .where('project', '=', store.project)
    .where('id', 'in', newest)
    .execute();
  return new Map(rows.map((row) => [String(row.plan_id), Number(row.at)]));
}
