// The plan reads (plan-read-queries.ts) in raw node:sqlite: `baton plans` starts in a fraction
// of the time it takes to load Kysely. A store that is missing, unreadable or not migrated to
// the latest version is left to the Kysely path (undefined), which migrates it or reports it.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { DatabaseSync } from 'node:sqlite';
import { type PlanReadQuery, type PlanReads, planReadsOver } from './plan-read-queries.ts';
import { isFullyMigrated } from './store-location.ts';

const requireBuiltin = createRequire(import.meta.url);

type Row = Record<string, unknown>;

export function openSqlitePlanReads(
  file: string,
  options: { busyTimeoutMs: number; project: string },
): PlanReads | undefined {
  if (!existsSync(file)) return undefined;
  let database: DatabaseSync | undefined;
  try {
    // Loaded lazily: node:sqlite prints an experimental warning on some Node versions.
    const { DatabaseSync: Database } = requireBuiltin('node:sqlite') as typeof import('node:sqlite');
    database = new Database(file, { timeout: options.busyTimeoutMs });
    const applied = database.prepare('select name from kysely_migration').all() as Row[];
    // Behind this baton's migrations: the Kysely path migrates it first. (Ahead is fine.)
    if (!isFullyMigrated(applied.map((row) => String(row.name)))) {
      database.close();
      return undefined;
    }
  } catch {
    database?.close();
    return undefined;
  }
  const open = database;
  const all = async (query: PlanReadQuery) => open.prepare(query.text).all(...query.parameters) as Row[];
  return planReadsOver(all, options.project, async () => open.close());
}
