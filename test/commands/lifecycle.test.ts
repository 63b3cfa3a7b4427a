// The plan lifecycle through the real `baton` binary in real git repositories.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runBaton } from '../support/cli.ts';
import { cleanPlanText } from '../support/plans.ts';
import { makeRepository, makeTemporaryDirectory } from '../support/repository.ts';

function json(result: { stdout: string }): Record<string, unknown> & { ok: boolean } {
  return JSON.parse(result.stdout);
}

/** An initialised repository with one clean plan in review. */
function repositoryWithPlan(t: Parameters<typeof makeRepository>[0], id = 'greeting'): string {
  const repository = makeRepository(t);
  assert.equal(runBaton(repository, ['init']).status, 0);
  writeFileSync(path.join(repository, '.baton/plans/review', `${id}.md`), cleanPlanText(id));
  return repository;
}

test('init outside a git repository fails with exit 3 and says why', (t) => {
  const directory = makeTemporaryDirectory(t);
  const result = runBaton(directory, ['init']);
  assert.equal(result.status, 3);
  assert.match(result.stderr, /NOT_A_GIT_REPO: not inside a git repository/);
  assert.equal(existsSync(path.join(directory, '.baton')), false);
  const asJson = runBaton(directory, ['init', '--json']);
  assert.equal(asJson.status, 3);
  assert.equal((json(asJson).error as { code: string }).code, 'NOT_A_GIT_REPO');
});

test('init creates config, plan folders, store and .gitignore entries, and is idempotent', (t) => {
  const repository = makeRepository(t);
  const first = runBaton(repository, ['init']);
  assert.equal(first.status, 0, first.stderr);
  for (const state of ['review', 'active', 'completed', 'rejected']) {
    assert.ok(existsSync(path.join(repository, '.baton/plans', state)), state);
  }
  assert.ok(existsSync(path.join(repository, '.baton/baton.db')));
  const config = readFileSync(path.join(repository, '.baton/config.yaml'), 'utf8');
  const gitignore = readFileSync(path.join(repository, '.gitignore'), 'utf8');
  assert.match(gitignore, /^\.baton\/baton\.db$/m);
  assert.match(gitignore, /^\.baton\/handoff\/$/m);
  assert.match(gitignore, /^\.baton\/baton\.db-wal$/m);

  const second = runBaton(repository, ['init', '--json']);
  assert.equal(second.status, 0, second.stderr);
  assert.deepEqual(json(second).actions, []);
  assert.equal(readFileSync(path.join(repository, '.baton/config.yaml'), 'utf8'), config);
  assert.equal(readFileSync(path.join(repository, '.gitignore'), 'utf8'), gitignore);
});

test('init keeps the seed layout .claude/plans/{Review,Active,Completed}', (t) => {
  const repository = makeRepository(t);
  const result = runBaton(repository, [
    'init',
    '--plans-dir',
    '.claude/plans',
    '--state-folders',
    'Review,Active,Completed',
  ]);
  assert.equal(result.status, 0, result.stderr);
  for (const folder of ['Review', 'Active', 'Completed'])
    assert.ok(existsSync(path.join(repository, '.claude/plans', folder)));
  const created = runBaton(repository, ['new', 'auth-jwt', '--title', 'JWT authentication', '--json']);
  assert.equal(created.status, 0, created.stderr);
  assert.equal(json(created).file, path.join(repository, '.claude/plans/Review/auth-jwt.md'));
});

test('a bad config value stops every command with the key path and exit 3', (t) => {
  const repository = makeRepository(t);
  runBaton(repository, ['init']);
  writeFileSync(path.join(repository, '.baton/config.yaml'), 'claims:\n  ttl: forever\n');
  const result = runBaton(repository, ['plans']);
  assert.equal(result.status, 3);
  assert.match(result.stderr, /claims\.ttl: a positive duration/);
});

test('new writes the template into review; lint reports its placeholders; approve refuses it', (t) => {
  const repository = makeRepository(t);
  runBaton(repository, ['init']);
  const created = runBaton(repository, ['new', 'feature-x']);
  assert.equal(created.status, 0, created.stderr);
  const file = path.join(repository, '.baton/plans/review/feature-x.md');
  assert.ok(existsSync(file));
  const again = runBaton(repository, ['new', 'feature-x']);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /PLAN_EXISTS/);

  const lint = runBaton(repository, ['lint', 'feature-x']);
  assert.equal(lint.status, 1);
  assert.match(lint.stdout, /feature-x\.md:\d+:\d+ error PLAN_PLACEHOLDER /);

  const approve = runBaton(repository, ['approve', 'feature-x', '--by', 'Ada'], { terminal: true });
  assert.equal(approve.status, 1);
  assert.match(approve.stderr, /PLAN_INVALID/);
  assert.ok(existsSync(file), 'the plan stays in review');
});

test('approve → edit → show says changed → approve again; revise shows the diff; complete needs --force', (t) => {
  const repository = repositoryWithPlan(t);
  const approved = runBaton(repository, ['approve', 'greeting', '--by', 'Ada', '--json'], { terminal: true });
  assert.equal(approved.status, 0, approved.stderr);
  const activeFile = path.join(repository, '.baton/plans/active/greeting.md');
  assert.ok(existsSync(activeFile));
  assert.equal(existsSync(path.join(repository, '.baton/plans/review/greeting.md')), false);
  const approval = json(approved).approval as { by: string; sha256: string };
  assert.equal(approval.by, 'Ada');
  assert.match(approval.sha256, /^[0-9a-f]{64}$/);

  let shown = json(runBaton(repository, ['show', 'greeting', '--json']));
  assert.equal(shown.state, 'active');
  assert.equal((shown.approval as { current: boolean }).current, true);
  assert.deepEqual(shown.layers, [['T1'], ['T2']]);
  assert.deepEqual(shown.criticalPath, ['T1', 'T2']);

  writeFileSync(activeFile, cleanPlanText('greeting', { extraTask: true }));
  shown = json(runBaton(repository, ['show', 'greeting', '--json']));
  assert.equal((shown.approval as { current: boolean }).current, false);
  const text = runBaton(repository, ['show', 'greeting']);
  assert.match(text.stdout, /CHANGED SINCE APPROVAL/);
  assert.match(runBaton(repository, ['plans']).stdout, /changed since approval/);

  const reapproved = runBaton(repository, ['approve', 'greeting', '--by', 'Grace'], { terminal: true });
  assert.equal(reapproved.status, 0, reapproved.stderr);
  assert.equal(
    (json(runBaton(repository, ['show', 'greeting', '--json'])).approval as { current: boolean }).current,
    true,
  );
  const twice = runBaton(repository, ['approve', 'greeting'], { terminal: true });
  assert.equal(twice.status, 1);
  assert.match(twice.stderr, /already approved/);

  const revised = runBaton(repository, ['revise', 'greeting', '--reason', 'T3 must go']);
  assert.equal(revised.status, 0, revised.stderr);
  const reviewFile = path.join(repository, '.baton/plans/review/greeting.md');
  writeFileSync(reviewFile, cleanPlanText('greeting'));
  const afterRevision = runBaton(repository, ['show', 'greeting']);
  assert.match(afterRevision.stdout, /Revised .*: T3 must go/);
  assert.match(afterRevision.stdout, /^-### T3: Document the greeting$/m);

  runBaton(repository, ['approve', 'greeting'], { terminal: true });
  // The plan's test is there, the module it tests is not: the Verification (`node --test`) fails.
  mkdirSync(path.join(repository, 'test'), { recursive: true });
  writeFileSync(path.join(repository, 'test/greet.test.js'), "require('../src/greet.js');\n");
  const refused = runBaton(repository, ['complete', 'greeting']);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /PLAN_TASKS_UNFINISHED/);
  const forced = runBaton(repository, ['complete', 'greeting', '--force']);
  assert.equal(forced.status, 0, forced.stderr);
  assert.ok(existsSync(path.join(repository, '.baton/plans/completed/greeting.md')));
});

test('reject keeps the reason; a rejected plan cannot be approved', (t) => {
  const repository = repositoryWithPlan(t);
  const rejected = runBaton(repository, ['reject', 'greeting', '--reason', 'out of scope', '--by', 'Ada']);
  assert.equal(rejected.status, 0, rejected.stderr);
  assert.ok(existsSync(path.join(repository, '.baton/plans/rejected/greeting.md')));
  assert.match(runBaton(repository, ['show', 'greeting']).stdout, /rejected +by Ada, .*: out of scope/);
  const approve = runBaton(repository, ['approve', 'greeting'], { terminal: true });
  assert.equal(approve.status, 1);
  assert.match(approve.stderr, /PLAN_WRONG_STATE/);
  const noReason = runBaton(repository, ['revise', 'greeting', '--reason', ' ']);
  assert.equal(noReason.status, 2);
});

test('plans lists plans by state with task counts, and --json', (t) => {
  const repository = repositoryWithPlan(t, 'first');
  writeFileSync(
    path.join(repository, '.baton/plans/review/second.md'),
    cleanPlanText('second', { extraTask: true }),
  );
  runBaton(repository, ['approve', 'first'], { terminal: true });
  const listed = json(runBaton(repository, ['plans', '--json']));
  const plans = listed.plans as Array<{ id: string; state: string; tasks: number; done: number }>;
  assert.deepEqual(
    plans.map((plan) => [plan.id, plan.state, plan.tasks, plan.done]),
    [
      ['second', 'review', 3, 0],
      ['first', 'active', 2, 0],
    ],
  );
  const text = runBaton(repository, ['plans', '--state', 'active']);
  assert.match(text.stdout, /^active \(1\)$/m);
  assert.match(text.stdout, /first +2 tasks +0\/2 done/);
  assert.equal(runBaton(repository, ['plans', '--state', 'nope']).status, 2);
});

test('unknown plan and unknown command are usage errors (exit 2)', (t) => {
  const repository = repositoryWithPlan(t);
  const missing = runBaton(repository, ['show', 'nope', '--json']);
  assert.equal(missing.status, 2);
  assert.equal((json(missing).error as { code: string }).code, 'PLAN_NOT_FOUND');
  assert.equal(runBaton(repository, ['frobnicate']).status, 2);
  assert.equal(runBaton(repository, ['approve'], { terminal: true }).status, 2);
  assert.equal(runBaton(repository, ['show', '../etc/passwd']).status, 2);
});
