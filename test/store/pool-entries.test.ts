import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import type { NewPoolEntry } from '../../src/core/pool/entry.ts';
import { BatonError } from '../../src/errors.ts';
import { latestPoolEntryId, postPoolEntries, queryPool, tailPool } from '../../src/store/pool-entries.ts';
import { storeTargets } from '../support/stores.ts';

const hour = 3_600_000;
const now = Date.parse('2026-01-02T12:00:00Z');

function entry(fields: Partial<NewPoolEntry> & Pick<NewPoolEntry, 'instance' | 'topic'>): NewPoolEntry {
  return { action: 'note', summary: `summary of ${fields.topic}`, ...fields };
}

const sample: NewPoolEntry[] = [
  entry({
    instance: 'A',
    action: 'completed',
    topic: 'Blog sidebar redesign',
    at: now - 3 * hour,
    affects: ['apps/web/Sidebar.tsx'],
  }),
  entry({
    instance: 'B',
    action: 'blocked',
    topic: 'PDF export failing',
    at: now - 2 * hour,
    affects: ['services/pdf-generator/'],
  }),
  entry({
    instance: 'A',
    action: 'researched',
    topic: 'Blog filtering',
    at: now - 30 * 60_000,
    planId: 'blog',
    affects: ['packages/blog/src/hooks/usePostFilters.ts'],
  }),
  entry({ instance: 'C', action: 'note', topic: '100%_sure', at: now - 10 * 60_000 }),
];

const setupScript = path.resolve(import.meta.dirname, '..', 'support', 'post-pool-entries.ts');

function runChild(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [setupScript, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? -1));
  });
}

for (const target of storeTargets) {
  test(`${target.name}: pool entries are posted in one batch and queried newest first with filters`, {
    skip: target.skip,
  }, async (t) => {
    const { store } = await target.open(t);
    const stored = await postPoolEntries(store, sample);
    assert.equal(stored.length, 4);
    assert.ok(stored.every((event) => event.kind === 'pool-posted'));

    const all = await queryPool(store);
    assert.deepEqual(
      all.map((found) => found.topic),
      ['100%_sure', 'Blog filtering', 'PDF export failing', 'Blog sidebar redesign'],
    );
    const topics = async (filters: Parameters<typeof queryPool>[1]) =>
      (await queryPool(store, filters)).map((found) => found.topic);

    assert.deepEqual(await topics({ since: now - hour }), ['100%_sure', 'Blog filtering']);
    assert.deepEqual(await topics({ instance: 'A' }), ['Blog filtering', 'Blog sidebar redesign']);
    assert.deepEqual(await topics({ instance: 'A', since: now - hour }), ['Blog filtering']);
    assert.deepEqual(await topics({ action: 'blocked' }), ['PDF export failing']);
    assert.deepEqual(await topics({ topic: 'BLOG' }), ['Blog filtering', 'Blog sidebar redesign']);
    // LIKE wildcards in the text are literal characters.
    assert.deepEqual(await topics({ topic: '%_' }), ['100%_sure']);
    assert.deepEqual(await topics({ topic: 'o_' }), []);
    assert.deepEqual(await topics({ planId: 'blog' }), ['Blog filtering']);
    assert.deepEqual(await topics({ limit: 1 }), ['100%_sure']);
    assert.deepEqual(await topics({ affects: 'apps/web/Sidebar.tsx' }), ['Blog sidebar redesign']);
    // A folder entry concerns the files inside it; a folder query takes the files inside it.
    assert.deepEqual(await topics({ affects: 'services/pdf-generator/src/index.ts' }), [
      'PDF export failing',
    ]);
    assert.deepEqual(await topics({ affects: 'packages/blog/' }), ['Blog filtering']);
    assert.deepEqual(await topics({ affects: 'packages/blog-other/x.ts' }), []);

    const [first] = all.slice(-1);
    assert.deepEqual(first, {
      id: stored[0]!.id,
      at: now - 3 * hour,
      instance: 'A',
      action: 'completed',
      topic: 'Blog sidebar redesign',
      summary: 'summary of Blog sidebar redesign',
      affects: ['apps/web/Sidebar.tsx'],
      blocks: null,
      planId: null,
      taskId: null,
      data: {},
    });
  });

  test(`${target.name}: an invalid entry in a batch posts nothing`, { skip: target.skip }, async (t) => {
    const { store } = await target.open(t);
    await assert.rejects(
      postPoolEntries(store, [sample[0]!, entry({ instance: 'A', topic: '', summary: 'x' })]),
      (error: unknown) => error instanceof BatonError && error.code === 'POOL_BLOCK_INVALID',
    );
    assert.deepEqual(await queryPool(store), []);
  });

  test(`${target.name}: tailPool follows entries by id`, { skip: target.skip }, async (t) => {
    const { store } = await target.open(t);
    assert.equal(await latestPoolEntryId(store), 0);
    await postPoolEntries(store, sample.slice(0, 2));
    const cursor = await latestPoolEntryId(store);
    await postPoolEntries(store, sample.slice(2));
    const next = await tailPool(store, cursor);
    assert.deepEqual(
      next.map((found) => found.topic),
      ['Blog filtering', '100%_sure'],
    );
    assert.deepEqual(
      (await tailPool(store, cursor, { instance: 'C' })).map((found) => found.topic),
      ['100%_sure'],
    );
    assert.deepEqual(await tailPool(store, next.at(-1)!.id), []);
  });

  test(`${target.name}: 8 processes posting 500 entries each at once → exactly 4,000, none lost or duplicated`, {
    skip: target.skip,
    timeout: 180_000,
  }, async (t) => {
    const { store, environment } = await target.open(t);
    const url = environment.BATON_DATABASE_URL ?? store.location;
    const schema = environment.BATON_DATABASE_SCHEMA ?? '-';
    const writers = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
    const codes = await Promise.all(writers.map((writer) => runChild([url, schema, writer, writer, '500'])));
    assert.deepEqual(
      codes,
      writers.map(() => 0),
    );

    const entries = await queryPool(store);
    assert.equal(entries.length, 4000);
    const summaries = new Set(entries.map((found) => found.summary));
    assert.equal(summaries.size, 4000);
    for (const writer of writers) {
      for (let index = 0; index < 500; index += 1) assert.ok(summaries.has(`${writer}-${index}`));
    }
    const ids = new Set(entries.map((found) => found.id));
    assert.equal(ids.size, 4000);
    const pathRows = await store.db.selectFrom('event_paths').select('event_id').execute();
    assert.equal(pathRows.length, 4000);
  });
}
