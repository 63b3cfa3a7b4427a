import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  acquireClaims,
  findConflictingClaim,
  listClaims,
  renewClaims,
} from '../../src/store/claim-leases.ts';
import { releaseClaims } from '../../src/store/claim-release.ts';
import { storeTargets } from '../support/stores.ts';

const minute = 60_000;
const now = Date.parse('2026-01-02T12:00:00Z');

for (const target of storeTargets) {
  test(`${target.name}: an exclusive claim keeps others out and is an event either way`, {
    skip: target.skip,
  }, async (t) => {
    const { store } = await target.open(t);
    const granted = await acquireClaims(store, {
      instance: 'A',
      patterns: ['src/a.ts'],
      ttlMs: 30 * minute,
      exclusive: true,
      reason: 'refactor auth',
      now,
    });
    assert.ok('granted' in granted);
    assert.equal(granted.granted[0]?.expiresAt, now + 30 * minute);

    const denied = await acquireClaims(store, {
      instance: 'B',
      patterns: ['src/b.ts', 'src/a.ts'],
      ttlMs: 30 * minute,
      exclusive: true,
      now: now + minute,
    });
    assert.ok('denied' in denied);
    assert.deepEqual(
      denied.denied.map((denial) => [denial.pattern, denial.heldBy.instance, denial.heldBy.reason]),
      [['src/a.ts', 'A', 'refactor auth']],
    );
    // All or nothing: src/b.ts was free, yet nothing was granted to B.
    assert.deepEqual(
      (await listClaims(store, { now: now + minute })).map((claim) => [claim.instance, claim.pattern]),
      [['A', 'src/a.ts']],
    );
    const events = await store.db
      .selectFrom('events')
      .select(['kind', 'instance', 'affects'])
      .orderBy('id')
      .execute();
    assert.deepEqual(
      events.map((row) => ({ ...row })),
      [
        { kind: 'claim-granted', instance: 'A', affects: '["src/a.ts"]' },
        { kind: 'claim-denied', instance: 'B', affects: '["src/a.ts"]' },
      ],
    );
  });

  test(`${target.name}: an expired claim never blocks and is cleaned up`, {
    skip: target.skip,
  }, async (t) => {
    const { store } = await target.open(t);
    await acquireClaims(store, { instance: 'A', patterns: ['src/a.ts'], ttlMs: 10, exclusive: true, now });
    assert.equal(
      await findConflictingClaim(store, { instance: 'B', path: 'src/a.ts', now: now + 5 }).then(Boolean),
      true,
    );
    assert.equal(
      await findConflictingClaim(store, { instance: 'B', path: 'src/a.ts', now: now + 10 }),
      undefined,
    );
    assert.deepEqual(await listClaims(store, { now: now + 10 }), []);
    const result = await acquireClaims(store, {
      instance: 'B',
      patterns: ['src/a.ts'],
      ttlMs: minute,
      exclusive: true,
      now: now + 11,
    });
    assert.ok('granted' in result);
    const rows = await store.db.selectFrom('claims').select(['instance']).execute();
    assert.deepEqual(
      rows.map((row) => row.instance),
      ['B'],
      'the expired row was removed',
    );
  });

  test(`${target.name}: claiming again renews the lease; renewClaims extends live leases only`, {
    skip: target.skip,
  }, async (t) => {
    const { store } = await target.open(t);
    await acquireClaims(store, {
      instance: 'A',
      patterns: ['src/a.ts', 'src/b.ts'],
      ttlMs: 10 * minute,
      exclusive: true,
      now,
    });
    const again = await acquireClaims(store, {
      instance: 'A',
      patterns: ['src/a.ts'],
      ttlMs: 10 * minute,
      exclusive: true,
      now: now + 5 * minute,
    });
    assert.ok('granted' in again);
    assert.equal(again.granted[0]?.expiresAt, now + 15 * minute);
    const claims = await listClaims(store, { now: now + 5 * minute });
    assert.equal(claims.length, 2, 'renewing does not add a second row');

    const renewed = await renewClaims(store, {
      instance: 'A',
      ttlMs: 20 * minute,
      patterns: ['src/b.ts'],
      now: now + 9 * minute,
    });
    assert.deepEqual(
      renewed.map((claim) => [claim.pattern, claim.expiresAt]),
      [['src/b.ts', now + 29 * minute]],
    );
    // src/a.ts ends at +15m; at +16m it is gone and renewing does not revive it.
    const late = await renewClaims(store, { instance: 'A', ttlMs: 20 * minute, now: now + 16 * minute });
    assert.deepEqual(
      late.map((claim) => claim.pattern),
      ['src/b.ts'],
    );
  });

  test(`${target.name}: shared claims coexist with shared ones, not with exclusive ones`, {
    skip: target.skip,
  }, async (t) => {
    const { store } = await target.open(t);
    const claim = (instance: string, exclusive: boolean, pattern = 'docs/guide.md') =>
      acquireClaims(store, { instance, patterns: [pattern], ttlMs: minute, exclusive, now });
    assert.ok('granted' in (await claim('A', false)));
    assert.ok('granted' in (await claim('B', false)));
    assert.ok('denied' in (await claim('C', true)));
    assert.ok('denied' in (await claim('C', true, 'docs/**')));
    // A shared claim does not stop an edit by another instance; an exclusive request sees it.
    assert.equal(await findConflictingClaim(store, { instance: 'C', path: 'docs/guide.md', now }), undefined);
    assert.equal(
      (await findConflictingClaim(store, { instance: 'C', path: 'docs/guide.md', now, exclusive: true }))
        ?.instance,
      'A',
    );
    assert.ok('granted' in (await claim('D', true, 'docs/other.md')));
    assert.ok('denied' in (await claim('E', false, 'docs/other.md')));
  });

  test(`${target.name}: globs and paths overlap as expected`, { skip: target.skip }, async (t) => {
    const { store } = await target.open(t);
    const claim = (instance: string, pattern: string) =>
      acquireClaims(store, { instance, patterns: [pattern], ttlMs: minute, exclusive: true, now });
    assert.ok('granted' in (await claim('A', 'src/core/**')));
    assert.ok('denied' in (await claim('B', 'src/core/pool/entry.ts')));
    assert.ok('denied' in (await claim('B', 'src/**/*.ts')));
    assert.ok('granted' in (await claim('B', 'src/store/*.ts')));
    assert.ok('denied' in (await claim('C', 'src/store/claims.ts')));
    assert.ok('granted' in (await claim('C', 'src/store/deep/claims.ts')));
    assert.equal(
      (await findConflictingClaim(store, { instance: 'C', path: 'src/core/x.ts', now }))?.pattern,
      'src/core/**',
    );
    assert.equal(await findConflictingClaim(store, { instance: 'A', path: 'src/core/x.ts', now }), undefined);
  });

  test(`${target.name}: release some, release all, and what was not held`, {
    skip: target.skip,
  }, async (t) => {
    const { store } = await target.open(t);
    await acquireClaims(store, {
      instance: 'A',
      patterns: ['a.ts', 'b.ts', 'c/**'],
      ttlMs: minute,
      exclusive: true,
      now,
    });
    await acquireClaims(store, { instance: 'B', patterns: ['d.ts'], ttlMs: minute, exclusive: true, now });
    const some = await releaseClaims(store, { instance: 'A', patterns: ['a.ts', 'd.ts'], now });
    assert.deepEqual(
      some.released.map((claim) => claim.pattern),
      ['a.ts'],
    );
    assert.deepEqual(some.notHeld, ['d.ts']);
    const all = await releaseClaims(store, { instance: 'A', all: true, now });
    assert.deepEqual(all.released.map((claim) => claim.pattern).sort(), ['b.ts', 'c/**']);
    assert.deepEqual(
      (await listClaims(store, { now })).map((claim) => claim.instance),
      ['B'],
    );
    const released = await store.db
      .selectFrom('events')
      .select('affects')
      .where('kind', '=', 'claim-released')
      .execute();
    assert.equal(released.length, 2);
  });

  test(`${target.name}: ten concurrent claims on one file in one process → one holder`, {
    skip: target.skip,
  }, async (t) => {
    const { store } = await target.open(t);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        acquireClaims(store, {
          instance: `I${index}`,
          patterns: ['src/hot.ts'],
          ttlMs: minute,
          exclusive: true,
          now,
        }),
      ),
    );
    assert.equal(results.filter((result) => 'granted' in result).length, 1);
    assert.equal((await listClaims(store, { now })).length, 1);
  });
}

for (const target of storeTargets) {
  test(`${target.name}: a re-claim sets the requested mode and a lease of now + ttl, and reports both`, {
    skip: target.skip,
  }, async (t) => {
    const { store } = await target.open(t);
    await acquireClaims(store, {
      instance: 'A',
      patterns: ['src/a.ts'],
      ttlMs: 30 * minute,
      exclusive: true,
      now,
    });
    const again = await acquireClaims(store, {
      instance: 'A',
      patterns: ['src/a.ts'],
      ttlMs: 1000,
      exclusive: false,
      now: now + minute,
    });
    assert.ok('granted' in again);
    assert.equal(again.granted[0]?.exclusive, false);
    assert.equal(again.granted[0]?.expiresAt, now + minute + 1000, 'asking for 1s means 1s');
    assert.deepEqual(again.changes, [
      { pattern: 'src/a.ts', nowMode: 'shared', previousExpiresAt: now + 30 * minute },
    ]);
    // Back to exclusive is refused while another instance shares it.
    await acquireClaims(store, {
      instance: 'B',
      patterns: ['src/a.ts'],
      ttlMs: minute,
      exclusive: false,
      now: now + minute,
    });
    const upgrade = await acquireClaims(store, {
      instance: 'A',
      patterns: ['src/a.ts'],
      ttlMs: minute,
      exclusive: true,
      now: now + minute,
    });
    assert.ok('denied' in upgrade);
  });
}
