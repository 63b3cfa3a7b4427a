// A round's feedback and one-line reason name what baton refused the executor, next to what
// failed; `baton status` shows the last refusals under the task.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeStatus } from '../../src/commands/status.ts';
import { deniedSummary, feedbackForProblems, summarizeProblems } from '../../src/runner/round-feedback.ts';
import type { PlanStatus } from '../../src/runner/run-status.ts';

const refused = [
  "Write notes/other.txt: notes/other.txt is not among this task's declared files (notes/t1.txt).",
  'Bash `rm -rf /`: the command is refused.',
];

test('the feedback has a section listing each refusal; the summary names them after the failures', () => {
  const problems = {
    declaredFiles: ['notes/t1.txt'],
    executorFailure: 'exit code 1',
    denials: refused,
  };
  const feedback = feedbackForProblems(problems);
  assert.match(feedback, /## Refused during this round\n\nbaton refused these tool uses; each says why\./);
  assert.match(feedback, /- Write notes\/other\.txt: notes\/other\.txt is not among/);
  assert.match(feedback, /- Bash `rm -rf \/`: the command is refused\./);
  assert.equal(
    summarizeProblems(problems),
    `executor failed: exit code 1; refused by baton: ${refused[0]}; ${refused[1]}`,
  );
  // Control: a round without refusals says nothing of them.
  assert.doesNotMatch(feedbackForProblems({ declaredFiles: [], executorFailure: 'x' }), /Refused/);
});

test('a long list is cut to the first three, saying how many more', () => {
  const many = ['a', 'b', 'c', 'd', 'e'];
  assert.equal(deniedSummary(many), 'refused by baton: a; b; c; and 2 more');
});

test('baton status shows the last three refusals under the task and where the rest are', () => {
  const status: PlanStatus = {
    planId: 'p',
    title: 'Plan',
    state: 'active',
    costUsd: 0,
    tasks: [
      {
        taskId: 'T1',
        title: 'One',
        state: 'blocked',
        round: 2,
        attempts: 1,
        score: null,
        by: null,
        elapsedMs: null,
        costUsd: null,
        reason: 'not approved',
        denials: [1, 2, 3, 4].map((round) => ({
          round,
          role: 'executor',
          kind: 'edit-denied',
          at: 0,
          text: `Write x${round}: no`,
        })),
      },
    ],
  };
  const lines = describeStatus([status]);
  assert.deepEqual(lines.slice(2), [
    '         1 more refusal(s): baton events --kind denials --plan p --task T1',
    '         refused (round 2, executor): Write x2: no',
    '         refused (round 3, executor): Write x3: no',
    '         refused (round 4, executor): Write x4: no',
  ]);
});
