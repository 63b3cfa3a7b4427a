// Seed 002, the planner + builder model, end to end with the real Claude Code CLI in every role:
// `baton plan --planner claude-code` writes the plan, a person approves it, and
// `baton run --executor claude-code --reviewer claude-code` builds its three tasks — T2 and T3
// fan out from T1 and run in parallel, each in its own worktree — scoring each with the rubric;
// T3 scores under 90 in round 1, and its round-2 executor reads the reviewer's feedback (seen in
// the next request the model server received). Every task is merged into baton/<plan>, and the
// cost is recorded per role. One fake model server answers every session by its prompt.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { mergeCount, parseEvents } from '../runner/support/run-repository.ts';
import { claudeEnvironment, claudeUnavailable } from '../support/claude-code.ts';
import { allToolResults, requestText } from '../support/fake-anthropic.ts';
import { makeScratch } from '../support/scratch-project.ts';
import { readTurn, sayTurn, writeTurn } from '../support/scripted-turns.ts';
import { startSessionRouter } from '../support/session-router.ts';
import {
  executorOf,
  feedbackFileIn,
  newlineIssue,
  wordCountPlan,
  wordCountReviewers,
  wordCountWork,
} from '../support/word-count-plan.ts';

const plan = 'word-count';

test('seed 002: plan, approve, run with Claude Code executors and reviewers; a second round after review feedback; all merged; cost per role', {
  skip: claudeUnavailable,
  timeout: 300_000,
}, async (t) => {
  const scratch = await makeScratch(t);
  const worktreeFile = (task: string, file: string) => path.join(scratch.worktrees, plan, task, file);
  const server = await startSessionRouter([
    { prompt: /You are the planner/, turns: [sayTurn(`\`\`\`markdown\n${wordCountPlan(plan)}\`\`\``)] },
    {
      prompt: executorOf('T1', 1),
      turns: [
        writeTurn(worktreeFile('T1', wordCountWork.T1.file), wordCountWork.T1.content),
        sayTurn('Wrote src/count.js.'),
      ],
    },
    {
      // T2 first tries T1's file, outside its own: denied, with the reason.
      prompt: executorOf('T2', 1),
      turns: [
        writeTurn(worktreeFile('T2', wordCountWork.T1.file), `${wordCountWork.T1.content}// T2 was here\n`),
        writeTurn(worktreeFile('T2', wordCountWork.T2.file), wordCountWork.T2.content),
        sayTurn('Wrote the test.'),
      ],
    },
    {
      prompt: executorOf('T3', 1),
      turns: [
        writeTurn(worktreeFile('T3', wordCountWork.T3.file), wordCountWork.T3.firstTry),
        sayTurn('Wrote bin/count.js.'),
      ],
    },
    {
      // Round 2 reads the feedback file its prompt names, then fixes the file.
      prompt: executorOf('T3', 2),
      turns: [
        (request) => readTurn(feedbackFileIn(requestText(request))),
        writeTurn(worktreeFile('T3', wordCountWork.T3.file), wordCountWork.T3.content),
        sayTurn('bin/count.js now ends the count with a newline.'),
      ],
    },
    ...wordCountReviewers(),
  ]);
  t.after(() => server.close());
  const models = claudeEnvironment(scratch.home, server.url);

  // The planner writes the plan; it lands in review. A person approves it.
  const planned = await scratch.baton(
    [
      'plan',
      'Count the words of a text',
      '--id',
      plan,
      '--no-interview',
      '--planner',
      'claude-code',
      '--json',
    ],
    models,
  );
  assert.equal(planned.status, 0, `${planned.stdout}\n${planned.stderr}`);
  assert.match(scratch.read(`.baton/plans/review/${plan}.md`), /### T3: Word count command/);
  await scratch.batonOk(['approve', plan, '--by', 'Ada']);

  const run = await scratch.baton(
    ['run', plan, '--executor', 'claude-code', '--reviewer', 'claude-code', '--json'],
    models,
  );
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}\nunscripted: ${server.unscripted().join('\n')}`);
  assert.deepEqual(server.unscripted(), []);

  // Every task merged once into the integration branch, with the work of its last round.
  for (const task of ['T1', 'T2', 'T3'] as const) {
    assert.equal(mergeCount(scratch.repository, `baton/${plan}`, plan, task), 1, `${task} merged once`);
    const work = wordCountWork[task];
    assert.equal(scratch.git('show', `baton/${plan}:${work.file}`), work.content.trimEnd());
  }

  // T2 and T3 fanned out from T1: both started once T1 was merged, before either was merged.
  const events = parseEvents(run.stdout);
  const at = (kind: string, task: string) =>
    events.findIndex((event) => event.kind === kind && event.taskId === task);
  for (const task of ['T2', 'T3']) {
    assert.ok(at('task-started', task) > at('task-merged', 'T1'), `${task} started after T1 merged`);
    assert.ok(
      at('task-started', task) < Math.min(at('task-merged', 'T2'), at('task-merged', 'T3')),
      `${task} ran alongside`,
    );
  }

  // T2's write outside its declared files was denied to its session, with the reason, and is
  // on record; its own file went through.
  const [outside, own] = allToolResults(server.requestsOf(executorOf('T2', 1)).at(-1)!);
  assert.equal(outside?.isError, true, outside?.text);
  assert.match(
    outside!.text,
    /src\/count\.js is not among this task's declared files \(test\/count\.test\.js\)/,
  );
  assert.equal(own?.isError, false, own?.text);
  const denials = JSON.parse((await scratch.batonOk(['events', '--kind', 'denials', '--json'])).stdout) as {
    events: Array<{ kind: string; instance: string; data: Record<string, unknown> }>;
  };
  assert.deepEqual(
    denials.events.map((event) => [event.kind, event.instance, event.data.path]),
    [['edit-denied', `run.${plan}.T2`, 'src/count.js']],
  );

  // T3 took two rounds: the review of round 1 asked for changes, and the round-2 executor read
  // the reviewer's issue in the feedback (the tool result of its Read, in its next request).
  const reviewed = events.filter((event) => event.kind === 'task-reviewed' && event.taskId === 'T3');
  assert.deepEqual(
    reviewed.map((event) => event.round),
    [1, 2],
    run.stdout,
  );
  assert.ok(
    events.every((event) => event.taskId === 'T3' || event.kind !== 'task-reviewed' || event.round === 1),
    'T1 and T2 were approved in round 1',
  );
  const roundTwo = server.requestsOf(executorOf('T3', 2));
  assert.ok(roundTwo.length >= 2, 'the round-2 executor took its turns');
  const [feedback] = allToolResults(roundTwo[1]!);
  assert.equal(feedback?.isError, false, feedback?.text);
  assert.ok(feedback!.text.includes(newlineIssue), feedback!.text);

  // What it cost, per role: one planner session, four executor sessions (T3 twice) and four
  // reviews, each priced from Claude Code's own report.
  const cost = await scratch.batonOk(['cost', '--by', 'role', '--plan', plan, '--json']);
  const { rows } = JSON.parse(cost.stdout) as {
    rows: Array<{ key: string; calls: number; costUsd: number }>;
  };
  assert.deepEqual(
    rows.map((row) => [row.key, row.calls]).sort(),
    [
      ['executor', 4],
      ['planner', 1],
      ['reviewer', 4],
    ],
    cost.stdout,
  );
  for (const row of rows) assert.ok(row.costUsd > 0, `${row.key} has a cost: ${cost.stdout}`);
});
