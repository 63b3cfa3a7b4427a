// Where the store is, and which schema version it must have: what the commands and the fast
// read paths need before (or instead of) opening it through Kysely. No SQL library here.
import path from 'node:path';

/** The name of the newest migration (migrations.ts): a store at this version is fully migrated. */
export const latestMigration = '0003_session_bindings';

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** The store URL for a repository: BATON_DATABASE_URL, else config `store.url`, else `.baton/baton.db`. */
export function resolveStoreUrl(repositoryRoot: string, configuredUrl: string | undefined): string {
  const url = process.env.BATON_DATABASE_URL || configuredUrl || path.join('.baton', 'baton.db');
  if (isPostgresUrl(url)) return url;
  return path.resolve(repositoryRoot, url);
}
