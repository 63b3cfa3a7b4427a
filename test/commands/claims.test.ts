import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { listClaims } from '../../src/store/claim-leases.ts';
import { runBaton, startBaton } from '../support/cli.ts';
import { makeRepository } from '../support/repository.ts';
import { storeTargets } from '../support/stores.ts';

for (const target of storeTargets) {
  test(`${target.name}: the claim race: ten baton processes claiming one file → exactly one holder`, {
    skip: target.skip,
    timeout: 120_000,
  }, async (t) => {
    const repository = makeRepository(t);
    const { store, environment } = await target.open(t, repository);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        startBaton(repository, ['claim', 'src/hot.ts', '--reason', `worker ${index}`], {
          env: { ...environment, BATON_INSTANCE: `W${index}` },
        }),
      ),
    );
    const statuses = results.map((result) => result.status).sort();
    assert.deepEqual(
      statuses,
      [0, 1, 1, 1, 1, 1, 1, 1, 1, 1],
      results.map((result) => result.stderr).join('\n'),
    );
    const claims = await listClaims(store);
    assert.equal(claims.length, 1);
    const holder = claims[0]!.instance;
    for (const result of results.filter((candidate) => candidate.status === 1)) {
      assert.match(result.stderr, /CLAIM_HELD/);
      assert.match(
        result.stderr,
        new RegExp(
          `src/hot\\.ts is held by instance ${holder} \\(reason: worker \\d\\) until \\d\\d:\\d\\d \\(in 30m\\)`,
        ),
      );
    }
  });
}

test('claim, list, release through the CLI, with --json and text', async (t) => {
  const repository = makeRepository(t);
  mkdirSync(path.join(repository, 'src', 'auth'), { recursive: true });
  writeFileSync(path.join(repository, 'src', 'auth', 'login.ts'), '');
  const asA = { env: { BATON_INSTANCE: 'A' } };
  const asB = { env: { BATON_INSTANCE: 'B' } };

  const granted = runBaton(
    repository,
    ['claim', 'src/auth', '--reason', 'refactor auth', '--ttl', '10m', '--json'],
    asA,
  );
  assert.equal(granted.status, 0, granted.stderr);
  const claim = JSON.parse(granted.stdout).claims[0];
  assert.equal(claim.pattern, 'src/auth/**', 'a folder is claimed as everything under it');
  assert.equal(claim.expiresAt - claim.acquiredAt, 10 * 60_000);

  // From a subfolder, a relative path is made repository-relative.
  const denied = runBaton(path.join(repository, 'src'), ['claim', 'auth/login.ts', '--json'], asB);
  assert.equal(denied.status, 1);
  const error = JSON.parse(denied.stdout).error;
  assert.equal(error.code, 'CLAIM_HELD');
  assert.match(
    error.message,
    /^src\/auth\/login\.ts is held by instance A through src\/auth\/\*\* \(reason: refactor auth\) until/,
  );

  const shared = runBaton(repository, ['claim', 'docs/*.md', '--shared'], asB);
  assert.equal(shared.status, 0, shared.stderr);
  assert.match(shared.stdout, /claimed docs\/\*\.md {2}B {2}shared/);

  const list = runBaton(repository, ['claims'], asA);
  assert.equal(list.status, 0);
  assert.match(list.stdout, /^\* src\/auth\/\*\* {2}A {2}exclusive/m);
  assert.match(list.stdout, /^ {2}docs\/\*\.md {2}B {2}shared/m);

  const outside = runBaton(repository, ['claim', '../elsewhere.ts'], asA);
  assert.equal(outside.status, 2);
  assert.match(outside.stderr, /outside the repository/);

  const badTtl = runBaton(repository, ['claim', 'x.ts', '--ttl', 'soon'], asA);
  assert.equal(badTtl.status, 2);

  const released = runBaton(repository, ['release', '--all', '--json'], asA);
  assert.equal(released.status, 0);
  assert.deepEqual(
    JSON.parse(released.stdout).released.map((found: { pattern: string }) => found.pattern),
    ['src/auth/**'],
  );
  const after = JSON.parse(runBaton(repository, ['claims', '--json']).stdout).claims;
  assert.deepEqual(
    after.map((found: { instance: string }) => found.instance),
    ['B'],
  );

  const nothing = runBaton(repository, ['release'], asA);
  assert.equal(nothing.status, 2);
});

test('claiming without an instance exits 2 and writes nothing', async (t) => {
  const repository = makeRepository(t);
  const result = runBaton(repository, ['claim', 'src/a.ts']);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /INSTANCE_MISSING: no instance id \(shows as \?\)/);
  assert.equal(
    existsSync(path.join(repository, '.baton', 'baton.db')),
    false,
    'the store was not even opened',
  );
  const listed = runBaton(repository, ['claims', '--json']);
  assert.deepEqual(JSON.parse(listed.stdout).claims, []);
});

test('re-claiming reports a downgrade and the new lease; two globs "may overlap"', (t) => {
  const repository = makeRepository(t);
  const asA = { env: { BATON_INSTANCE: 'A' } };
  const asB = { env: { BATON_INSTANCE: 'B' } };
  assert.equal(runBaton(repository, ['claim', 'src/x.ts', '--ttl', '30m'], asA).status, 0);
  const again = runBaton(repository, ['claim', 'src/x.ts', '--shared', '--ttl', '30s'], asA);
  assert.equal(again.status, 0, again.stderr);
  assert.match(
    again.stdout,
    /src\/x\.ts {2}A {2}shared .*\[re-claimed: now shared; lease was until \d\d:\d\d, now until/,
  );
  const json = runBaton(repository, ['claim', 'src/x.ts', '--ttl', '10m', '--json'], asA);
  const output = JSON.parse(json.stdout);
  assert.equal(output.changes[0].nowMode, 'exclusive');
  assert.equal(typeof output.changes[0].previousExpiresAt, 'number');

  assert.equal(runBaton(repository, ['claim', 'lib/*.ts'], asA).status, 0);
  const globs = runBaton(repository, ['claim', 'lib/a*'], asB);
  assert.equal(globs.status, 1);
  assert.match(globs.stderr, /lib\/a\* may overlap lib\/\*\.ts, held by instance A/);
});
