// Pool figures (issue 3): entries posted per second by one writer and by 8 writer processes,
// and the median time of `pool query --since 1h --instance A` over 1,000,000 entries
// (target ≤ 10 ms, in-process, the query itself). SQLite always; Postgres too when
// BATON_TEST_DATABASE_URL or `--postgres URL` is given (in a schema of its own, dropped after).
//
//   node bench/pool.ts [--postgres postgres://…] [--rows 1000000]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { buildPoolQuery, queryPool } from '../src/store/pool-entries.ts';
import { openStore, type Store } from '../src/store/store.ts';

const argumentsGiven = process.argv.slice(2);
const optionValue = (name: string) => {
  const index = argumentsGiven.indexOf(name);
  return index >= 0 ? argumentsGiven[index + 1] : undefined;
};
const postgresUrl = optionValue('--postgres') ?? process.env.BATON_TEST_DATABASE_URL;
const totalRows = Number(optionValue('--rows') ?? 1_000_000);
const poster = path.resolve(import.meta.dirname, '..', 'test', 'support', 'post-pool-entries.ts');
const instances = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
const hour = 3_600_000;

function runPoster(url: string, schema: string, instance: string, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [poster, url, schema, instance, `${instance}${Date.now()}`, String(count)],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`writer ${instance} exited ${code}`)),
    );
  });
}

/** Entries per second over the whole run, process start-up included (what a hook pays). */
async function writersPerSecond(
  url: string,
  schema: string,
  writers: number,
  perWriter: number,
): Promise<number> {
  const started = performance.now();
  await Promise.all(
    instances.slice(0, writers).map((instance) => runPoster(url, schema, instance, perWriter)),
  );
  return (writers * perWriter) / ((performance.now() - started) / 1000);
}

/**
 * A million rows in one transaction, in multi-row inserts: spread over A..H and the last 24
 * hours, in time order as an append-only pool is (so the last hour is near the table's end).
 */
async function fill(store: Store, rows: number, now: number): Promise<void> {
  const batch = store.engine === 'postgres' ? 1000 : 500;
  const actions = ['completed', 'researched', 'started', 'note', 'edited', 'tested'];
  await store.db.transaction().execute(async (transaction) => {
    for (let start = 0; start < rows; start += batch) {
      const values = [];
      for (let index = start; index < Math.min(rows, start + batch); index += 1) {
        values.push({
          at: now - 24 * hour + Math.floor((index / rows) * 24 * hour),
          kind: 'pool-posted',
          instance: instances[index % instances.length]!,
          action: actions[index % actions.length]!,
          topic: `topic ${index % 997}`,
          summary: `generated entry ${index}`,
          affects: null,
          project: store.project,
          plan_id: null,
          task_id: null,
          blocks: null,
          data: null,
        });
      }
      await transaction.insertInto('events').values(values).execute();
    }
  });
  if (store.engine === 'postgres') await sql`analyze events`.execute(store.db);
  else await sql`analyze`.execute(store.db);
}

async function explain(store: Store, since: number): Promise<string> {
  const compiled = buildPoolQuery(store, { since, instance: 'A' }).compile();
  const prefix = store.engine === 'postgres' ? 'explain ' : 'explain query plan ';
  const result = await store.db.executeQuery<Record<string, unknown>>({
    ...compiled,
    sql: prefix + compiled.sql,
  });
  return result.rows
    .map((row) => String(row['QUERY PLAN'] ?? row.detail ?? JSON.stringify(row)))
    .join('\n      ');
}

async function medianMilliseconds(work: () => Promise<unknown>, runs: number): Promise<number> {
  for (let index = 0; index < 5; index += 1) await work();
  const times: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

async function benchEngine(name: string, url: string, schema: string | undefined): Promise<void> {
  console.log(`\n${name}`);
  const store = await openStore({ url, schema });
  try {
    const one = await writersPerSecond(url, schema ?? '-', 1, 2000);
    console.log(
      `  1 writer : ${one.toFixed(0).padStart(6)} entries/s  (2,000 entries, one transaction each, process start included)`,
    );
    const eight = await writersPerSecond(url, schema ?? '-', 8, 500);
    console.log(
      `  8 writers: ${eight.toFixed(0).padStart(6)} entries/s  (8 processes × 500 entries at once)`,
    );

    const now = Date.now();
    const filling = performance.now();
    await fill(store, totalRows, now);
    console.log(
      `  filled ${totalRows.toLocaleString('en')} entries in ${((performance.now() - filling) / 1000).toFixed(1)} s`,
    );
    const since = now - hour;
    console.log(`  plan: ${await explain(store, since)}`);
    const found = (await queryPool(store, { since, instance: 'A' })).length;
    const all = await medianMilliseconds(() => queryPool(store, { since, instance: 'A' }), 50);
    const limited = await medianMilliseconds(
      () => queryPool(store, { since, instance: 'A', limit: 50 }),
      200,
    );
    const mark = (value: number) => (value <= 10 ? 'ok' : 'OVER TARGET');
    console.log(
      `  queryPool --since 1h --instance A, all ${found.toLocaleString('en')} matches: median ${all.toFixed(2)} ms (target ≤ 10 ms: ${mark(all)})`,
    );
    console.log(
      `  queryPool --since 1h --instance A, limit 50 (pool query's default): median ${limited.toFixed(2)} ms (target ≤ 10 ms: ${mark(limited)})`,
    );
  } finally {
    await store.close();
  }
}

const directory = mkdtempSync(path.join(tmpdir(), 'baton-bench-pool-'));
try {
  console.log(
    `bench/pool.ts — Node ${process.version}, ${totalRows.toLocaleString('en')} entries for the query`,
  );
  await benchEngine('SQLite (node:sqlite, WAL)', path.join(directory, 'baton.db'), undefined);
  if (postgresUrl) {
    const schema = `baton_bench_${process.pid}`;
    try {
      await benchEngine('Postgres', postgresUrl, schema);
    } finally {
      const pg = (await import('pg')).default;
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    }
  } else {
    console.log('\nPostgres: skipped (set BATON_TEST_DATABASE_URL or pass --postgres URL)');
  }
} finally {
  rmSync(directory, { recursive: true, force: true });
}
