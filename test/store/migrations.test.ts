// Upgrading a store: several processes opening an older SQLite store at once upgrade it once;
// a store a newer baton migrated further still opens.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { sql } from 'kysely';
import { openStore } from '../../src/store/store.ts';
import { migrationNames } from '../../src/store/store-location.ts';
import { openLegacyStore, writeLegacyRows } from '../support/legacy-store.ts';
import { makeTemporaryDirectory } from '../support/repository.ts';

const storeModule = path.resolve(import.meta.dirname, '..', '..', 'src', 'store', 'store.ts');

/** Loads the store module, waits until `go` exists (so all start together), then opens. */
function openInAnotherProcess(file: string, go: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { existsSync } from 'node:fs';
const { openStore } = await import(${JSON.stringify(storeModule)});
while (!existsSync(${JSON.stringify(go)})) await new Promise((wake) => setTimeout(wake, 2));
const store = await openStore({ url: ${JSON.stringify(file)} });
await store.close();`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

test('six processes opening a store one migration behind at once upgrade it exactly once', async (t) => {
  const file = path.join(makeTemporaryDirectory(t), 'baton.db');
  // As a baton before project keys left it, with a row in every table.
  const legacy = await openLegacyStore({ file });
  await writeLegacyRows(legacy, Date.now());
  await legacy.destroy();

  const go = path.join(path.dirname(file), 'go');
  const opening = Array.from({ length: 6 }, () => openInAnotherProcess(file, go));
  await delay(1500); // every process has loaded the store module and waits
  writeFileSync(go, '');
  const results = await Promise.all(opening);
  for (const result of results) assert.equal(result.code, 0, result.stderr);
  const check = new DatabaseSync(file);
  t.after(() => check.close());
  const names = check
    .prepare('select name from kysely_migration order by name')
    .all()
    .map((row) => row.name);
  assert.deepEqual(names, [...migrationNames]);
  assert.equal(check.prepare('select count(*) as count from attention').get()?.count, 1, 'rows kept');
  assert.equal(check.prepare("select count(*) as count from task_runs where project = ''").get()?.count, 1);
});

test('a store a newer baton migrated further still opens', async (t) => {
  const file = path.join(makeTemporaryDirectory(t), 'baton.db');
  await (await openStore({ url: file })).close();
  const database = new DatabaseSync(file);
  database.exec(
    "insert into kysely_migration (name, timestamp) values ('0099_future', '2030-01-01T00:00:00.000Z');",
  );
  database.close();
  const store = await openStore({ url: file });
  t.after(() => store.close());
  assert.deepEqual(await store.db.selectFrom('attention').selectAll().execute(), []);
});

test('postgres: four stores opening one new schema at once apply each migration once', {
  skip: process.env.BATON_TEST_DATABASE_URL ? undefined : 'BATON_TEST_DATABASE_URL is not set',
}, async (t) => {
  const url = process.env.BATON_TEST_DATABASE_URL!;
  const schema = `baton_test_migrate_${process.pid}_${Date.now()}`;
  const stores = await Promise.all([1, 2, 3, 4].map(() => openStore({ url, schema })));
  t.after(async () => {
    await stores[0]!.db.schema.dropSchema(schema).ifExists().cascade().execute();
    for (const store of stores) await store.close();
  });
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
    stores[0]!.db,
  );
  assert.deepEqual(
    rows.rows.map((row) => row.name),
    [...migrationNames],
  );
});
