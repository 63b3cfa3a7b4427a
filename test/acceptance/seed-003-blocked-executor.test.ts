// Seed 003, planning separated from execution, where an executor must "report when blocked"
// instead of improvising: `baton run` with Claude Code executors and reviewers (baton's hooks
// installed in the project, as for a person who also works interactively), on a plan where T4
// depends on T3. T3's executor stops and reports what blocks it; T3 is blocked with that
// reason, T4 is blocked behind it, T1 and T2 are merged; `baton status` and `baton events`
// say why.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { mergeCount, parseEvents } from '../runner/support/run-repository.ts';
import { claudeEnvironment, claudeUnavailable } from '../support/claude-code.ts';
import { makeScratch } from '../support/scratch-project.ts';
import { sayTurn, writeTurn } from '../support/scripted-turns.ts';
import { startSessionRouter } from '../support/session-router.ts';
import { reviewAnswer, wordCountPlan, wordCountWork } from '../support/word-count-plan.ts';

const plan = 'word-count';
const blocker =
  'the plan does not say whether bin/count.js also counts the files named as arguments; a person must decide';

test('seed 003: an executor reports itself blocked; its dependent is blocked with the reason, the rest merged; status and events say why', {
  skip: claudeUnavailable,
  timeout: 300_000,
}, async (t) => {
  const scratch = await makeScratch(t, { hooks: true });
  const worktreeFile = (task: string, file: string) => path.join(scratch.worktrees, plan, task, file);
  const executor = (task: string) => new RegExp(`You are the executor of task ${task} `);
  const builds = (task: 'T1' | 'T2') => ({
    prompt: executor(task),
    turns: [
      writeTurn(worktreeFile(task, wordCountWork[task].file), wordCountWork[task].content),
      sayTurn(`Wrote ${wordCountWork[task].file}.`),
    ],
  });
  const server = await startSessionRouter([
    builds('T1'),
    builds('T2'),
    // T3's executor does not improvise: it stops and says what blocks it.
    {
      prompt: executor('T3'),
      turns: [sayTurn(`I stopped before writing bin/count.js.\nBATON-BLOCKED: ${blocker}`)],
    },
    { prompt: /You are the reviewer of task T[12] /, turns: [sayTurn(reviewAnswer(95))] },
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

  // T1 and T2 merged; T3 and T4 not.
  assert.equal(mergeCount(scratch.repository, `baton/${plan}`, plan, 'T1'), 1);
  assert.equal(mergeCount(scratch.repository, `baton/${plan}`, plan, 'T2'), 1);
  assert.equal(mergeCount(scratch.repository, `baton/${plan}`, plan, 'T3'), 0);
  assert.equal(mergeCount(scratch.repository, `baton/${plan}`, plan, 'T4'), 0);
  assert.equal(server.requestsOf(executor('T4')).length, 0, 'T4 never started');

  // The run's own report: T3 blocked with the executor's reason, T4 behind it.
  const blocked = parseEvents(run.stdout).filter((event) => event.kind === 'task-blocked');
  assert.deepEqual(
    blocked.map((event) => event.taskId),
    ['T3', 'T4'],
  );
  assertIncludes(String(blocked[0]!.data?.reason), blocker);
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
  assert.equal(tasks.T4?.state, 'blocked');
  assert.match(tasks.T4?.reason ?? '', /depends on T3, which is blocked/);
  const statusText = (await scratch.batonOk(['status', plan])).stdout;
  const t3Line = statusText.split('\n').find((line) => /^\s*T3\s+blocked\b/.test(line)) ?? statusText;
  assertIncludes(t3Line, blocker);

  // baton events: the same, from the store's log, for a person who was not watching the run.
  const events = JSON.parse(
    (await scratch.batonOk(['events', '--plan', plan, '--kind', 'task-blocked', '--json'])).stdout,
  ) as { events: Array<{ taskId: string; description: string; data: Record<string, unknown> }> };
  assert.deepEqual(
    events.events.map((event) => event.taskId),
    ['T3', 'T4'],
  );
  assertIncludes(String(events.events[0]!.data.reason), blocker);
  const eventsText = (await scratch.batonOk(['events', '--plan', plan, '--task', 'T3'])).stdout;
  assertIncludes(eventsText, blocker);
});

function assertIncludes(text: string, part: string): void {
  assert.ok(text.includes(part), `expected ${JSON.stringify(part)} in:\n${text}`);
}
