// A store as a baton before project keys left it: only the migrations before 0004_project
// applied, with rows written the way that baton wrote them. For the tests of adoption.
import { DatabaseSync } from 'node:sqlite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { migrations } from '../../src/store/migrations.ts';
import { NodeSqliteDialect } from '../../src/store/sqlite-dialect.ts';

const before = (name: string) => name < '0004_project';

// biome-ignore lint/suspicious/noExplicitAny: the old schema has no type in this baton.
type LegacyDatabase = Kysely<any>;

/** Migrates `target` (a SQLite file, or a Postgres URL and schema) as far as the old baton did. */
export async function openLegacyStore(
  target: { file: string } | { url: string; schema: string },
): Promise<LegacyDatabase> {
  const engine = 'file' in target ? 'sqlite' : 'postgres';
  let database: LegacyDatabase;
  if ('file' in target) {
    database = new Kysely({ dialect: new NodeSqliteDialect(() => new DatabaseSync(target.file)) });
  } else {
    const pg = (await import('pg')).default;
    const setup = new pg.Client({ connectionString: target.url });
    await setup.connect();
    await setup.query(`create schema if not exists ${target.schema}`);
    await setup.end();
    const pool = new pg.Pool({
      connectionString: target.url,
      max: 1,
      options: `-c search_path=${target.schema}`,
    });
    database = new Kysely({ dialect: new PostgresDialect({ pool }) });
  }
  await sql`create table kysely_migration (name varchar(255) not null primary key, timestamp varchar(255) not null)`.execute(
    database,
  );
  for (const [name, migration] of Object.entries(migrations(engine)).sort(([left], [right]) =>
    left.localeCompare(right),
  )) {
    if (!before(name)) continue;
    await migration.up(database);
    await sql`insert into kysely_migration (name, timestamp) values (${name}, ${new Date().toISOString()})`.execute(
      database,
    );
  }
  return database;
}

/** One row in each table, as the old baton wrote them (instance A, plan p, task t). */
export async function writeLegacyRows(database: LegacyDatabase, now: number): Promise<void> {
  await database
    .insertInto('events')
    .values({
      at: now,
      kind: 'pool-posted',
      instance: 'A',
      action: 'note',
      topic: 'from before keys',
      summary: 'legacy entry',
      plan_id: 'p',
    })
    .execute();
  await database
    .insertInto('claims')
    .values({
      instance: 'A',
      pattern: 'src/legacy.ts',
      exclusive: 1,
      reason: 'legacy claim',
      acquired_at: now,
      expires_at: now + 3_600_000,
    })
    .execute();
  await database.insertInto('instance_sessions').values({ instance: 'A', last_session_at: now }).execute();
  await database.insertInto('cooldowns').values({ instance: 'A', kind: 'edited', last_at: now }).execute();
  await database
    .insertInto('task_runs')
    .values({ plan_id: 'p', task_id: 't', state: 'merged', attempts: 1, updated_at: now })
    .execute();
  await database
    .insertInto('runs')
    .values({ plan_id: 'p', runner_id: 'r', state: 'finished', started_at: now, heartbeat_at: now })
    .execute();
  await database
    .insertInto('usage')
    .values({ at: now, role: 'executor', backend: 'model', plan_id: 'p', task_id: 't', cost_usd: 1.5 })
    .execute();
  await database.insertInto('attention_turns').values({ instance: 'A', turn: 3, updated_at: now }).execute();
  await database.insertInto('attention').values({ instance: 'A', path: 'src/legacy.ts', score: 1 }).execute();
  await database
    .insertInto('session_bindings')
    .values({ instance: 'run.p.t', session_id: 'legacy-session', plan_id: 'p', task_id: 't', bound_at: now })
    .execute();
}
