// Seed 003, planning separated from execution, where an executor keeps to the plan's scope and
// "reports when blocked" instead of improvising: `baton run` with Claude Code executors and
// reviewers (baton's hooks installed in the project, as for a person who also works
// interactively), on a plan where T4 depends on T3. T2 strays outside its files in round 1, is
// refused, and reads the refusal in its round-2 feedback; T3's executor is refused T4's file,
// then stops and reports what blocks it; T3 is blocked with that reason and the refusal, T4
// behind it, T1 and T2 are merged; `baton status` and `baton events` say why.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
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
  reviewAnswer,
  wordCountPlan,
  wordCountWork,
} from '../support/word-count-plan.ts';

const plan = 'word-count';
const blocker =
  'the plan does not say whether bin/count.js also counts the files named as arguments; a person must decide';

/** What baton says when T3's executor tries T4's file. */
const readmeRefused = "README.md is not among this task's declared files (bin/count.js)";

test('seed 003: an executor reports itself blocked; its dependent is blocked with the reason, the rest merged; status and events say why', {
  skip: claudeUnavailable,
  timeout: 300_000,
}, async (t) => {
  const scratch = await makeScratch(t, { hooks: true });
  const worktreeFile = (task: string, file: string) => path.join(scratch.worktrees, plan, task, file);
  const server = await startSessionRouter([
    {
      prompt: executorOf('T1', 1),
      turns: [
        writeTurn(worktreeFile('T1', wordCountWork.T1.file), wordCountWork.T1.content),
        sayTurn('Wrote src/count.js.'),
      ],
    },
    // T2 strays out of its task in round 1 (denied) and writes nothing; the review asks for the
    // test; round 2 reads the feedback, the refusal included, and does the task.
    {
      prompt: executorOf('T2', 1),
      turns: [
        writeTurn(worktreeFile('T2', 'src/text.js'), '// simpler words\n'),
        sayTurn('Simplified src/text.js.'),
      ],
    },
    {
      prompt: executorOf('T2', 2),
      turns: [
        (request) => readTurn(feedbackFileIn(requestText(request))),
        writeTurn(worktreeFile('T2', wordCountWork.T2.file), wordCountWork.T2.content),
        sayTurn('Wrote test/count.test.js.'),
      ],
    },
    // T3's executor tries T4's file, is refused, and then does not improvise: it stops and says
    // what blocks it.
    {
      prompt: executorOf('T3', 1),
      turns: [
        writeTurn(worktreeFile('T3', 'README.md'), '# Word count\n'),
        sayTurn(`I stopped before writing bin/count.js.\nBATON-BLOCKED: ${blocker}`),
      ],
    },
    { prompt: /You are the reviewer of task T1 /, turns: [sayTurn(reviewAnswer(95))] },
    {
      prompt: /You are the reviewer of task T2 /,
      turns: [
        (request) =>
          requestText(request).includes('countWords counts the words')
            ? sayTurn(reviewAnswer(95))
            : sayTurn(
                reviewAnswer(40, [{ file: 'test/count.test.js', message: 'the test was not written' }]),
              ),
      ],
    },
  ]);
  t.after(() => server.close());

  writeFileSync(scratch.file(`.baton/plans/review/${plan}.md`), wordCountPlan(plan, { documented: true }));
  await scratch.batonOk(['approve', plan, '--by', 'Ada']);
  const run = await scratch.baton(
    ['run', plan, '--executor', 'claude-code', '--reviewer', 'claude-code', '--json'],
    claudeEnvironment(scratch.home, server.url),
  );
  assert.equal(run.status, 1, `a run with a blocked task exits 1\n${run.stdout}\n${run.stderr}`);
  assert.deepEqual(server.unscripted(), [], 'T3 ran once: a blocked report is not retried');

  // T2's refusal in round 1 reached its round-2 session: in the feedback it read, seen in the
  // next request the model server received.
  const [feedback] = allToolResults(server.requestsOf(executorOf('T2', 2)).at(-1)!);
  assert.equal(feedback?.isError, false, feedback?.text);
  assertIncludes(feedback!.text, 'Refused during this round');
  assertIncludes(feedback!.text, "src/text.js is not among this task's declared files (test/count.test.js)");
  assertIncludes(feedback!.text, 'the test was not written');
  assert.equal(scratch.git('show', `baton/${plan}:src/text.js`), scratch.read('src/text.js').trimEnd());

  // T1 and T2 merged; T3 and T4 not.
  assert.equal(mergeCount(scratch.repository, `baton/${plan}`, plan, 'T1'), 1);
  assert.equal(mergeCount(scratch.repository, `baton/${plan}`, plan, 'T2'), 1);
  assert.equal(mergeCount(scratch.repository, `baton/${plan}`, plan, 'T3'), 0);
  assert.equal(mergeCount(scratch.repository, `baton/${plan}`, plan, 'T4'), 0);
  assert.equal(server.requestsOf(/You are the executor of task T4 /).length, 0, 'T4 never started');

  // The run's own report: T3 blocked with the executor's reason, T4 behind it.
  const blocked = parseEvents(run.stdout).filter((event) => event.kind === 'task-blocked');
  assert.deepEqual(
    blocked.map((event) => event.taskId),
    ['T3', 'T4'],
  );
  assertIncludes(String(blocked[0]!.data?.reason), blocker);
  assertIncludes(String(blocked[0]!.data?.reason), readmeRefused);
  assert.match(String(blocked[1]!.data?.reason), /depends on T3, which is blocked/);

  // baton status: the state of every task, and why the blocked ones are.
  const status = JSON.parse((await scratch.batonOk(['status', plan, '--json'])).stdout) as {
    plans: Array<{ tasks: Array<{ taskId: string; state: string; reason?: string }> }>;
  };
  const tasks = Object.fromEntries(status.plans[0]!.tasks.map((task) => [task.taskId, task]));
  assert.equal(tasks.T1?.state, 'done');
  assert.equal(tasks.T2?.state, 'done');
  assert.equal(tasks.T3?.state, 'blocked');
  assertIncludes(tasks.T3?.reason ?? '', blocker);
  assertIncludes(tasks.T3?.reason ?? '', readmeRefused);
  assert.equal(tasks.T4?.state, 'blocked');
  assert.match(tasks.T4?.reason ?? '', /depends on T3, which is blocked/);
  const statusText = (await scratch.batonOk(['status', plan])).stdout;
  const t3Line = statusText.split('\n').find((line) => /^\s*T3\s+blocked\b/.test(line)) ?? statusText;
  assertIncludes(t3Line, blocker);
  assertIncludes(statusText, readmeRefused);

  // baton events: the same, from the store's log, for a person who was not watching the run.
  const events = JSON.parse(
    (await scratch.batonOk(['events', '--plan', plan, '--kind', 'task-blocked', '--json'])).stdout,
  ) as { events: Array<{ taskId: string; description: string; data: Record<string, unknown> }> };
  assert.deepEqual(
    events.events.map((event) => event.taskId),
    ['T3', 'T4'],
  );
  assertIncludes(String(events.events[0]!.data.reason), blocker);
  const refusals = JSON.parse(
    (await scratch.batonOk(['events', '--plan', plan, '--kind', 'edit-denied', '--json'])).stdout,
  ) as { events: Array<{ taskId: string; data: Record<string, unknown> }> };
  assert.deepEqual(refusals.events.map((event) => [event.taskId, event.data.path]).sort(), [
    ['T2', 'src/text.js'],
    ['T3', 'README.md'],
  ]);
  const eventsText = (await scratch.batonOk(['events', '--plan', plan, '--task', 'T3'])).stdout;
  assertIncludes(eventsText, blocker);
});

function assertIncludes(text: string, part: string): void {
  assert.ok(text.includes(part), `expected ${JSON.stringify(part)} in:\n${text}`);
}
