import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDuration } from '../../../src/core/duration.ts';
import { formatDuration, parseSince } from '../../../src/core/pool/time.ts';
import { BatonError } from '../../../src/errors.ts';

const now = Date.parse('2026-01-02T12:00:00Z');

test('parseSince reads durations back from now and ISO times', () => {
  assert.equal(parseSince('30m', now), now - 30 * 60_000);
  assert.equal(parseSince('2h', now), now - 2 * 3_600_000);
  assert.equal(parseSince('1d', now), now - 86_400_000);
  assert.equal(parseSince('2026-01-02T10:00:00Z', now), Date.parse('2026-01-02T10:00:00Z'));
  assert.equal(parseSince('2026-01-01', now), Date.parse('2026-01-01'));
});

test('parseSince refuses what it cannot read, as a usage error', () => {
  for (const bad of ['yesterday', '30', '-5m', '1y', '', '2026-13-45', '0m']) {
    assert.throws(
      () => parseSince(bad, now),
      (error: unknown) => error instanceof BatonError && error.code === 'USAGE' && error.exitCode === 2,
      bad,
    );
  }
});

test('parseDuration and formatDuration', () => {
  assert.equal(parseDuration('30m'), 1_800_000);
  assert.equal(parseDuration('500ms'), 500);
  assert.throws(() => parseDuration('30 minutes', '--ttl'), /--ttl: cannot read "30 minutes"/);
  assert.equal(formatDuration(24 * 60_000), '24m');
  assert.equal(formatDuration(125 * 60_000), '2h 5m');
  assert.equal(formatDuration(30_000), '30s');
});
