// `baton run --executor codex` on the same three-task plan as seed 002, with the real Codex CLI
// against the fake Responses server (the builder of another vendor, as seed 002 allows) and
// Claude Code reviewing: Codex runs the scripted commands in each task's worktree, in its
// sandbox; T2 and T3 fan out from T1; T3's review asks for a change and its round-2 Codex
// session reads the feedback (seen in the next request the server received); every task is
// merged into baton/<plan>, and each role's cost recorded.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { mergeCount, parseEvents } from '../runner/support/run-repository.ts';
import { claudeEnvironment, claudeUnavailable } from '../support/claude-code.ts';
import { codexEnvironment, codexUnavailable } from '../support/codex-cli.ts';
import { type ResponsesTurn, startFakeResponses, toolOutputs } from '../support/fake-openai-responses.ts';
import { responsesPrompt, responsesRouter } from '../support/responses-router.ts';
import { makeScratch } from '../support/scratch-project.ts';
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

/** A shell command that writes `content` to `file` (base64: no quoting to get wrong). */
const writeCommand = (file: string, content: string): ResponsesTurn => ({
  commands: [
    `mkdir -p "$(dirname ${file})" && printf %s ${Buffer.from(content).toString('base64')} | base64 -d > ${file}`,
  ],
});

test('baton run --executor codex: the three-task plan built by the real Codex CLI, a second round from review feedback, all merged', {
  skip: codexUnavailable ?? claudeUnavailable,
  timeout: 300_000,
}, async (t) => {
  const scratch = await makeScratch(t);
  const codex = responsesRouter([
    {
      prompt: executorOf('T1', 1),
      turns: [writeCommand(wordCountWork.T1.file, wordCountWork.T1.content), { text: 'Wrote src/count.js.' }],
    },
    {
      prompt: executorOf('T2', 1),
      turns: [writeCommand(wordCountWork.T2.file, wordCountWork.T2.content), { text: 'Wrote the test.' }],
    },
    {
      prompt: executorOf('T3', 1),
      turns: [
        writeCommand(wordCountWork.T3.file, wordCountWork.T3.firstTry),
        { text: 'Wrote bin/count.js.' },
      ],
    },
    {
      prompt: executorOf('T3', 2),
      turns: [
        (request) => ({
          commands: [`cat ${feedbackFileIn(responsesPrompt(request).replaceAll('\\n', '\n'))}`],
        }),
        writeCommand(wordCountWork.T3.file, wordCountWork.T3.content),
        { text: 'bin/count.js now ends the count with a newline.' },
      ],
    },
  ]);
  const responses = await startFakeResponses({ answer: codex.answer });
  t.after(() => responses.close());
  const reviewers = await startSessionRouter(wordCountReviewers());
  t.after(() => reviewers.close());

  writeFileSync(scratch.file(`.baton/plans/review/${plan}.md`), wordCountPlan(plan));
  await scratch.batonOk(['approve', plan, '--by', 'Ada']);
  const run = await scratch.baton(
    ['run', plan, '--executor', 'codex', '--reviewer', 'claude-code', '--json'],
    {
      ...codexEnvironment(t, responses),
      // Claude Code's HOME is the scratch's; Codex reads its own CODEX_HOME.
      ...claudeEnvironment(scratch.home, reviewers.url),
    },
  );
  assert.equal(
    run.status,
    0,
    `${run.stdout}\n${run.stderr}\nunscripted: ${[...codex.unscripted(), ...reviewers.unscripted()].join('\n')}`,
  );
  assert.deepEqual(codex.unscripted(), []);
  assert.deepEqual(reviewers.unscripted(), []);

  for (const task of ['T1', 'T2', 'T3'] as const) {
    assert.equal(mergeCount(scratch.repository, `baton/${plan}`, plan, task), 1, `${task} merged once`);
    const work = wordCountWork[task];
    assert.equal(scratch.git('show', `baton/${plan}:${work.file}`), work.content.trimEnd());
  }
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
  assert.deepEqual(
    events
      .filter((event) => event.kind === 'task-reviewed' && event.taskId === 'T3')
      .map((event) => event.round),
    [1, 2],
  );

  // The round-2 Codex session read the reviewer's issue: the output of its `cat`, in the next
  // request it sent.
  const roundTwo = responses.requests.filter((request) => executorOf('T3', 2)(responsesPrompt(request)));
  assert.ok(roundTwo.length >= 2, 'the round-2 session took its turns');
  assert.ok(
    toolOutputs(roundTwo[1]!).some((output) => output.includes(newlineIssue)),
    toolOutputs(roundTwo[1]!).join('\n'),
  );

  const cost = await scratch.batonOk(['cost', '--by', 'role', '--plan', plan, '--json']);
  const { rows } = JSON.parse(cost.stdout) as { rows: Array<{ key: string; calls: number }> };
  assert.deepEqual(
    rows.map((row) => [row.key, row.calls]).sort(),
    [
      ['executor', 4],
      ['reviewer', 4],
    ],
    cost.stdout,
  );
});
