import assert from 'node:assert/strict';
import { test } from 'node:test';
import { feedbackForExecutor, outputTail } from '../../../src/core/review/feedback.ts';
import { scoreReview } from '../../../src/core/review/score-review.ts';
import { answer, passed } from './judge-answers.ts';

const failedVerification = {
  passed: false,
  failures: [
    {
      command: 'npm test',
      exitCode: 1,
      stdout: Array.from({ length: 100 }, (_, index) => `ok ${index + 1}`).join('\n'),
      stderr: '\x1b[31mAssertionError: expected 2, got 3\x1b[0m\n    at test/list.test.ts:12\n',
    },
    { command: 'npm run lint', exitCode: null, timedOut: true },
  ],
};

test('the feedback lists failed verify commands with their output tails, then the issues, high first', () => {
  const review = scoreReview({
    samples: [
      answer(
        { all: 95 },
        {
          issues: [
            { severity: 'low', message: 'Prefer a named constant.', file: 'src/list.ts' },
            { severity: 'high', message: 'The empty list crashes.\nSee line 12.', file: 'src/list.ts' },
            { severity: 'medium', message: 'No test for a single item.' },
          ],
          summary: 'Close, but the empty case crashes.',
        },
      ),
    ],
    verification: failedVerification,
  });
  const feedback = feedbackForExecutor(review, failedVerification, { tailLines: 5 });

  assert.match(feedback, /^# Review feedback: changes requested\n/);
  assert.match(feedback, /scored this round 95 out of 100 \(approval at 90\)/);
  assert.match(feedback, /### `npm test`: exit code 1/);
  assert.match(feedback, /### `npm run lint`: timed out\n\n\(no output\)/);
  // The tail, without colour codes: the error and the last lines of stdout, not the first.
  assert.match(feedback, /AssertionError: expected 2, got 3\n {4}at test\/list\.test\.ts:12/);
  assert.ok(!feedback.includes('\x1b['));
  assert.match(feedback, /\[95 earlier lines left out\]\nok 96\nok 97\nok 98\nok 99\nok 100/);
  assert.ok(!feedback.includes('ok 95\n'));

  const high = feedback.indexOf('### High');
  const medium = feedback.indexOf('### Medium');
  const low = feedback.indexOf('### Low');
  assert.ok(feedback.indexOf('## Failed verification') < high);
  assert.ok(high > 0 && high < medium && medium < low);
  assert.match(feedback, /- `src\/list\.ts`: The empty list crashes\.\n {2}See line 12\./);
  assert.match(feedback, /- No test for a single item\./);
  assert.match(feedback, /\| correctness \| 25% \| 95 \| — \|/);
  assert.match(feedback, /> Close, but the empty case crashes\./);
});

test('with several samples the feedback says how many agreed on each issue and shows the score range', () => {
  const samples = [
    answer(
      { all: 80 },
      { issues: [{ severity: 'high', message: 'Race on the cache.', file: 'src/cache.ts' }] },
    ),
    answer(
      { all: 90 },
      { issues: [{ severity: 'high', message: 'race on the cache', file: 'src/cache.ts' }] },
    ),
  ];
  const review = scoreReview({ samples, verification: passed });
  const feedback = feedbackForExecutor(review, passed);
  assert.match(feedback, /- `src\/cache\.ts`: Race on the cache\. \(2 of 2 reviews\)/);
  assert.match(feedback, /\| adherence \| 30% \| 85 \| 80–90 \|/);
  assert.ok(!feedback.includes('## Failed verification'));
});

test('approved work gets feedback that says nothing blocks it', () => {
  const review = scoreReview({ samples: [answer({ all: 100 })], verification: passed });
  const feedback = feedbackForExecutor(review, passed);
  assert.match(feedback, /^# Review feedback: approved\n/);
  assert.match(feedback, /Nothing blocks this task/);
  assert.ok(!feedback.includes('## Issues found'));
});

test('output containing a code fence cannot break out of its block', () => {
  const verification = {
    passed: false,
    failures: [
      { command: 'echo `date`', exitCode: 2, stdout: 'before\n```\n# Injected heading\n```\nafter' },
    ],
  };
  const review = scoreReview({ samples: [answer({ all: 100 })], verification });
  const feedback = feedbackForExecutor(review, verification);
  assert.match(feedback, /### `` echo `date` ``: exit code 2/);
  assert.match(feedback, /````text\nbefore\n```\n# Injected heading\n```\nafter\n````/);
});

test('a tail is cut by characters too', () => {
  assert.equal(outputTail('a\nb\nc\n', 2, 100), '[1 earlier lines left out]\nb\nc');
  assert.equal(outputTail('x'.repeat(50), 10, 10), `…${'x'.repeat(10)}`);
});
