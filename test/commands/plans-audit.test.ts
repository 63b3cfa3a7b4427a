// Defects an audit of the plans feature found, through the real `baton` binary in real git
// repositories: plan folders, symlinks, plans in two folders, titles, messages, import ids.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runBaton } from '../support/cli.ts';
import { cleanPlanText } from '../support/plans.ts';
import { makeRepository, makeTemporaryDirectory } from '../support/repository.ts';

function json(result: { stdout: string }): Record<string, unknown> & { ok: boolean } {
  return JSON.parse(result.stdout);
}

test('init --state-folders refuses shared, "." and ".." folders, saying why', (t) => {
  const repository = makeRepository(t);
  const shared = runBaton(repository, ['init', '--plans-dir', 'p', '--state-folders', 'A,A,B']);
  assert.equal(shared.status, 2, shared.stderr);
  assert.match(shared.stderr, /USAGE: .*review and active would share the folder "A"/);
  const climbing = runBaton(repository, ['init', '--state-folders', '..,x,y']);
  assert.equal(climbing.status, 2);
  assert.match(climbing.stderr, /"\.\." \(review\) is not a folder name of its own/);
  const slash = runBaton(repository, ['init', '--state-folders', 'a/b,c,d']);
  assert.equal(slash.status, 2);
  assert.match(slash.stderr, /"a\/b" \(review\) is a path; each must be a single folder name/);
  assert.doesNotMatch(slash.stderr, /wants 3 or 4/);
  // Three names and the third is the default folder of rejected plans.
  const implicit = runBaton(repository, ['init', '--state-folders', 'a,b,rejected']);
  assert.equal(implicit.status, 2);
  assert.match(implicit.stderr, /completed and rejected would share the folder "rejected"/);
  assert.equal(existsSync(path.join(repository, '.baton/config.yaml')), false);
});

test('the config rejects plan folders that collide or lead outside the repository', (t) => {
  const repository = makeRepository(t);
  assert.equal(runBaton(repository, ['init']).status, 0);
  const config = path.join(repository, '.baton/config.yaml');
  const cases: Array<[string, RegExp]> = [
    [
      'plans:\n  states:\n    review: A\n    active: A\n',
      /plans\.states\.active: "A" is also the folder of review/,
    ],
    ['plans:\n  states:\n    review: ".."\n', /plans\.states\.review: a folder name, not "\." or "\.\."/],
    ['plans:\n  dir: ../outside\n', /plans\.dir: must be inside the repository/],
    ['plans:\n  dir: /tmp/abs\n', /plans\.dir: must be inside the repository/],
  ];
  for (const [text, message] of cases) {
    writeFileSync(config, text);
    const result = runBaton(repository, ['new', 'foo']);
    assert.equal(result.status, 3, text);
    assert.match(result.stderr, /CONFIG_INVALID/);
    assert.match(result.stderr, message);
  }
  assert.equal(existsSync(path.join(repository, '..', 'outside')), false);
});

test('lint reports a dangling symlink that points outside the repository', (t) => {
  const repository = makeRepository(t);
  assert.equal(runBaton(repository, ['init']).status, 0);
  const outside = makeTemporaryDirectory(t, 'baton-outside-');
  symlinkSync(path.join(outside, 'escaped.txt'), path.join(repository, 'notes.txt'));
  const text = cleanPlanText('links').replace('`src/greet.js`', '`notes.txt`');
  writeFileSync(path.join(repository, '.baton/plans/review/links.md'), text);
  const lint = runBaton(repository, ['lint', 'links']);
  assert.equal(lint.status, 1);
  assert.match(
    lint.stdout,
    /error PLAN_PATH_ESCAPES T1: notes\.txt leads outside the repository through a symlink/,
  );
});

test('lint warns when the file name is not the front matter id, and says "not a file" for a folder', (t) => {
  const repository = makeRepository(t);
  assert.equal(runBaton(repository, ['init']).status, 0);
  writeFileSync(path.join(repository, '.baton/plans/review/renamed.md'), cleanPlanText('original'));
  const lint = runBaton(repository, ['lint', 'renamed']);
  assert.equal(lint.status, 0, lint.stdout);
  assert.match(lint.stdout, /renamed\.md:2:\d+ warning PLAN_ID_MISMATCH .*"original".*renamed\.md/);
  const folder = runBaton(repository, ['lint', '/etc']);
  assert.equal(folder.status, 2);
  assert.match(folder.stderr, /not a file: \/etc/);
});

test('new --title with brackets writes a plan whose title is not a placeholder', (t) => {
  const repository = makeRepository(t);
  assert.equal(runBaton(repository, ['init']).status, 0);
  assert.equal(runBaton(repository, ['new', 'bracketed', '--title', 'A [Bracketed] title']).status, 0);
  const text = readFileSync(path.join(repository, '.baton/plans/review/bracketed.md'), 'utf8');
  assert.match(text, /^# Plan: A \\\[Bracketed\] title$/m);
  const lint = runBaton(repository, ['lint', 'bracketed']);
  assert.doesNotMatch(lint.stdout, /\[Bracketed\]/);
  const listed = json(runBaton(repository, ['plans', '--json'])).plans as Array<{ title: string }>;
  assert.equal(listed[0]!.title, 'A [Bracketed] title');
});

test('a plan in two state folders is marked by plans and is an error for lint', (t) => {
  const repository = makeRepository(t);
  assert.equal(runBaton(repository, ['init']).status, 0);
  writeFileSync(path.join(repository, '.baton/plans/review/twice.md'), cleanPlanText('twice'));
  writeFileSync(path.join(repository, '.baton/plans/active/twice.md'), cleanPlanText('twice'));
  const plans = runBaton(repository, ['plans']);
  assert.equal(plans.status, 0, plans.stderr);
  assert.match(plans.stdout, /twice .*! in two folders: review, active/);
  assert.match(plans.stdout, /twice .*! in two folders: active, review/);
  for (const args of [['lint'], ['lint', 'twice']]) {
    const lint = runBaton(repository, args);
    assert.equal(lint.status, 1, args.join(' '));
    const found = lint.stdout.match(
      /error PLAN_AMBIGUOUS plan "twice" is in two state folders: review, active/g,
    );
    assert.equal(found?.length, 2, lint.stdout);
  }
});

test('plans --state accepts the configured folder name', (t) => {
  const repository = makeRepository(t);
  const init = runBaton(repository, [
    'init',
    '--plans-dir',
    '.claude/plans',
    '--state-folders',
    'Review,Active,Completed',
  ]);
  assert.equal(init.status, 0, init.stderr);
  writeFileSync(path.join(repository, '.claude/plans/Review/seeded.md'), cleanPlanText('seeded'));
  for (const state of ['Review', 'review']) {
    const result = runBaton(repository, ['plans', '--state', state]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^review \(1\)$/m);
  }
  const unknown = runBaton(repository, ['plans', '--state', 'Reviewed']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /or its folder: Review, Active, Completed/);
});

test('init re-adds a removed .gitignore entry without a second header comment', (t) => {
  const repository = makeRepository(t);
  assert.equal(runBaton(repository, ['init']).status, 0);
  const gitignore = path.join(repository, '.gitignore');
  const original = readFileSync(gitignore, 'utf8');
  writeFileSync(gitignore, original.replace('.baton/hooks.log\n', ''));
  assert.equal(runBaton(repository, ['init']).status, 0);
  const after = readFileSync(gitignore, 'utf8');
  assert.equal(after.match(/# baton's store/g)?.length, 1, after);
  assert.match(after, /^\.baton\/hooks\.log$/m);
});

test('a refused transition says which state the plan is in and what would help', (t) => {
  const repository = makeRepository(t);
  assert.equal(runBaton(repository, ['init']).status, 0);
  writeFileSync(path.join(repository, '.baton/plans/review/waiting.md'), cleanPlanText('waiting'));
  const result = runBaton(repository, ['complete', 'waiting']);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /cannot complete plan "waiting": it is in review; only plans in active can be/);
  assert.match(result.stderr, /baton approve waiting/);
});

test('importing a generic tasks.json names the plan after its title', (t) => {
  const repository = makeRepository(t);
  assert.equal(runBaton(repository, ['init']).status, 0);
  const folder = path.join(repository, 'specs');
  mkdirSync(folder);
  const tasksJson = {
    master: {
      tasks: [
        { id: 1, title: 'Run migrations', details: 'Run `npx prisma migrate dev`.', testStrategy: 'ok' },
      ],
      metadata: { description: 'Billing export' },
    },
  };
  writeFileSync(path.join(folder, 'tasks.json'), JSON.stringify(tasksJson));
  const result = runBaton(repository, ['import', 'specs/tasks.json', '--json']);
  assert.equal(result.status, 0, result.stderr + result.stdout);
  assert.equal(json(result).id, 'billing-export');
  const text = readFileSync(path.join(repository, '.baton/plans/review/billing-export.md'), 'utf8');
  assert.match(text, /^id: billing-export$/m);
});
