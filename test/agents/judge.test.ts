// The one judge (`baton run`'s rounds and `baton review`): its samples, the one retry of an
// unreadable answer, the budget hook before every call, and failures as outcomes, not throws.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Backend, ReviewRequest } from '../../src/agents/backend.ts';
import { judgeReview } from '../../src/agents/judge.ts';
import type { Plan, PlanTask } from '../../src/core/plan/model.ts';
import { BatonError } from '../../src/errors.ts';

const answer = (score: number) =>
  JSON.stringify({
    scores: Object.fromEntries(
      ['adherence', 'correctness', 'architecture', 'readability', 'security', 'performance'].map((key) => [
        key,
        score,
      ]),
    ),
    issues: [],
    summary: 'Done as asked.',
  });

function reviewer(texts: Array<string | Error>): Backend & { requests: ReviewRequest[] } {
  const requests: ReviewRequest[] = [];
  return {
    kind: 'command',
    description: 'command ./review.sh',
    requests,
    async review(request) {
      requests.push(request);
      const next = texts.shift();
      if (next === undefined) throw new Error('asked once too often');
      if (next instanceof Error) throw next;
      return { text: next };
    },
  };
}

const request = (): ReviewRequest => ({
  planId: 'p',
  plan: {} as Plan,
  task: { id: 'T1' } as PlanTask,
  diff: '',
  verification: [],
  workdir: '.',
  signal: new AbortController().signal,
});
const verification = { passed: true, failures: [] } as never;

test('every sample is asked for, an unreadable answer is retried once, and the budget is asked before each call', async () => {
  const backend = reviewer([answer(90), 'not json', answer(80)]);
  let calls = 0;
  const outcome = await judgeReview(backend, request(), {
    samples: 2,
    verification,
    beforeCall: () => void calls++,
  });
  assert.ok(outcome.judged);
  assert.equal(calls, 3);
  assert.deepEqual(
    outcome.samples.map((sample) => sample.attempts),
    [1, 2],
  );
  assert.equal(backend.requests[2]!.previousAnswer?.text, 'not json');
  assert.equal(outcome.result.total, 85);
});

test("a reviewer's failure and an answer unreadable twice are outcomes, with the error to throw", async () => {
  const failed = await judgeReview(reviewer([new Error('model unreachable')]), request(), {
    samples: 1,
    verification,
  });
  assert.deepEqual(
    failed.judged ? undefined : 'reviewerFailed' in failed && failed.reviewerFailed,
    'model unreachable',
  );
  const unreadable = await judgeReview(reviewer(['nope', 'still nope']), request(), {
    samples: 1,
    verification,
  });
  assert.ok(!unreadable.judged && 'unreadable' in unreadable && unreadable.unreadable.length > 0);
  assert.ok(
    !unreadable.judged &&
      unreadable.error instanceof BatonError &&
      unreadable.error.code === 'REVIEW_INVALID',
  );
});

test('the budget stops the judgement: its error is thrown, before the reviewer is called', async () => {
  const backend = reviewer([answer(90)]);
  await assert.rejects(
    judgeReview(backend, request(), {
      samples: 1,
      verification,
      beforeCall: () => {
        throw new BatonError('BUDGET_EXCEEDED', 'over budget');
      },
    }),
    (error: unknown) => error instanceof BatonError && error.code === 'BUDGET_EXCEEDED',
  );
  assert.equal(backend.requests.length, 0);
});
