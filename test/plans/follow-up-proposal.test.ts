// Comments on a merged task's diff become a follow-up task proposed in a revision of the plan:
// the plan goes back to review with the new task after its last one, depending on the merged
// task and carrying each comment with its file and line; nothing runs until a person approves
// the new text, and then only the follow-up runs.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/load-config.ts';
import { parsePlan } from '../../src/core/plan/parse.ts';
import { proposeFollowUp } from '../../src/plans/follow-up.ts';
import { approvePlan } from '../../src/plans/lifecycle.ts';
import { lintText } from '../../src/plans/plan-document.ts';
import { listPlanEvents } from '../../src/store/event-log.ts';
import { openStore } from '../../src/store/store.ts';
import { makeRunRepository, scriptedBackends } from '../runner/support/run-repository.ts';
import { runBaton } from '../support/cli.ts';

const comments = [
  { file: 'one.txt', line: 1, side: 'new' as const, text: 'Say why it is OK,\nnot only that it is.' },
  { file: 'two.txt', line: 1, side: 'old' as const, text: 'Keep the old first line.' },
];

test("comments on a merged task's diff: a follow-up task in a revision, run only after a new approval", async (t) => {
  const run = makeRunRepository(
    t,
    'merged',
    [
      { id: 'T1', files: ['one.txt', 'two.txt'] },
      { id: 'T2', files: ['three.txt'] },
    ],
    { scenario: { T3: { append: true } } },
  );
  const first = runBaton(run.repository, ['run', 'merged', ...scriptedBackends], { env: run.env });
  assert.equal(first.status, 0, first.stdout + first.stderr);
  const store = await openStore({ url: path.join(run.repository, '.baton', 'baton.db') });
  t.after(() => store.close());
  const context = { repositoryRoot: run.repository, config: loadConfig(run.repository), store };

  const result = await proposeFollowUp(context, 'merged', 'T1', comments, 'Ada');
  assert.deepEqual([result.from, result.to, result.task], ['active', 'review', 'T3']);
  assert.equal(result.file, path.join(run.repository, '.baton/plans/review/merged.md'));
  assert.equal(existsSync(path.join(run.repository, '.baton/plans/active/merged.md')), false);

  const text = readFileSync(result.file, 'utf8');
  const { parsed, diagnostics } = lintText(text, result.file, run.repository);
  assert.deepEqual(
    diagnostics.filter((diagnostic) => diagnostic.severity === 'error'),
    [],
  );
  assert.deepEqual(
    parsed.plan.tasks.map((task) => task.id),
    ['T1', 'T2', 'T3'],
  );
  const followUp = parsed.plan.tasks[2]!;
  assert.deepEqual(followUp.dependencies, ['T1']);
  assert.deepEqual(followUp.files, ['one.txt', 'two.txt']);
  assert.deepEqual(followUp.successCriteria, [
    'one.txt:1: Say why it is OK, not only that it is.',
    'two.txt:1 (removed line): Keep the old first line.',
  ]);
  assert.deepEqual(followUp.verify, parsed.plan.tasks[0]!.verify);
  // Written after the last task, before the section that follows; the rest as it was.
  assert.ok(text.indexOf('### T3:') > text.indexOf('### T2:'));
  assert.ok(text.indexOf('### T3:') < text.indexOf('## Verification'));
  assert.deepEqual(parsePlan(text).plan.verification, parsed.plan.verification);

  const revised = (await listPlanEvents(store, 'merged', ['plan-revised'])).at(-1);
  assert.deepEqual(revised?.data.followUp, { task: 'T3', of: 'T1', comments: 2 });
  assert.equal(revised?.data.by, 'Ada');
  assert.match(String(revised?.data.reason), /merged diff of T1/);

  // Back in review: nothing runs until a person approves the new text.
  const refused = runBaton(run.repository, ['run', 'merged', ...scriptedBackends], { env: run.env });
  assert.notEqual(refused.status, 0);
  assert.match(refused.stdout + refused.stderr, /review|approv/i);
  await assert.rejects(
    proposeFollowUp(context, 'merged', 'T2', comments, 'Ada'),
    /PLAN_WRONG_STATE|in review/,
  );

  await approvePlan(context, 'merged', { by: 'Ada', channel: 'terminal' });
  const second = runBaton(run.repository, ['run', 'merged', ...scriptedBackends], { env: run.env });
  assert.equal(second.status, 0, second.stdout + second.stderr);
  const starts = run.readLog().filter((entry) => entry.what === 'start');
  assert.deepEqual(
    starts.map((entry) => entry.task).sort(),
    ['T1', 'T2', 'T3'],
    'only the follow-up ran the second time',
  );
});

test('comments on a task not merged are not a follow-up: the plan stays as it was', async (t) => {
  const run = makeRunRepository(t, 'unmerged', [{ id: 'T1', files: ['one.txt'] }]);
  const store = await openStore({ url: path.join(run.repository, '.baton', 'baton.db') });
  t.after(() => store.close());
  const context = { repositoryRoot: run.repository, config: loadConfig(run.repository), store };
  const file = path.join(run.repository, '.baton/plans/active/unmerged.md');
  const before = readFileSync(file, 'utf8');
  await assert.rejects(
    proposeFollowUp(context, 'unmerged', 'T1', comments, 'Ada'),
    (error: Error & { code?: string }) => error.code === 'TASK_NOT_MERGED',
  );
  assert.equal(readFileSync(file, 'utf8'), before);
  assert.deepEqual(await listPlanEvents(store, 'unmerged', ['plan-revised']), []);
});
