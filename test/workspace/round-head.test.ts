// A round's commit-and-diff names the commit the worktree's HEAD is at: read from git's files
// when they say it plainly (a linked worktree on a branch whose ref is a loose file), with no
// `git rev-parse`; in every other form HEAD can take (a packed ref, a detached HEAD, a symbolic
// ref to another branch, a main checkout) git is asked. Either way it is the commit git names,
// and the diff is of that commit.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { commitAndDiff } from '../../src/workspace/scope-check.ts';
import { setEnvironment } from '../support/environment.ts';
import { git, makeRepository, makeTemporaryDirectory } from '../support/repository.ts';

test("a round's commit is the one git names for HEAD, read from a plain loose ref without asking git, asked of git otherwise", async (t) => {
  const repository = makeRepository(t);
  const from = git(repository, 'rev-parse', 'HEAD');
  const worktree = path.join(makeTemporaryDirectory(t), 'task');
  git(repository, 'worktree', 'add', '--quiet', '-b', 'baton-task/p/T1', worktree, from);
  const trace = path.join(makeTemporaryDirectory(t), 'git-trace');
  setEnvironment(t, { GIT_TRACE: trace });
  /** Commits a change (or not) and says whether git was asked for HEAD. */
  const round = async (directory: string, file: string | undefined) => {
    writeFileSync(trace, '');
    if (file) writeFileSync(path.join(directory, file), `${file}\n`);
    const changes = await commitAndDiff(directory, `round ${file ?? 'unchanged'}`, from);
    const asked = /built-in: git rev-parse/.test(readFileSync(trace, 'utf8'));
    assert.equal(changes.head, git(directory, 'rev-parse', 'HEAD'));
    assert.match(changes.diff, file ? new RegExp(`\\+${file}`) : /./s);
    return asked;
  };

  assert.equal(await round(worktree, 'one.txt'), false, 'a loose ref is read, not asked for');
  assert.equal(await round(worktree, undefined), false);

  // The branch packed (the loose file gone): asked.
  git(repository, 'pack-refs', '--all');
  assert.equal(await round(worktree, undefined), true);
  // A commit writes the loose file again.
  assert.equal(await round(worktree, 'two.txt'), false);

  // Detached: asked.
  git(worktree, 'checkout', '--quiet', '--detach');
  assert.equal(await round(worktree, 'three.txt'), true);

  // A branch whose ref is a symbolic ref to another: asked, and the commit is the other's.
  git(worktree, 'checkout', '--quiet', 'baton-task/p/T1');
  git(repository, 'branch', 'elsewhere', from);
  git(worktree, 'symbolic-ref', 'refs/heads/baton-task/p/T1', 'refs/heads/elsewhere');
  assert.equal(await round(worktree, undefined), true);

  // A loose ref that is a symbolic link to another ref's file: read, the same commit as git's.
  const common = path.join(repository, '.git');
  git(worktree, 'checkout', '--quiet', '-B', 'baton-task/p/T2', from);
  await round(worktree, 'four.txt');
  git(repository, 'branch', 'target', git(worktree, 'rev-parse', 'HEAD'));
  git(repository, 'pack-refs', '--all');
  git(repository, 'update-ref', 'refs/heads/target', git(worktree, 'rev-parse', 'HEAD'));
  rmSync(path.join(common, 'refs/heads/baton-task/p/T2'), { force: true });
  symlinkSync(path.join(common, 'refs/heads/target'), path.join(common, 'refs/heads/baton-task/p/T2'));
  await round(worktree, undefined);

  // The main checkout (its .git a folder): asked.
  assert.equal(await round(repository, 'five.txt'), true);
});
