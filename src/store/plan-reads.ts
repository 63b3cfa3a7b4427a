// Opening the plan reads for a command: raw node:sqlite when the store is a migrated SQLite
// file, nothing at all when the store does not exist yet (it is not created just to be read),
// and Kysely otherwise (Postgres, or a SQLite store that must be migrated first).
import { existsSync } from 'node:fs';
import { noPlanReads, type PlanReads } from './plan-read-queries.ts';
import type { StoreOptions } from './store.ts';
import { isPostgresUrl } from './store-location.ts';

export type { PlanReads, TaskRunState } from './plan-read-queries.ts';

export async function openPlanReads(options: StoreOptions): Promise<PlanReads> {
  if (!isPostgresUrl(options.url)) {
    if (!existsSync(options.url)) return noPlanReads;
    const { openSqlitePlanReads } = await import('./plan-reads-sqlite.ts');
    const reads = openSqlitePlanReads(options.url, { busyTimeoutMs: 15_000, project: options.project ?? '' });
    if (reads) return reads;
  }
  const [{ openStore }, { storePlanReads }] = await Promise.all([
    import('./store.ts'),
    import('./plan-reads-kysely.ts'),
  ]);
  const store = await openStore(options);
  return { ...storePlanReads(store), close: () => store.close() };
}
