// Where the store is, and which schema version it must have: what the commands and the fast
// read paths need before (or instead of) opening it through Kysely. No SQL library here.
import path from 'node:path';

/**
 * The migrations this baton has (migrations.ts, which test/store/migrations.test.ts holds to this
 * list): a store that has applied every one is fully migrated.
 */
export const migrationNames: readonly string[] = [
  '0001_initial',
  '0002_attention',
  '0003_session_bindings',
  '0004_project',
  '0005_claim_sessions',
];

/**
 * Whether a store that applied `applied` has every migration this baton knows, each by name
 * (not "one as new as ours": a migration numbered below one applied earlier would be missed).
 * A store a newer baton migrated further counts too: migrations only add.
 */
export function isFullyMigrated(applied: Iterable<string>): boolean {
  const names = new Set(applied);
  return migrationNames.every((name) => names.has(name));
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/**
 * The store URL for a repository: BATON_DATABASE_URL, else config `store.url`, else
 * `.baton/baton.db`, a file path made absolute. The one resolver, for the commands and for the
 * hooks, which pass the hook's environment.
 */
export function resolveStoreUrl(
  repositoryRoot: string,
  configuredUrl: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const url = env.BATON_DATABASE_URL || configuredUrl || path.join('.baton', 'baton.db');
  if (isPostgresUrl(url)) return url;
  return path.resolve(repositoryRoot, url);
}
