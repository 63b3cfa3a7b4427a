// `baton review` and `baton submit` through the real binary, with a `command` reviewer that
// answers scripted judge JSON.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import { openStore } from '../../src/store/store.ts';
import { runBaton } from '../support/cli.ts';
import { cleanPlanText } from '../support/plans.ts';
import { git, makeRepository } from '../support/repository.ts';

const allScores = (score: number) =>
  JSON.stringify({
    scores: {
      adherence: score,
      correctness: score,
      architecture: score,
      readability: score,
      security: score,
      performance: score,
    },
    issues:
      score < 100 ? [{ severity: 'medium', file: 'src/greet.js', message: 'No input validation.' }] : [],
    summary: `scored ${score}`,
  });

/** A repository with the greeting plan and a reviewer script whose answers are given in order. */
function setUp(t: TestContext, answers: string[]): { repository: string; reviewer: string } {
  const repository = makeRepository(t);
  assert.equal(runBaton(repository, ['init']).status, 0);
  writeFileSync(path.join(repository, '.baton/plans/review/greeting.md'), cleanPlanText('greeting'));
  git(repository, 'add', '-A');
  git(repository, 'commit', '-q', '-m', 'plan');
  const scripts = path.join(repository, '.baton', 'scripts');
  mkdirSync(scripts, { recursive: true });
  for (const [index, answer] of answers.entries())
    writeFileSync(path.join(scripts, `answer-${index + 1}.txt`), answer);
  const reviewer = path.join(scripts, 'judge.sh');
  writeFileSync(
    reviewer,
    `#!/usr/bin/env bash
dir=$(dirname "$0")
n=$(( $(cat "$dir/count" 2>/dev/null || echo 0) + 1 ))
echo $n > "$dir/count"
cat > "$dir/request-$n.json"
cat "$dir/answer-$n.txt"
`,
  );
  chmodSync(reviewer, 0o755);
  return { repository, reviewer };
}

function writeGreeting(repository: string): void {
  mkdirSync(path.join(repository, 'src'), { recursive: true });
  writeFileSync(path.join(repository, 'src/greet.js'), 'exports.greet = (name) => "Hello, " + name;\n');
}

/** `baton review greeting --task <task>` with the scripted reviewer, then any further arguments. */
function reviewTask(repository: string, reviewer: string, task: string, ...more: string[]) {
  return runBaton(repository, [
    'review',
    'greeting',
    '--task',
    task,
    '--reviewer',
    `command:${reviewer}`,
    ...more,
  ]);
}

test('review with two samples reports mean and spread per criterion, and approves at the threshold', async (t) => {
  const { repository, reviewer } = setUp(t, [allScores(80), allScores(100)]);
  writeGreeting(repository);
  const result = reviewTask(repository, reviewer, 'T1', '--samples', '2', '--json');
  assert.equal(result.status, 0, result.stderr + result.stdout);
  const { reviews, approved } = JSON.parse(result.stdout);
  assert.equal(approved, true);
  const [review] = reviews;
  assert.equal(review.verdict, 'approved');
  assert.equal(review.total, 90);
  const adherence = review.criteria.find((score: { criterion: string }) => score.criterion === 'adherence');
  assert.deepEqual(
    [adherence.mean, adherence.min, adherence.max, adherence.standardDeviation, adherence.scores],
    [90, 80, 100, 10, [80, 100]],
  );
  assert.equal(review.issues[0].samples, 1);
  assert.equal(review.verification[0].passed, true);

  // The judge got the plan, the task, the whole diff (the new file) and the verification.
  const request = JSON.parse(readFileSync(path.join(repository, '.baton/scripts/request-1.json'), 'utf8'));
  assert.equal(request.task.id, 'T1');
  assert.match(request.diff, /\+\+\+ b\/src\/greet\.js/);
  assert.doesNotMatch(request.diff, /\.baton\//);
  assert.equal(request.verification[0].command, `node -e "require('./src/greet.js')"`);

  const feedback = readFileSync(path.join(repository, '.baton/feedback/greeting/T1.md'), 'utf8');
  assert.match(feedback, /# Review feedback: approved/);
  assert.match(feedback, /\| adherence \| 30% \| 90 \| 80–100 \|/);

  const text = reviewTask(repository, reviewer, 'T1');
  // No third answer: the script fails, and the error says how, with its stderr.
  assert.equal(text.status, 1);
  assert.match(
    text.stderr,
    /BACKEND_FAILED: the reviewer command .*judge\.sh failed \(exit code 1\):\nstderr:\ncat: .*answer-3\.txt/,
  );

  const store = await openStore({ url: path.join(repository, '.baton/baton.db') });
  try {
    const events = await store.db
      .selectFrom('events')
      .selectAll()
      .where('kind', '=', 'task-reviewed')
      .execute();
    assert.equal(events.length, 1);
    assert.equal(events[0]!.task_id, 'T1');
    assert.match(events[0]!.data ?? '', /"verdict":"approved"/);
  } finally {
    await store.close();
  }
});

test('failing verification means changes requested, whatever the score (exit 1)', (t) => {
  const { repository, reviewer } = setUp(t, [allScores(100)]);
  // No src/greet.js: the verify command fails.
  const result = reviewTask(repository, reviewer, 'T1');
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stdout, /FAIL {2}node -e/);
  assert.match(result.stdout, /verdict {3}CHANGES REQUESTED: verification failed/);
  const feedback = readFileSync(path.join(repository, '.baton/feedback/greeting/T1.md'), 'utf8');
  assert.match(feedback, /## Failed verification/);
  assert.match(feedback, /Cannot find module/);
});

test('a malformed judge answer gets one retry with the validation error, then succeeds', (t) => {
  const { repository, reviewer } = setUp(t, ['I think it is fine, 95 overall.', allScores(100)]);
  writeGreeting(repository);
  const result = reviewTask(repository, reviewer, 'T1', '--json');
  assert.equal(result.status, 0, result.stderr + result.stdout);
  const [review] = JSON.parse(result.stdout).reviews;
  assert.equal(review.samples[0].attempts, 2);
  assert.match(review.samples[0].retriedBecause, /JUDGE_NO_JSON/);
  const retry = JSON.parse(
    readFileSync(path.join(repository, '.baton/scripts/request-2.json'), 'utf8'),
  ).retry;
  assert.equal(retry.previous_answer, 'I think it is fine, 95 overall.');
  assert.match(retry.problems, /error JUDGE_NO_JSON: the answer holds no JSON object/);
});

test('submit runs verification and review, records the submission and the task run', async (t) => {
  const { repository, reviewer } = setUp(t, [allScores(60)]);
  writeGreeting(repository);
  const result = runBaton(repository, ['submit', 'greeting', 'T1', '--reviewer', `command:${reviewer}`]);
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stdout, /total\s+60/);
  assert.match(
    result.stdout,
    /verdict {3}CHANGES REQUESTED: the weighted total 60 is below the threshold 90/,
  );
  assert.match(result.stdout, /medium src\/greet\.js: No input validation\./);
  const store = await openStore({ url: path.join(repository, '.baton/baton.db') });
  try {
    const kinds = (
      await store.db
        .selectFrom('events')
        .select('kind')
        .where('plan_id', '=', 'greeting')
        .orderBy('id')
        .execute()
    ).map((row) => row.kind);
    assert.deepEqual(kinds, ['task-submitted', 'task-reviewed']);
    const run = await store.db.selectFrom('task_runs').selectAll().executeTakeFirstOrThrow();
    assert.deepEqual(
      [run.task_id, run.state, Number(run.attempts), Number(run.score)],
      ['T1', 'running', 1, 60],
    );
  } finally {
    await store.close();
  }
  assert.ok(existsSync(path.join(repository, '.baton/feedback/greeting/T1.md')));
});

test('an unknown task and a bad --samples are usage errors', (t) => {
  const { repository, reviewer } = setUp(t, []);
  const unknown = reviewTask(repository, reviewer, 'T9');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /TASK_NOT_FOUND: plan greeting has no task T9/);
  const samples = runBaton(repository, ['review', 'greeting', '--samples', 'many']);
  assert.equal(samples.status, 2);
  const badSpec = runBaton(repository, ['review', 'greeting', '--reviewer', 'gpt']);
  assert.equal(badSpec.status, 2);
  assert.match(badSpec.stderr, /--reviewer "gpt": unknown backend/);
});

test('samples that agree print their summary once', (t) => {
  const { repository, reviewer } = setUp(t, [allScores(95), allScores(95), allScores(95)]);
  writeGreeting(repository);
  const result = reviewTask(repository, reviewer, 'T1', '--samples', '3');
  assert.equal(result.status, 0, result.stderr + result.stdout);
  assert.equal(result.stdout.match(/summary: scored 95/g)?.length, 1, result.stdout);
});
