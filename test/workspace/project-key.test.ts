// The project key a repository's rows carry in a shared store: its first commit, the same in
// every clone and worktree, different for unrelated repositories, cached in the git directory.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { BatonError } from '../../src/errors.ts';
import { cacheFile, projectKey } from '../../src/workspace/project-key.ts';
import { git, makeRepository, makeTemporaryDirectory } from '../support/repository.ts';

const postgres = 'postgres://nobody@127.0.0.1:1/none';

function unrelated(t: Parameters<typeof makeRepository>[0], name: string): string {
  const repository = makeRepository(t);
  git(repository, 'commit', '--quiet', '--amend', '--allow-empty', '-m', `first commit of ${name}`);
  return repository;
}

test('clones and worktrees share the key; an unrelated repository never does', (t) => {
  const repository = unrelated(t, 'one');
  const key = projectKey(repository, postgres);
  assert.equal(key, git(repository, 'rev-list', '--max-parents=0', 'HEAD'));
  git(repository, 'commit', '--quiet', '--allow-empty', '-m', 'later work');
  assert.equal(projectKey(repository, postgres), key, 'later commits do not change it');

  const clone = path.join(makeTemporaryDirectory(t), 'clone');
  git(repository, 'clone', '--quiet', repository, clone);
  assert.equal(
    existsSync(path.join(clone, '.git', 'baton-project')),
    false,
    'a clone does not copy the cache',
  );
  assert.equal(projectKey(clone, postgres), key);

  const worktree = path.join(makeTemporaryDirectory(t), 'worktree');
  git(repository, 'worktree', 'add', '--quiet', '-b', 'side', worktree);
  assert.equal(
    cacheFile(worktree),
    path.join(repository, '.git', 'baton-project'),
    'one cache for every worktree',
  );
  assert.equal(projectKey(worktree, postgres), key);

  assert.notEqual(projectKey(unrelated(t, 'two'), postgres), key);
});

test('merging in an unrelated history keeps the key (first parents only)', (t) => {
  const repository = unrelated(t, 'main line');
  const key = git(repository, 'rev-list', '--max-parents=0', 'HEAD');
  const other = unrelated(t, 'other line');
  git(repository, 'fetch', '--quiet', other, 'main:other');
  git(repository, 'merge', '--quiet', '--allow-unrelated-histories', '-m', 'merge other', 'other');
  assert.equal(git(repository, 'rev-list', '--max-parents=0', 'HEAD').split('\n').length, 2);
  const clone = path.join(makeTemporaryDirectory(t), 'clone');
  git(repository, 'clone', '--quiet', repository, clone);
  assert.equal(projectKey(clone, postgres), key);
});

test('a shallow clone is refused (its oldest commit is not the first), unless store.project is set', (t) => {
  const repository = unrelated(t, 'deep');
  git(repository, 'commit', '--quiet', '--allow-empty', '-m', 'second');
  const shallow = path.join(makeTemporaryDirectory(t), 'shallow');
  git(repository, 'clone', '--quiet', '--depth', '1', `file://${repository}`, shallow);
  assert.throws(
    () => projectKey(shallow, postgres),
    (error: unknown) =>
      error instanceof BatonError &&
      error.code === 'STORE_UNAVAILABLE' &&
      /shallow clone/.test(error.message),
  );
  assert.equal(projectKey(shallow, postgres, 'team-app'), 'team-app');
  git(shallow, 'fetch', '--quiet', '--unshallow');
  assert.equal(projectKey(shallow, postgres), projectKey(repository, postgres), 'once whole, the same key');
});

test('the key is cached in the git directory and read from there', (t) => {
  const repository = unrelated(t, 'cached');
  const key = projectKey(repository, postgres);
  const cache = path.join(repository, '.git', 'baton-project');
  assert.equal(readFileSync(cache, 'utf8').trim(), key);
  // A cached key is taken as it is: no git runs (a different valid hash proves it was read).
  const other = 'f'.repeat(40);
  writeFileSync(cache, `${other}\n`);
  assert.equal(projectKey(repository, postgres), other);
  // A damaged cache is not trusted: git is asked again, and the cache repaired.
  writeFileSync(cache, 'not a hash\n');
  assert.equal(projectKey(repository, postgres), key);
  assert.equal(readFileSync(cache, 'utf8').trim(), key);
});

test('store.project overrides the key; a SQLite store needs none', (t) => {
  const repository = unrelated(t, 'configured');
  assert.equal(projectKey(repository, postgres, 'team-app'), 'team-app');
  assert.equal(projectKey(repository, path.join(repository, '.baton', 'baton.db')), '');
  assert.equal(projectKey(repository, '/elsewhere/baton.db', 'team-app'), 'team-app');
  // BATON_PROJECT over both, as BATON_DATABASE_URL over store.url; an empty one counts as unset.
  assert.equal(projectKey(repository, postgres, 'team-app', { BATON_PROJECT: 'from-run' }), 'from-run');
  assert.equal(projectKey(repository, postgres, 'team-app', { BATON_PROJECT: ' ' }), 'team-app');
  assert.equal(
    projectKey(repository, postgres, undefined, {}),
    git(repository, 'rev-list', '--max-parents=0', 'HEAD'),
  );
});

test('a repository without commits: a clear error for Postgres, unless store.project is set', (t) => {
  const repository = makeTemporaryDirectory(t, 'baton-empty-');
  git(repository, 'init', '--quiet');
  assert.throws(
    () => projectKey(repository, postgres),
    (error: unknown) =>
      error instanceof BatonError &&
      error.code === 'STORE_UNAVAILABLE' &&
      error.exitCode === 3 &&
      /no commit yet/.test(error.message) &&
      /store\.project/.test(error.hint ?? ''),
  );
  assert.equal(existsSync(path.join(repository, '.git', 'baton-project')), false, 'nothing cached');
  assert.equal(projectKey(repository, postgres, 'chosen'), 'chosen');
  assert.equal(projectKey(repository, path.join(repository, '.baton', 'baton.db')), '');
});
