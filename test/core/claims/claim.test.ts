import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Claim, claimBlocks, patternsOverlap } from '../../../src/core/claims/claim.ts';
import { describeHeldClaim } from '../../../src/core/claims/describe-claim.ts';
import { folderToGlob, normalizeRepositoryPattern } from '../../../src/core/claims/pattern.ts';
import { BatonError } from '../../../src/errors.ts';

test('two paths overlap exactly: the same file, or a folder holding the other', () => {
  assert.equal(patternsOverlap('src/a.ts', 'src/a.ts'), true);
  assert.equal(patternsOverlap('src/a.ts', 'src/b.ts'), false);
  assert.equal(patternsOverlap('src/a.ts', 'src/a.tsx'), false);
  assert.equal(patternsOverlap('src', 'src/a.ts'), true);
  assert.equal(patternsOverlap('app/(main)/cv/page.tsx', 'app/(main)/cv/page.tsx'), true);
});

test('a path and a glob overlap exactly', () => {
  assert.equal(patternsOverlap('src/a.ts', 'src/*.ts'), true);
  assert.equal(patternsOverlap('src/*.ts', 'src/deep/a.ts'), false);
  assert.equal(patternsOverlap('src/deep/a.ts', 'src/**'), true);
  assert.equal(patternsOverlap('test/a.ts', 'src/**'), false);
});

test('two globs overlap conservatively', () => {
  assert.equal(patternsOverlap('src/**', 'src/core/*.ts'), true);
  assert.equal(patternsOverlap('src/*.ts', 'src/*.md'), false);
  assert.equal(patternsOverlap('src/**', 'test/**'), false);
  assert.equal(patternsOverlap('**/*.ts', 'src/a*'), true);
});

test('only an exclusive claim of another instance blocks; shared ones coexist', () => {
  const held = { instance: 'A', pattern: 'src/a.ts', exclusive: true };
  assert.equal(claimBlocks(held, { instance: 'B', pattern: 'src/a.ts', exclusive: false }), true);
  assert.equal(claimBlocks(held, { instance: 'A', pattern: 'src/a.ts', exclusive: true }), false);
  const shared = { ...held, exclusive: false };
  assert.equal(claimBlocks(shared, { instance: 'B', pattern: 'src/a.ts', exclusive: false }), false);
  assert.equal(claimBlocks(shared, { instance: 'B', pattern: 'src/a.ts', exclusive: true }), true);
  assert.equal(claimBlocks(held, { instance: 'B', pattern: 'src/b.ts', exclusive: true }), false);
});

test('a held claim is described with holder, reason and lease end', () => {
  const now = new Date(2026, 0, 2, 14, 8).getTime();
  const claim: Claim = {
    id: 1,
    instance: 'A',
    pattern: 'src/a.ts',
    exclusive: true,
    reason: 'refactor auth',
    acquiredAt: now,
    expiresAt: now + 24 * 60_000,
    planId: null,
    taskId: null,
    sessionId: null,
  };
  assert.equal(
    describeHeldClaim('src/a.ts', claim, now),
    'src/a.ts is held by instance A (reason: refactor auth) until 14:32 (in 24m)',
  );
  assert.equal(
    describeHeldClaim('src/a.ts', { ...claim, pattern: 'src/**', reason: null }, now),
    'src/a.ts is held by instance A through src/** until 14:32 (in 24m)',
  );
});

test('patterns are made repository-relative; escaping the repository is a usage error', () => {
  const base = { repositoryRoot: '/repo', cwd: '/repo/src' };
  assert.equal(normalizeRepositoryPattern('a.ts', base), 'src/a.ts');
  assert.equal(normalizeRepositoryPattern('./core/*.ts', base), 'src/core/*.ts');
  assert.equal(normalizeRepositoryPattern('/repo/test/', base), 'test/');
  assert.equal(folderToGlob('test/'), 'test/**');
  for (const outside of ['../../etc/passwd', '/etc/passwd', '..']) {
    assert.throws(
      () => normalizeRepositoryPattern(outside, base),
      (error: unknown) => error instanceof BatonError && error.code === 'USAGE',
      outside,
    );
  }
});
