// The node:sqlite dialect reuses a connection's prepared statements: each SQL text is prepared
// once, and reuse changes no answer — not after a query that failed part-way, not across
// transactions, not after another connection wrote.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { Kysely, sql } from 'kysely';
import { NodeSqliteDialect } from '../../src/store/sqlite-dialect.ts';

interface Tables {
  t: { a: string };
}

/** A Kysely over a file database whose `prepare` calls are counted by SQL text. */
function openCounted(t: { after: (fn: () => unknown) => void }) {
  const folder = mkdtempSync(path.join(tmpdir(), 'baton-sqlite-dialect-'));
  const file = path.join(folder, 'db.sqlite');
  const prepared = new Map<string, number>();
  const db = new Kysely<Tables>({
    dialect: new NodeSqliteDialect(() => {
      const database = new DatabaseSync(file, { timeout: 1_000 });
      database.exec('pragma journal_mode = wal');
      const prepare = database.prepare.bind(database);
      database.prepare = (text: string) => {
        prepared.set(text, (prepared.get(text) ?? 0) + 1);
        return prepare(text);
      };
      return database;
    }),
  });
  t.after(async () => {
    await db.destroy();
    rmSync(folder, { recursive: true, force: true });
  });
  return { db, file, prepared };
}

test('each SQL text is prepared once per connection, transactions included', async (t) => {
  const { db, prepared } = openCounted(t);
  await sql`create table t (a text)`.execute(db);
  for (let i = 0; i < 3; i++) {
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('t')
        .values({ a: `row ${i}` })
        .execute();
    });
  }
  const rows = await db.selectFrom('t').select('a').orderBy('a').execute();
  assert.deepEqual(
    rows.map((row) => row.a),
    ['row 0', 'row 1', 'row 2'],
  );
  assert.deepEqual(
    [...prepared.entries()].filter(([, count]) => count !== 1),
    [],
  );
  assert.equal(prepared.get('begin immediate'), 1);
  assert.equal(prepared.get('commit'), 1);
});

test('a statement that failed part-way is reset: the next read sees what another connection wrote', async (t) => {
  const { db, file } = openCounted(t);
  await sql`create table t (a text)`.execute(db);
  await db
    .insertInto('t')
    .values([{ a: '[1]' }, { a: 'not json' }, { a: '[2]' }])
    .execute();
  const failing = () => sql`select json(a) as j from t order by rowid`.execute(db);
  await assert.rejects(failing, /malformed JSON/);
  const other = new DatabaseSync(file, { timeout: 1_000 });
  t.after(() => other.close());
  other.prepare(`insert into t values ('[3]')`).run();
  const count = await sql<{ n: number }>`select count(*) as n from t`.execute(db);
  assert.equal(count.rows[0]?.n, 4);
  // The failed text again, from its cached statement: it runs from its first row again.
  await assert.rejects(failing, /malformed JSON/);
  await db.deleteFrom('t').where('a', '=', 'not json').execute();
  const again = await failing();
  assert.deepEqual(
    again.rows.map((row) => (row as { j: string }).j),
    ['[1]', '[2]', '[3]'],
  );
});

test('past the cache size the least recently used text is prepared again, the rest are not', async (t) => {
  const { db, prepared } = openCounted(t);
  await sql`create table t (a text)`.execute(db);
  const select = (count: number) =>
    db
      .selectFrom('t')
      .select('a')
      .where(
        'a',
        'in',
        Array.from({ length: count }, (_, i) => `${i}`),
      )
      .execute();
  const textOf = async (count: number) => {
    await select(count);
    return [...prepared.keys()].at(-1) as string;
  };
  const first = await textOf(1);
  const second = await textOf(2);
  for (let count = 3; count <= 100; count++) await select(count);
  await select(1); // Now used more recently than `second`.
  await select(101); // One past the size: `second` is let go.
  await select(1);
  await select(2);
  assert.equal(prepared.get(first), 1);
  assert.equal(prepared.get(second), 2);
});
