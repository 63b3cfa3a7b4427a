// The plan reads (plan-read-queries.ts) through Kysely, on any store: the same SQL text as the
// raw SQLite path, with Kysely writing the placeholders for the engine.
import { type RawBuilder, sql } from 'kysely';
import type { PlanReadQuery, PlanReads } from './plan-read-queries.ts';
import { planReadsOver } from './plan-read-queries.ts';
import type { Store } from './store.ts';

type Row = Record<string, unknown>;

function toRawSql(query: PlanReadQuery): RawBuilder<Row> {
  const fragments = query.text.split('?');
  return sql<Row>(fragments as unknown as TemplateStringsArray, ...query.parameters);
}

/** Plan reads on an open store; `close()` leaves the store open (its owner closes it). */
export function storePlanReads(store: Store): PlanReads {
  const all = async (query: PlanReadQuery) => (await toRawSql(query).execute(store.db)).rows;
  return planReadsOver(all, store.project, async () => {});
}
