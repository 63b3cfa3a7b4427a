// baton's own commits (a task's commit-and-diff after each executor round, commitAll) start no
// automatic git maintenance, while the user's commits in the same repository still do; what the
// commits report is the same as before.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { commitAndDiff } from '../../src/workspace/scope-check.ts';
import { commitAll } from '../../src/workspace/worktrees.ts';
import { setEnvironment } from '../support/environment.ts';
import { git, makeRepository, makeTemporaryDirectory } from '../support/repository.ts';

const automaticMaintenance = /run_command: git (maintenance run --auto|gc --auto)/;

test("baton's commits start no automatic maintenance, and say as before whether they committed", async (t) => {
  const repository = makeRepository(t);
  const trace = path.join(makeTemporaryDirectory(t), 'git-trace');
  // Every git process started from here writes the processes it starts to the trace.
  setEnvironment(t, { GIT_TRACE: trace });
  const from = git(repository, 'rev-parse', 'HEAD');

  writeFileSync(path.join(repository, 'a.txt'), 'a\n');
  assert.equal(await commitAll(repository, 'one'), true);
  assert.equal(await commitAll(repository, 'nothing'), false);
  writeFileSync(path.join(repository, 'b.txt'), 'b\n');
  const committed = await commitAndDiff(repository, 'two', from);
  assert.equal(committed.committed, true);
  assert.deepEqual(committed.files, ['a.txt', 'b.txt']);
  const unchanged = await commitAndDiff(repository, 'none', from);
  assert.equal(unchanged.committed, false);
  assert.deepEqual(unchanged.files, ['a.txt', 'b.txt']);
  assert.deepEqual(git(repository, 'log', '--format=%s', `${from}..HEAD`).split('\n'), ['two', 'one']);

  const ours = readFileSync(trace, 'utf8');
  assert.match(ours, /built-in: git .*commit/);
  assert.doesNotMatch(ours, automaticMaintenance);
  // The repository's own settings are untouched: the user's commit still starts it.
  git(repository, 'commit', '--quiet', '--allow-empty', '-m', 'the user');
  assert.match(readFileSync(trace, 'utf8').slice(ours.length), automaticMaintenance);
});
