// Opening the store: node:sqlite by default, Postgres when the URL says so. This folder is the
// only one that speaks SQL; everything above it calls the functions exported here.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import { BatonError } from '../errors.ts';
import { migrations } from './migrations.ts';
import type { Database } from './schema.ts';
import { NodeSqliteDialect } from './sqlite-dialect.ts';
import { isFullyMigrated, isPostgresUrl } from './store-location.ts';
import type { StoreScope } from './store-scope.ts';

export type Engine = 'sqlite' | 'postgres';

export interface Store extends StoreScope {
  readonly engine: Engine;
  /** Where the data is: a file path, or the Postgres URL without its password. */
  readonly location: string;
  readonly db: Kysely<Database>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** A SQLite file path or a postgres:// URL. */
  url: string;
  /** Postgres only: the schema to use (tests give each run its own). Created when missing. */
  schema?: string;
  /**
   * Whose rows this store handle sees and writes (src/store/store-scope.ts); '' when the store is one
   * repository's own. Rows stored before stores had keys are adopted by the first opener.
   */
  project?: string;
}

const requireBuiltin = createRequire(import.meta.url);

export { isPostgresUrl, resolveStoreUrl } from './store-location.ts';

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

export async function openStore(options: StoreOptions): Promise<Store> {
  const engine: Engine = isPostgresUrl(options.url) ? 'postgres' : 'sqlite';
  const db = engine === 'postgres' ? await openPostgres(options) : openSqlite(options.url);
  const project = options.project ?? '';
  const store: Store = {
    engine,
    location: engine === 'postgres' ? redactUrl(options.url) : options.url,
    db,
    project,
    close: () => db.destroy(),
  };
  try {
    await ensureMigrated(db, engine, project);
  } catch (error) {
    await db.destroy().catch(() => {});
    throw new BatonError(
      'STORE_UNAVAILABLE',
      `cannot open the store at ${store.location}: ${(error as Error).message}`,
      {
        hint: engine === 'postgres' ? 'Check that the server is running and the URL is right.' : undefined,
        cause: error,
      },
    );
  }
  return store;
}

function openSqlite(file: string): Kysely<Database> {
  mkdirSync(path.dirname(file), { recursive: true });
  return new Kysely<Database>({
    dialect: new NodeSqliteDialect(() => {
      // Loaded lazily: node:sqlite prints an experimental warning on some Node versions.
      const { DatabaseSync } = requireBuiltin('node:sqlite') as typeof import('node:sqlite');
      const database = new DatabaseSync(file, { timeout: 15_000 });
      database.exec('pragma journal_mode = wal; pragma synchronous = normal; pragma foreign_keys = on;');
      return database;
    }),
  });
}

async function openPostgres(options: StoreOptions): Promise<Kysely<Database>> {
  const pg = (await import('pg')).default;
  // bigint columns hold millisecond times and ids: numbers, not strings.
  pg.types.setTypeParser(20, (value: string) => Number(value));
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new BatonError('STORE_UNAVAILABLE', `invalid Postgres schema name: ${schema}`);
  }
  if (schema) {
    const client = new pg.Client({ connectionString: options.url });
    await client.connect();
    try {
      await client.query(`create schema if not exists ${schema}`).catch((error: { code?: string }) => {
        // Two openers creating it at once: "if not exists" does not stop the second from
        // hitting the catalogue's unique index. The schema is there either way.
        if (error.code !== '23505' && error.code !== '42P06') throw error;
      });
    } finally {
      await client.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: 4,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

async function ensureMigrated(db: Kysely<Database>, engine: Engine, project: string): Promise<void> {
  // One cheap query on the common path: the hook handlers open the store on every tool call.
  if (await isUpToDate(db)) return;
  if (engine === 'sqlite') {
    // SQLite's DDL is transactional, but Kysely runs SQLite migrations outside a transaction
    // and without a lock: two processes upgrading one store at once (two hooks after an
    // update) would both create the new tables, and a crash between two statements would leave
    // half a migration. One IMMEDIATE transaction around it serialises them and makes it whole.
    await sql`begin immediate`.execute(db);
    try {
      if (!(await isUpToDate(db))) await migrate(db, engine, project);
      await sql`commit`.execute(db);
    } catch (error) {
      await sql`rollback`.execute(db).catch(() => {});
      throw error;
    }
    return;
  }
  await migrate(db, engine, project);
}

/** Whether the store has every migration this baton knows (isFullyMigrated). */
async function isUpToDate(db: Kysely<Database>): Promise<boolean> {
  try {
    const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    return isFullyMigrated(rows.rows.map((row) => row.name));
  } catch {
    return false; // No migration table yet: a new store.
  }
}

/**
 * Applies the migrations the store has not had, in order, recording each in `kysely_migration`
 * (the table Kysely's migrator kept, so stores it migrated carry on). baton's own loop rather
 * than Kysely's Migrator: on Postgres that one lists the tables of every schema on the server
 * to see whether its own exist, and fails when another schema is dropped meanwhile.
 * SQLite: the caller holds an IMMEDIATE transaction. Postgres: one transaction, under an
 * advisory lock per schema, so concurrent openers apply each migration once.
 */
async function migrate(db: Kysely<Database>, engine: Engine, project: string): Promise<void> {
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists.
  const apply = async (database: Kysely<any>) => {
    await sql`create table if not exists kysely_migration (name varchar(255) not null primary key, timestamp varchar(255) not null)`.execute(
      database,
    );
    const applied = new Set(
      (await sql<{ name: string }>`select name from kysely_migration`.execute(database)).rows.map(
        (row) => row.name,
      ),
    );
    for (const [name, migration] of Object.entries(migrations(engine, { project })).sort(([left], [right]) =>
      left.localeCompare(right),
    )) {
      if (applied.has(name)) continue;
      try {
        await migration.up(database);
      } catch (error) {
        throw new Error(`migration ${name} failed: ${(error as Error).message}`);
      }
      await sql`insert into kysely_migration (name, timestamp) values (${name}, ${new Date().toISOString()})`.execute(
        database,
      );
    }
  };
  if (engine === 'sqlite') return apply(db);
  await db.transaction().execute(async (transaction) => {
    await sql`select pg_advisory_xact_lock(hashtext('baton-migrations:' || current_schema()))`.execute(
      transaction,
    );
    await apply(transaction);
  });
}

/**
 * Runs `work` in a write transaction that no other writer can interleave with on `table`:
 * SQLite transactions begin IMMEDIATE (one writer per file); on Postgres the table is locked
 * in EXCLUSIVE mode (readers go on, writers queue). This is how claims stay race-free.
 */
export async function withTableLock<Result>(
  store: Store,
  table: keyof Database,
  work: (transaction: Transaction<Database>) => Promise<Result>,
): Promise<Result> {
  return store.db.transaction().execute(async (transaction) => {
    if (store.engine === 'postgres')
      await sql`lock table ${sql.table(table)} in exclusive mode`.execute(transaction);
    return work(transaction);
  });
}

/**
 * Runs `work` holding a lock on one plan: concurrent lifecycle moves of the same plan queue
 * here, so the second sees the first's result instead of racing it. SQLite: the IMMEDIATE write
 * transaction is the lock; Postgres: a transaction-scoped advisory lock on the project and plan id.
 */
export async function withPlanLock<Result>(
  store: Store,
  planId: string,
  work: (scope: StoreScope) => Promise<Result>,
): Promise<Result> {
  return store.db.transaction().execute(async (transaction) => {
    if (store.engine === 'postgres')
      await sql`select pg_advisory_xact_lock(hashtext(${`baton-plan:${store.project}:${planId}`}))`.execute(
        transaction,
      );
    return work({ db: transaction, project: store.project });
  });
}
