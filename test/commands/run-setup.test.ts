// `run.setup` and `run.link`: setup commands run in each new worktree before the executor (a
// failing one blocks the task, saying which command and why); linked paths come from the main
// checkout and are never committed, so they are in neither the task's diff nor its scope check.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { makeRunRepository, parseEvents, scriptedBackends } from '../runner/support/run-repository.ts';
import { runBaton } from '../support/cli.ts';
import { git } from '../support/repository.ts';

const backends = scriptedBackends;

test('setup runs in each worktree before the executor; linked node_modules is used, never committed', (t) => {
  const planId = 'setup';
  const run = makeRunRepository(
    t,
    planId,
    [
      {
        id: 'T1',
        files: ['one.txt'],
        verify: ['grep -q "T1 OK" one.txt', 'test -f node_modules/dep/index.js'],
      },
      { id: 'T2', files: ['two.txt'], dependencies: ['T1'] },
    ],
    {
      // The setup writes an ignored marker; its output names the worktree it ran in.
      config: [
        '  setup:',
        '    - mkdir -p build && echo "set up in $(basename "$PWD")" > build/setup.txt',
        '  link:',
        '    - node_modules',
      ].join('\n'),
      scenario: { T1: { show: 'build/setup.txt' }, T2: { show: 'node_modules/dep/index.js' } },
    },
  );
  // The main checkout's node_modules: untracked, and "node_modules/" in .gitignore matches a
  // folder only, so a symlink of that name is not ignored — baton itself must leave it out.
  writeFileSync(path.join(run.repository, '.gitignore'), 'build/\nnode_modules/\n');
  git(run.repository, 'add', '.gitignore');
  git(run.repository, 'commit', '--quiet', '-m', 'ignore build output');
  mkdirSync(path.join(run.repository, 'node_modules', 'dep'), { recursive: true });
  writeFileSync(path.join(run.repository, 'node_modules', 'dep', 'index.js'), 'export default 1;\n');

  const result = runBaton(run.repository, ['run', planId, '--json', ...backends], { env: run.env });
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  const events = parseEvents(result.stdout);
  assert.equal(events.filter((event) => event.kind === 'task-scope-failed').length, 0);

  const starts = run.readLog().filter((entry) => entry.what === 'start');
  // The setup had run in T1's own worktree when its executor started.
  assert.deepEqual(
    starts.filter((entry) => entry.task === 'T1').map((entry) => entry.seen),
    ['set up in T1\n'],
  );
  // The link: T2's executor reads the main checkout's node_modules through it.
  assert.deepEqual(
    starts.filter((entry) => entry.task === 'T2').map((entry) => entry.seen),
    ['export default 1;\n'],
  );

  // Nothing of node_modules (nor the ignored setup output) is on the branch or in any commit.
  const branch = `baton/${planId}`;
  assert.deepEqual(git(run.repository, 'ls-tree', '-r', '--name-only', branch).split('\n').sort(), [
    '.gitignore',
    'one.txt',
    'two.txt',
  ]);
  const touched = git(run.repository, 'log', '--format=', '--name-only', `main..${branch}`);
  assert.doesNotMatch(touched, /node_modules|build/);
  // The main checkout's node_modules is still a folder of its own.
  assert.equal(git(run.repository, 'status', '--porcelain', '--ignored', 'node_modules'), '!! node_modules/');
});

test('a failing setup command blocks the task with the command and its output; dependents are blocked', (t) => {
  const planId = 'setup-fails';
  const run = makeRunRepository(
    t,
    planId,
    [
      { id: 'T1', files: ['one.txt'] },
      { id: 'T2', files: ['two.txt'], dependencies: ['T1'] },
    ],
    { config: ['  setup:', '    - echo "npm ERR! no lockfile" >&2; exit 7'].join('\n') },
  );
  const result = runBaton(run.repository, ['run', planId, '--json', ...backends], { env: run.env });
  assert.equal(result.status, 1, `${result.stdout}\n${result.stderr}`);
  const finished = parseEvents(result.stdout).find((event) => event.kind === 'run-finished')!;
  const blocked = finished.data!.blocked as Array<{ taskId: string; reason: string }>;
  assert.deepEqual(blocked.map((entry) => entry.taskId).sort(), ['T1', 'T2']);
  assert.match(
    blocked.find((entry) => entry.taskId === 'T1')!.reason,
    /setup command `echo "npm ERR! no lockfile" >&2; exit 7` failed \(exit 7\): npm ERR! no lockfile/,
  );
  assert.match(blocked.find((entry) => entry.taskId === 'T2')!.reason, /depends on T1/);
  // The executor never ran.
  assert.deepEqual(run.readLog(), []);
  assert.equal(git(run.repository, 'log', '--merges', '--format=%H', `baton/${planId}`), '');
});

test('files run.setup creates are the baseline: not committed, not counted against the scope', (t) => {
  const planId = 'setup-baseline';
  const run = makeRunRepository(t, planId, [{ id: 'T1', files: ['one.txt'] }], {
    config: ['  setup:', '    - echo ready > setup.marker'].join('\n'),
  });
  const result = runBaton(run.repository, ['run', planId, '--json', ...backends], { env: run.env });
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  const events = parseEvents(result.stdout);
  assert.equal(events.filter((event) => event.kind === 'task-scope-failed').length, 0);
  assert.equal(events.filter((event) => event.kind === 'task-round-failed').length, 0);
  assert.doesNotMatch(
    git(run.repository, 'ls-tree', '-r', '--name-only', `baton/${planId}`),
    /setup\.marker/,
  );
});

test('an executor changing the main checkout or the shared .git config fails the round, naming what changed', (t) => {
  const planId = 'guard';
  const run = makeRunRepository(
    t,
    planId,
    [
      { id: 'T1', files: ['one.txt'] },
      { id: 'T2', files: ['two.txt'], dependencies: ['T1'] },
    ],
    {
      scenario: {
        T1: { shell: 'git config core.hooksPath /tmp/baton-evil-hooks' },
        T2: { shell: 'echo taken >> "$(git rev-parse --git-common-dir)/../README.md"' },
      },
    },
  );
  const result = runBaton(run.repository, ['run', planId, '--json', ...backends], { env: run.env });
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  const failed = parseEvents(result.stdout).filter((event) => event.kind === 'task-round-failed');
  const t1 = failed.find((event) => event.taskId === 'T1' && event.round === 1);
  const t2 = failed.find((event) => event.taskId === 'T2' && event.round === 1);
  assert.match(t1?.message ?? '', /changed things outside its worktree: \.git\/config/);
  assert.match(t2?.message ?? '', /changed things outside its worktree: README\.md \(main checkout\)/);
  // Reported, not undone: the user's checkout is theirs to look at.
  assert.match(readFileSync(path.join(run.repository, 'README.md'), 'utf8'), /taken/);
  git(run.repository, 'config', '--unset', 'core.hooksPath');
  // Round 2 (nothing outside) passed and merged.
  assert.equal(git(run.repository, 'show', `baton/${planId}:two.txt`), 'T2 OK');
});

test('complete --merge after a run: the plan moves approve made do not stop it; hand-off files are removed', (t) => {
  const planId = 'completes';
  const run = makeRunRepository(t, planId, [{ id: 'T1', files: ['one.txt'] }]);
  const result = runBaton(run.repository, ['run', planId, ...backends], { env: run.env });
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  assert.equal(existsSync(path.join(run.worktrees, planId, '_handoff')), false, 'removed after the run');
  // The plan file moved (approve) without a commit: the main checkout is "dirty" only there.
  assert.notEqual(git(run.repository, 'status', '--porcelain', '.baton/plans'), '');
  const completed = runBaton(run.repository, ['complete', planId, '--merge']);
  assert.equal(completed.status, 0, `${completed.stdout}\n${completed.stderr}`);
  assert.equal(readFileSync(path.join(run.repository, 'one.txt'), 'utf8'), 'T1 OK\n');
  assert.equal(existsSync(path.join(run.worktrees, planId, '_handoff')), false);
});
