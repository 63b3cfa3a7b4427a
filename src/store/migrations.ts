// Schema migrations, in order. Never edit a migration that has shipped: add a new one.
import { type Kysely, sql } from 'kysely';
/** One schema change, applied once. */
export interface Migration {
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists.
  up(database: Kysely<any>): Promise<void>;
}

export type Engine = 'sqlite' | 'postgres';

/** What a migration may need to know about the opener. */
export interface MigrationContext {
  /** The project key of the repository opening the store (0004 gives it the rows from before keys). */
  project: string;
}

export function migrations(
  engine: Engine,
  context: MigrationContext = { project: '' },
): Record<string, Migration> {
  // Identity columns differ; everything else is portable SQL through Kysely's builder.
  const identity = (column: string) =>
    engine === 'postgres'
      ? sql.raw(`${column} bigserial primary key`)
      : sql.raw(`${column} integer primary key autoincrement`);

  return {
    '0001_initial': {
      // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists.
      async up(database: Kysely<any>) {
        await sql`create table events (
          ${identity('id')},
          at bigint not null,
          kind text not null,
          instance text,
          plan_id text,
          task_id text,
          action text,
          topic text,
          summary text,
          blocks text,
          affects text,
          data text
        )`.execute(database);
        await database.schema
          .createIndex('events_instance_at')
          .on('events')
          .columns(['instance', 'at'])
          .execute();
        await database.schema.createIndex('events_at').on('events').column('at').execute();
        // The pool's own indexes: partial (pool entries only), so that "instance A since 1h" and
        // "since 1h" read just the entries asked for, newest first, on both engines. The query
        // writes kind = 'pool-posted' as a literal so both planners can match the index.
        await sql`create index events_pool_instance_at on events (instance, at, id) where kind = 'pool-posted'`.execute(
          database,
        );
        await sql`create index events_pool_at on events (at, id) where kind = 'pool-posted'`.execute(
          database,
        );
        await database.schema
          .createIndex('events_plan_kind')
          .on('events')
          .columns(['plan_id', 'kind'])
          .execute();
        await database.schema
          .createIndex('events_action_at')
          .on('events')
          .columns(['action', 'at'])
          .execute();

        await database.schema
          .createTable('event_paths')
          .addColumn('event_id', 'bigint', (column) => column.notNull())
          .addColumn('path', 'text', (column) => column.notNull())
          .execute();
        await database.schema
          .createIndex('event_paths_path')
          .on('event_paths')
          .columns(['path', 'event_id'])
          .execute();

        await sql`create table claims (
          ${identity('id')},
          instance text not null,
          pattern text not null,
          exclusive integer not null,
          reason text,
          acquired_at bigint not null,
          expires_at bigint not null,
          plan_id text,
          task_id text
        )`.execute(database);
        await database.schema.createIndex('claims_expires_at').on('claims').column('expires_at').execute();
        await database.schema
          .createIndex('claims_instance')
          .on('claims')
          .columns(['instance', 'pattern'])
          .execute();

        await database.schema
          .createTable('instance_sessions')
          .addColumn('instance', 'text', (column) => column.primaryKey())
          .addColumn('last_session_at', 'bigint', (column) => column.notNull())
          .execute();

        await database.schema
          .createTable('cooldowns')
          .addColumn('instance', 'text', (column) => column.notNull())
          .addColumn('kind', 'text', (column) => column.notNull())
          .addColumn('last_at', 'bigint', (column) => column.notNull())
          .addPrimaryKeyConstraint('cooldowns_pk', ['instance', 'kind'])
          .execute();

        await sql`create table usage (
          ${identity('id')},
          at bigint not null,
          role text not null,
          backend text not null,
          model text,
          plan_id text,
          task_id text,
          instance text,
          input_tokens bigint not null default 0,
          output_tokens bigint not null default 0,
          cache_read_tokens bigint not null default 0,
          cache_write_tokens bigint not null default 0,
          cost_usd double precision,
          data text
        )`.execute(database);
        await database.schema.createIndex('usage_plan').on('usage').columns(['plan_id', 'task_id']).execute();

        // One row per plan run: the runner's lease. A runner renews heartbeat_at while alive; a
        // lease whose heartbeat is older than the timeout belongs to a dead runner and may be taken.
        await database.schema
          .createTable('runs')
          .addColumn('plan_id', 'text', (column) => column.primaryKey())
          .addColumn('runner_id', 'text', (column) => column.notNull())
          .addColumn('pid', 'integer')
          .addColumn('host', 'text')
          .addColumn('state', 'text', (column) => column.notNull())
          .addColumn('started_at', 'bigint', (column) => column.notNull())
          .addColumn('heartbeat_at', 'bigint', (column) => column.notNull())
          .addColumn('finished_at', 'bigint')
          .addColumn('data', 'text')
          .execute();

        await database.schema
          .createTable('task_runs')
          .addColumn('plan_id', 'text', (column) => column.notNull())
          .addColumn('task_id', 'text', (column) => column.notNull())
          .addColumn('state', 'text', (column) => column.notNull())
          .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
          .addColumn('branch', 'text')
          .addColumn('score', 'real')
          .addColumn('instance', 'text')
          .addColumn('round', 'integer', (column) => column.notNull().defaultTo(0))
          .addColumn('started_at', 'bigint')
          .addColumn('updated_at', 'bigint', (column) => column.notNull())
          .addColumn('data', 'text')
          .addPrimaryKeyConstraint('task_runs_pk', ['plan_id', 'task_id'])
          .execute();
      },
    },
    '0002_attention': {
      // Per instance: the turn it is at, and a score per file it pays attention to (HOT / WARM;
      // COLD files have no row).
      // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists.
      async up(database: Kysely<any>) {
        await database.schema
          .createTable('attention_turns')
          .addColumn('instance', 'text', (column) => column.primaryKey())
          .addColumn('turn', 'integer', (column) => column.notNull())
          .addColumn('updated_at', 'bigint', (column) => column.notNull())
          .execute();
        await database.schema
          .createTable('attention')
          .addColumn('instance', 'text', (column) => column.notNull())
          .addColumn('path', 'text', (column) => column.notNull())
          .addColumn('score', 'double precision', (column) => column.notNull())
          .addPrimaryKeyConstraint('attention_pk', ['instance', 'path'])
          .execute();
      },
    },
    '0003_session_bindings': {
      // Which Claude Code session baton started for a runner's instance (`run.<plan>.<task>`):
      // the hooks accept that instance only from this session.
      // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists.
      async up(database: Kysely<any>) {
        await database.schema
          .createTable('session_bindings')
          .addColumn('instance', 'text', (column) => column.primaryKey())
          .addColumn('session_id', 'text', (column) => column.notNull())
          .addColumn('plan_id', 'text')
          .addColumn('task_id', 'text')
          .addColumn('role', 'text')
          .addColumn('bound_at', 'bigint', (column) => column.notNull())
          .execute();
      },
    },
    '0004_project': {
      // Every row gets the key of the project it belongs to (src/store/store-scope.ts), so unrelated
      // repositories sharing a store keep apart, and the indexes lead with it. Rows stored
      // before keys existed are kept and adopted by this opener: the first repository that
      // opens the store after the upgrade (one transaction, under the migration lock).
      // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists.
      async up(database: Kysely<any>) {
        const project = context.project;
        for (const table of ['events', 'claims', 'usage']) {
          await sql`alter table ${sql.table(table)} add column project text not null default ''`.execute(
            database,
          );
          await sql`update ${sql.table(table)} set project = ${project}`.execute(database);
        }
        const reindex = async (name: string, table: string, columns: string, where = '') => {
          await database.schema.dropIndex(name).execute();
          await sql
            .raw(`create index ${name} on ${table} (${columns})${where ? ` where ${where}` : ''}`)
            .execute(database);
        };
        await reindex('events_instance_at', 'events', 'project, instance, at');
        await reindex('events_at', 'events', 'project, at');
        await reindex(
          'events_pool_instance_at',
          'events',
          'project, instance, at, id',
          "kind = 'pool-posted'",
        );
        await reindex('events_pool_at', 'events', 'project, at, id', "kind = 'pool-posted'");
        await reindex('events_plan_kind', 'events', 'project, plan_id, kind');
        await reindex('events_action_at', 'events', 'project, action, at');
        await reindex('claims_expires_at', 'claims', 'project, expires_at');
        await reindex('claims_instance', 'claims', 'project, instance, pattern');
        await reindex('usage_plan', 'usage', 'project, plan_id, task_id');

        // Tables keyed by instance or plan: two projects may both have instance "A" or plan
        // "auth", so the project joins each primary key. Neither engine can change a primary
        // key in place everywhere; each table is built anew and its rows copied.
        const rebuild = async (
          table: string,
          columns: ReadonlyArray<
            [
              name: string,
              type: 'text' | 'integer' | 'bigint' | 'real' | 'double precision',
              notNull: boolean,
              defaultValue?: number,
            ]
          >,
          key: readonly string[],
        ) => {
          const old = `${table}_before_project`;
          await database.schema.alterTable(table).renameTo(old).execute();
          let create = database.schema
            .createTable(table)
            .addColumn('project', 'text', (column) => column.notNull().defaultTo(''));
          for (const [name, type, notNull, defaultValue] of columns) {
            create = create.addColumn(name, type, (column) => {
              let defined = notNull ? column.notNull() : column;
              if (defaultValue !== undefined) defined = defined.defaultTo(defaultValue);
              return defined;
            });
          }
          await create.addPrimaryKeyConstraint(`${table}_project_pk`, ['project', ...key] as never).execute();
          const names = sql.join(columns.map(([name]) => sql.ref(name)));
          await sql`insert into ${sql.table(table)} (project, ${names}) select cast(${project} as text), ${names} from ${sql.table(old)}`.execute(
            database,
          );
          await database.schema.dropTable(old).execute();
        };
        await rebuild(
          'instance_sessions',
          [
            ['instance', 'text', true],
            ['last_session_at', 'bigint', true],
          ],
          ['instance'],
        );
        await rebuild(
          'cooldowns',
          [
            ['instance', 'text', true],
            ['kind', 'text', true],
            ['last_at', 'bigint', true],
          ],
          ['instance', 'kind'],
        );
        await rebuild(
          'runs',
          [
            ['plan_id', 'text', true],
            ['runner_id', 'text', true],
            ['pid', 'integer', false],
            ['host', 'text', false],
            ['state', 'text', true],
            ['started_at', 'bigint', true],
            ['heartbeat_at', 'bigint', true],
            ['finished_at', 'bigint', false],
            ['data', 'text', false],
          ],
          ['plan_id'],
        );
        await rebuild(
          'task_runs',
          [
            ['plan_id', 'text', true],
            ['task_id', 'text', true],
            ['state', 'text', true],
            ['attempts', 'integer', true, 0],
            ['branch', 'text', false],
            ['score', 'real', false],
            ['instance', 'text', false],
            ['round', 'integer', true, 0],
            ['started_at', 'bigint', false],
            ['updated_at', 'bigint', true],
            ['data', 'text', false],
          ],
          ['plan_id', 'task_id'],
        );
        await rebuild(
          'attention_turns',
          [
            ['instance', 'text', true],
            ['turn', 'integer', true],
            ['updated_at', 'bigint', true],
          ],
          ['instance'],
        );
        await rebuild(
          'attention',
          [
            ['instance', 'text', true],
            ['path', 'text', true],
            ['score', 'double precision', true],
          ],
          ['instance', 'path'],
        );
        await rebuild(
          'session_bindings',
          [
            ['instance', 'text', true],
            ['session_id', 'text', true],
            ['plan_id', 'text', false],
            ['task_id', 'text', false],
            ['role', 'text', false],
            ['bound_at', 'bigint', true],
          ],
          ['instance'],
        );
      },
    },
    '0005_claim_sessions': {
      // The Claude Code session that took a claim (null for a claim taken at a terminal): another
      // session naming the same instance is another holder, not the same one.
      // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists.
      async up(database: Kysely<any>) {
        await database.schema.alterTable('claims').addColumn('session_id', 'text').execute();
      },
    },
  };
}
