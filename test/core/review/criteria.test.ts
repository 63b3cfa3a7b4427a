import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveReviewWeights } from '../../../src/core/review/criteria.ts';

test('the default weights are 30/25/15/10/10/10, normalised to sum to 1', () => {
  const result = resolveReviewWeights();
  assert.ok(result.ok);
  assert.deepEqual(result.weights, {
    adherence: 0.3,
    correctness: 0.25,
    architecture: 0.15,
    readability: 0.1,
    security: 0.1,
    performance: 0.1,
  });
});

test('a configured weight replaces its default; the others keep theirs; all are normalised', () => {
  const result = resolveReviewWeights({ security: 60, performance: 0 });
  assert.ok(result.ok);
  // 30 + 25 + 15 + 10 + 60 + 0 = 140
  assert.equal(result.weights.security, 60 / 140);
  assert.equal(result.weights.adherence, 30 / 140);
  assert.equal(result.weights.performance, 0);
  const sum = Object.values(result.weights).reduce((total, weight) => total + weight, 0);
  assert.ok(Math.abs(sum - 1) < 1e-12);
});

test('weights must be known, non-negative, finite and not all zero', () => {
  const unknown = resolveReviewWeights({ style: 10 });
  assert.equal(unknown.ok, false);
  assert.deepEqual(
    unknown.diagnostics.map((diagnostic) => diagnostic.code),
    ['REVIEW_WEIGHT_UNKNOWN'],
  );
  const negative = resolveReviewWeights({ adherence: -1, correctness: Number.NaN });
  assert.equal(negative.ok, false);
  assert.deepEqual(
    negative.diagnostics.map((diagnostic) => diagnostic.code),
    ['REVIEW_WEIGHT_INVALID', 'REVIEW_WEIGHT_INVALID'],
  );
  const zero = resolveReviewWeights({
    adherence: 0,
    correctness: 0,
    architecture: 0,
    readability: 0,
    security: 0,
    performance: 0,
  });
  assert.equal(zero.ok, false);
  assert.equal(zero.diagnostics[0]?.code, 'REVIEW_WEIGHTS_ZERO');
});
