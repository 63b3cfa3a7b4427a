// `baton complete` of a plan built by interactive sessions (no `baton run`, so no task runs):
// the plan's Verification commands decide. Passing, it completes; failing, it is refused with
// their output; --force still completes without them.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { planText } from '../../bench/support/plan-text.ts';
import { runBaton } from '../support/cli.ts';
import { makeRepository, makeTemporaryDirectory } from '../support/repository.ts';

function approvedPlan(t: import('node:test').TestContext, verification: string[]) {
  const repository = makeRepository(t);
  const env = { HOME: makeTemporaryDirectory(t, 'baton-home-') };
  assert.equal(runBaton(repository, ['init'], { env }).status, 0);
  writeFileSync(
    path.join(repository, '.baton/plans/review/by-hand.md'),
    planText(
      'by-hand',
      [
        { id: 'T1', files: ['src/greet.js'] },
        { id: 'T2', files: ['src/name.js'] },
      ],
      verification,
    ),
  );
  assert.equal(
    runBaton(repository, ['approve', 'by-hand', '--by', 'Ada'], { env, terminal: true }).status,
    0,
  );
  return { repository, env };
}

test("complete: no task runs, the plan's Verification fails: refused with its output; passes: completed", (t) => {
  const { repository, env } = approvedPlan(t, [
    'test -f src/greet.js',
    "node -e \"const g = require('./src/greet.js'); if (g('Ada') !== 'Hello, Ada') { console.error('greet says ' + g('Ada')); process.exit(1); }\"",
  ]);
  mkdirSync(path.join(repository, 'src'));
  writeFileSync(path.join(repository, 'src/greet.js'), "module.exports = (name) => 'Hi ' + name;\n");

  const refused = runBaton(repository, ['complete', 'by-hand'], { env });
  assert.equal(refused.status, 1, refused.stderr);
  assert.match(refused.stderr, /PLAN_TASKS_UNFINISHED: .*Verification fails/);
  assert.match(refused.stderr, /exit code 1/);
  assert.match(refused.stderr, /greet says Hi Ada/);
  assert.ok(existsSync(path.join(repository, '.baton/plans/active/by-hand.md')), 'still active');

  writeFileSync(path.join(repository, 'src/greet.js'), "module.exports = (name) => 'Hello, ' + name;\n");
  const completed = runBaton(repository, ['complete', 'by-hand', '--json'], { env });
  assert.equal(completed.status, 0, completed.stdout);
  const result = JSON.parse(completed.stdout);
  assert.equal(result.to, 'completed');
  assert.deepEqual(result.unfinished, []);
  assert.deepEqual(
    result.verification.commands.map((entry: { command: string }) => entry.command.split(' ')[0]),
    ['test', 'node'],
  );
  assert.ok(existsSync(path.join(repository, '.baton/plans/completed/by-hand.md')));
  const events = JSON.parse(
    runBaton(repository, ['events', '--kind', 'plan-completed', '--json'], { env }).stdout,
  ).events;
  assert.equal(events[0].data.verifiedBy.length, 2);
});

test('complete: --force completes without running the Verification (the control)', (t) => {
  const { repository, env } = approvedPlan(t, ['false']);
  const refused = runBaton(repository, ['complete', 'by-hand'], { env });
  assert.equal(refused.status, 1);
  const forced = runBaton(repository, ['complete', 'by-hand', '--force'], { env });
  assert.equal(forced.status, 0, forced.stderr);
  assert.match(forced.stdout, /forced; not recorded as done: T1, T2/);
});
