// The append-only event log. Pool entries are events with an action; everything baton does
// (plan moves, approvals, denials) is an event too, so the history has one shape.
import type { Database } from './schema.ts';
import type { Store } from './store.ts';
import { inTransaction, type StoreScope } from './store-scope.ts';

export type { Executor, StoreScope } from './store-scope.ts';

export interface NewEvent {
  kind: string;
  at?: number;
  instance?: string | null;
  planId?: string | null;
  taskId?: string | null;
  action?: string | null;
  topic?: string | null;
  summary?: string | null;
  blocks?: string | null;
  affects?: readonly string[];
  data?: Record<string, unknown>;
}

export interface StoredEvent {
  id: number;
  at: number;
  kind: string;
  instance: string | null;
  planId: string | null;
  taskId: string | null;
  action: string | null;
  topic: string | null;
  summary: string | null;
  blocks: string | null;
  affects: string[];
  data: Record<string, unknown>;
}

/** Appends one event (and its affected paths) in one transaction; returns it with its id. */
export async function appendEvent(store: Store, event: NewEvent): Promise<StoredEvent> {
  return store.db
    .transaction()
    .execute((transaction) => insertEvent(inTransaction(store, transaction), event));
}

/** Inserts inside a caller's transaction, so an event and the change it records commit together. */
export async function insertEvent(scope: StoreScope, event: NewEvent): Promise<StoredEvent> {
  const at = event.at ?? Date.now();
  const affects = event.affects ? [...new Set(event.affects)] : [];
  const row = await scope.db
    .insertInto('events')
    .values({
      project: scope.project,
      at,
      kind: event.kind,
      instance: event.instance ?? null,
      plan_id: event.planId ?? null,
      task_id: event.taskId ?? null,
      action: event.action ?? null,
      topic: event.topic ?? null,
      summary: event.summary ?? null,
      blocks: event.blocks ?? null,
      affects: affects.length > 0 ? JSON.stringify(affects) : null,
      data: event.data ? JSON.stringify(event.data) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  if (affects.length > 0) {
    await scope.db
      .insertInto('event_paths')
      .values(affects.map((path) => ({ event_id: id, path })))
      .execute();
  }
  return {
    id,
    at,
    kind: event.kind,
    instance: event.instance ?? null,
    planId: event.planId ?? null,
    taskId: event.taskId ?? null,
    action: event.action ?? null,
    topic: event.topic ?? null,
    summary: event.summary ?? null,
    blocks: event.blocks ?? null,
    affects,
    data: event.data ?? {},
  };
}

export function toStoredEvent(
  row: Database['events'] extends infer T ? { [K in keyof T]: unknown } : never,
): StoredEvent {
  return {
    id: Number(row.id),
    at: Number(row.at),
    kind: String(row.kind),
    instance: (row.instance as string | null) ?? null,
    planId: (row.plan_id as string | null) ?? null,
    taskId: (row.task_id as string | null) ?? null,
    action: (row.action as string | null) ?? null,
    topic: (row.topic as string | null) ?? null,
    summary: (row.summary as string | null) ?? null,
    blocks: (row.blocks as string | null) ?? null,
    affects: row.affects ? (JSON.parse(String(row.affects)) as string[]) : [],
    data: row.data ? (JSON.parse(String(row.data)) as Record<string, unknown>) : {},
  };
}

/** Events of the given kinds for one plan, oldest first. */
export async function listPlanEvents(
  scope: StoreScope,
  planId: string,
  kinds?: readonly string[],
): Promise<StoredEvent[]> {
  let query = scope.db
    .selectFrom('events')
    .selectAll()
    .where('project', '=', scope.project)
    .where('plan_id', '=', planId);
  if (kinds && kinds.length > 0) query = query.where('kind', 'in', kinds);
  const rows = await query.orderBy('id', 'asc').execute();
  return rows.map(toStoredEvent);
}
