import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requireInstance, resolveInstance } from '../../src/core/instance.ts';
import { BatonError } from '../../src/errors.ts';

test('BATON_INSTANCE wins over CLAUDE_INSTANCE, which wins over the flag', () => {
  assert.equal(resolveInstance({ env: { BATON_INSTANCE: 'A', CLAUDE_INSTANCE: 'B' }, flag: 'C' }), 'A');
  assert.equal(resolveInstance({ env: { CLAUDE_INSTANCE: 'B' }, flag: 'C' }), 'B');
  assert.equal(resolveInstance({ env: {}, flag: 'C' }), 'C');
  assert.equal(resolveInstance({ env: { BATON_INSTANCE: '  ' }, flag: undefined }), undefined);
});

test('an invalid id is a usage error naming where it came from', () => {
  assert.throws(
    () => resolveInstance({ env: { BATON_INSTANCE: 'a b' } }),
    (error: unknown) =>
      error instanceof BatonError && error.code === 'USAGE' && /BATON_INSTANCE/.test(error.message),
  );
  assert.throws(() => resolveInstance({ env: {}, flag: 'x'.repeat(129) }), BatonError);
  // A runner's reviewer instance for a plan id of 100 characters is still an id.
  const long = `run.${'p'.repeat(100)}.T12.review`;
  assert.equal(resolveInstance({ env: { BATON_INSTANCE: long } }), long);
  assert.equal(resolveInstance({ env: {}, flag: 'feature-1.3_0' }), 'feature-1.3_0');
});

test("requireInstance says how to set one, in the seed's words", () => {
  assert.throws(
    () => requireInstance({ env: {} }),
    (error: unknown) =>
      error instanceof BatonError &&
      error.code === 'INSTANCE_MISSING' &&
      error.exitCode === 2 &&
      error.message.includes('shows as ?') &&
      error.message.includes('BATON_INSTANCE=A'),
  );
});
