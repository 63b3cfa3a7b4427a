// The scope check compares the names git lists as they are. A plan's declared paths are
// trimmed and tidied (`./a/`, ` a.txt `), but a file git lists with a space at either end, or
// with a `.`/`..` segment (only a crafted tree has one), is another file than the one its tidied
// name would be: no declared path covers it. Before, `one.txt ` passed the check of a task
// that declared `one.txt`, and merged.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filesOutsideScope } from '../../src/workspace/scope-check.ts';
import {
  executorSpec,
  makeRunRepository,
  parseEvents,
  reviewerSpec,
} from '../runner/support/run-repository.ts';
import { runBaton } from '../support/cli.ts';
import { git } from '../support/repository.ts';

test('scope check: a name that differs from a declared one only by a space at either end, or by a . or .. segment, is outside', () => {
  assert.deepEqual(
    filesOutsideScope(
      ['one.txt', 'one.txt ', ' one.txt', 'd/x.ts', 'd/./x.ts', 'd/x/../y.ts', 'd/ x.ts'],
      ['one.txt', 'd'],
    ),
    ['one.txt ', ' one.txt', 'd/./x.ts', 'd/x/../y.ts'],
  );
});

test('baton run: an executor that also writes "one.txt " beside its declared one.txt fails the scope check; the honest task beside it merges', (t) => {
  const planId = 'exact-names';
  const run = makeRunRepository(
    t,
    planId,
    [
      { id: 'T1', files: ['one.txt'] },
      { id: 'T2', files: ['two.txt'] },
    ],
    { scenario: { T1: { outside: 'one.txt ', outsideEveryRound: true } } },
  );
  const result = runBaton(
    run.repository,
    ['run', planId, '--json', '--executor', executorSpec, '--reviewer', reviewerSpec],
    { env: run.env },
  );
  assert.equal(result.status, 1, `${result.stdout}\n${result.stderr}`);
  const events = parseEvents(result.stdout);
  const scope = events.find((event) => event.kind === 'task-scope-failed' && event.taskId === 'T1');
  assert.ok(scope, 'a scope failure for T1');
  assert.deepEqual(scope.data?.files, ['one.txt ']);
  const finished = events.find((event) => event.kind === 'run-finished')!;
  assert.deepEqual(finished.data!.done, ['T2']);
  const tree = git(run.repository, 'ls-tree', '--name-only', `baton/${planId}`).split('\n');
  assert.ok(tree.includes('two.txt'), tree.join(', '));
  assert.ok(!tree.includes('one.txt ') && !tree.includes('one.txt'), tree.join(', '));
});
