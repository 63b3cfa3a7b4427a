// Reading the event log for `baton events`: denials, refusals, plan moves and run progress, in
// the shape they were recorded (src/store/events.ts). Filters are combined with AND; the
// newest `limit` matching events are returned, oldest first, as a log reads.
import { type StoredEvent, toStoredEvent } from './events.ts';
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
