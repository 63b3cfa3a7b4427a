import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scoreReview } from '../../../src/core/review/score-review.ts';
import { BatonError } from '../../../src/errors.ts';
import { answer, passed } from './judge-answers.ts';

test('the total is the weighted sum of the criterion scores', () => {
  const review = scoreReview({
    samples: [
      answer({
        adherence: 100,
        correctness: 80,
        architecture: 60,
        readability: 40,
        security: 20,
        performance: 0,
      }),
    ],
    verification: passed,
  });
  // 0.30·100 + 0.25·80 + 0.15·60 + 0.10·40 + 0.10·20 + 0.10·0 = 30 + 20 + 9 + 4 + 2 + 0
  assert.equal(review.total, 65);
  assert.equal(review.verdict, 'changes-requested');
  assert.deepEqual(
    review.criteria.map((score) => [score.criterion, score.weight, score.mean]),
    [
      ['adherence', 0.3, 100],
      ['correctness', 0.25, 80],
      ['architecture', 0.15, 60],
      ['readability', 0.1, 40],
      ['security', 0.1, 20],
      ['performance', 0.1, 0],
    ],
  );
});

test('configured weights change the total', () => {
  const samples = [answer({ all: 50, security: 100 })];
  assert.equal(scoreReview({ samples, verification: passed }).total, 55);
  // security 10 → 110: weights now sum to 200, of which 90 score 50 and 110 score 100.
  const review = scoreReview({ samples, weights: { security: 110 }, verification: passed });
  assert.equal(review.total, (90 * 50 + 110 * 100) / 200);
  assert.equal(review.total, 77.5);
  assert.throws(
    () => scoreReview({ samples, weights: { security: -1 }, verification: passed }),
    (error) => error instanceof BatonError && error.code === 'CONFIG_INVALID',
  );
});

test('a total of exactly the threshold is approved; a hair below is not', () => {
  const atThreshold = scoreReview({ samples: [answer({ all: 90 })], verification: passed });
  assert.equal(atThreshold.total, 90);
  assert.equal(atThreshold.threshold, 90);
  assert.equal(atThreshold.verdict, 'approved');

  // 90 everywhere but readability 89: 90 − 0.1 = 89.9.
  const below = scoreReview({ samples: [answer({ all: 90, readability: 89 })], verification: passed });
  assert.equal(below.total, 89.9);
  assert.equal(below.verdict, 'changes-requested');
  assert.match(below.reasons.join(' '), /89\.9 is below the threshold 90/);

  // Weights that do not add up evenly in binary must not turn a 90 into 89.99999.
  const uneven = scoreReview({
    samples: [answer({ all: 90 })],
    // Summed naively these give 89.99999999999997.
    weights: { adherence: 1, correctness: 6, architecture: 3, readability: 7, security: 1, performance: 1 },
    verification: passed,
  });
  assert.equal(uneven.total, 90);
  assert.equal(uneven.verdict, 'approved');

  const customThreshold = scoreReview({
    samples: [answer({ all: 80 })],
    threshold: 80,
    verification: passed,
  });
  assert.equal(customThreshold.verdict, 'approved');
});

test('failed verification means changes requested, even with a perfect score', () => {
  const review = scoreReview({
    samples: [answer({ all: 100 })],
    verification: { passed: false, failures: [{ command: 'npm test', exitCode: 1, stderr: '1 failing' }] },
  });
  assert.equal(review.total, 100);
  assert.equal(review.verdict, 'changes-requested');
  assert.equal(review.verificationPassed, false);
  assert.match(review.reasons[0]!, /verification failed: `npm test` \(exit code 1\)/);

  // A failure listed counts even when `passed` claims otherwise.
  const inconsistent = scoreReview({
    samples: [answer({ all: 100 })],
    verification: { passed: true, failures: [{ command: 'npm run lint', exitCode: null, timedOut: true }] },
  });
  assert.equal(inconsistent.verdict, 'changes-requested');
  assert.match(inconsistent.reasons[0]!, /`npm run lint` \(timed out\)/);
});

test('two samples: the mean and the spread per criterion, and the total of the means', () => {
  const review = scoreReview({
    samples: [
      answer({ all: 90, correctness: 70, security: 100 }, { summary: 'first' }),
      answer({ all: 90, correctness: 90, security: 80 }, { summary: 'second' }),
    ],
    verification: passed,
  });
  const correctness = review.criteria.find((score) => score.criterion === 'correctness')!;
  assert.deepEqual(correctness, {
    criterion: 'correctness',
    weight: 0.25,
    mean: 80,
    min: 70,
    max: 90,
    standardDeviation: 10,
    scores: [70, 90],
  });
  const adherence = review.criteria.find((score) => score.criterion === 'adherence')!;
  assert.equal(adherence.standardDeviation, 0);
  assert.equal(adherence.min, adherence.max);
  // 0.3·90 + 0.25·80 + 0.15·90 + 0.1·90 + 0.1·90 + 0.1·90 = 27 + 20 + 13.5 + 27 = 87.5
  assert.equal(review.total, 87.5);
  assert.equal(review.sampleCount, 2);
  assert.deepEqual(review.summaries, ['first', 'second']);
});

test('three samples: the population standard deviation', () => {
  const review = scoreReview({
    samples: [answer({ all: 60 }), answer({ all: 70 }), answer({ all: 95 })],
    verification: passed,
  });
  const score = review.criteria[0]!;
  assert.equal(score.mean, 75);
  // deviations −15, −5, 20 → (225 + 25 + 400) / 3
  assert.ok(Math.abs(score.standardDeviation - Math.sqrt(650 / 3)) < 1e-12);
});

test('issues are deduplicated across samples, gravest severity kept, high first', () => {
  const review = scoreReview({
    samples: [
      answer(
        { all: 80 },
        {
          issues: [
            { severity: 'low', message: 'Name `x` is vague.', file: 'src/a.ts' },
            { severity: 'medium', message: 'Missing test for the empty list.', file: 'src/list.ts' },
            { severity: 'medium', message: 'Missing test for the empty list.', file: 'src/list.ts' },
          ],
        },
      ),
      answer(
        { all: 80 },
        {
          issues: [
            { severity: 'high', message: 'missing test  for the empty list', file: 'src/list.ts' },
            { severity: 'high', message: 'SQL built by string concatenation.', file: 'src/db.ts' },
            { severity: 'low', message: 'Name `x` is vague.', file: 'src/b.ts' },
          ],
        },
      ),
    ],
    verification: passed,
  });
  assert.deepEqual(
    review.issues.map((issue) => [issue.severity, issue.file, issue.message, issue.samples]),
    [
      ['high', 'src/list.ts', 'Missing test for the empty list.', 2],
      ['high', 'src/db.ts', 'SQL built by string concatenation.', 1],
      ['low', 'src/a.ts', 'Name `x` is vague.', 1],
      ['low', 'src/b.ts', 'Name `x` is vague.', 1],
    ],
  );
});

test('no samples, or a threshold outside 0–100, is a programming error', () => {
  assert.throws(() => scoreReview({ samples: [], verification: passed }), BatonError);
  assert.throws(
    () => scoreReview({ samples: [answer({ all: 90 })], threshold: 120, verification: passed }),
    BatonError,
  );
});
