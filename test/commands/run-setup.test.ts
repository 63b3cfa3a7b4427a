// `run.setup` and `run.link`: setup commands run in each new worktree before the executor (a
// failing one blocks the task, saying which command and why); linked paths come from the main
// checkout and are never committed, so they are in neither the task's diff nor its scope check.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  executorSpec,
  makeRunRepository,
  parseEvents,
  reviewerSpec,
} from '../runner/support/run-repository.ts';
import { runBaton } from '../support/cli.ts';
import { git } from '../support/repository.ts';

const backends = ['--executor', executorSpec, '--reviewer', reviewerSpec];

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
