// The round guard's reading of the shared git directory (config, hooks/, info/) reuses what it
// read of a file or folder whose identity has not changed, and still sees every change: a file
// written just after a reading (the racy case), a hook added, removed or renamed in a folder read
// before, a file rewritten with the same size and its times put back.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import {
  fingerprintChanges,
  type RepositoryFingerprint,
  repositoryFingerprint,
} from '../../src/workspace/repository-fingerprint.ts';
import { git, makeRepository } from '../support/repository.ts';

test('the git directory reading sees every change, whatever it reused', async (t) => {
  const repository = makeRepository(t);
  const gitDirectory = path.join(repository, '.git');
  const hook = path.join(gitDirectory, 'hooks', 'pre-commit');
  writeFileSync(hook, '#!/bin/sh\nexit 0\n');
  let last: RepositoryFingerprint = await repositoryFingerprint(repository);
  // The refs come with it, the main checkout's HEAD file included.
  assert.equal(last.refs.get('HEAD'), 'ref: refs/heads/main');
  assert.equal(last.refs.get('refs/heads/main'), git(repository, 'rev-parse', 'HEAD'));
  /** What changed in the git directory since the last reading. */
  const changed = async () => {
    const now = await repositoryFingerprint(repository);
    const { gitDirectory: changes } = fingerprintChanges(last, now);
    last = now;
    return changes;
  };

  // Rewritten at once after a reading, same size: within the racy window nothing is reused.
  writeFileSync(hook, '#!/bin/sh\nexit 1\n');
  assert.deepEqual(await changed(), ['.git/hooks/pre-commit']);

  // Let every file and folder settle, so that readings are reused from here on.
  await delay(2_100);
  assert.deepEqual(await changed(), []);
  assert.deepEqual(await changed(), []);

  writeFileSync(path.join(gitDirectory, 'hooks', 'post-checkout'), '#!/bin/sh\n');
  assert.deepEqual(await changed(), ['.git/hooks/post-checkout']);

  mkdirSync(path.join(gitDirectory, 'info', 'nested'));
  writeFileSync(path.join(gitDirectory, 'info', 'nested', 'file'), 'x\n');
  assert.deepEqual(await changed(), ['.git/info/nested/file']);

  await delay(2_100);
  assert.deepEqual(await changed(), []);
  renameSync(
    path.join(gitDirectory, 'hooks', 'post-checkout'),
    path.join(gitDirectory, 'hooks', 'post-merge'),
  );
  assert.deepEqual(await changed(), ['.git/hooks/post-checkout', '.git/hooks/post-merge']);
  rmSync(path.join(gitDirectory, 'info', 'nested', 'file'));
  assert.deepEqual(await changed(), ['.git/info/nested/file']);

  // Same size, modification time put back: the change time still moves.
  const { atime, mtime } = statSync(hook);
  writeFileSync(hook, '#!/bin/sh\nexit 2\n');
  utimesSync(hook, atime, mtime);
  assert.deepEqual(await changed(), ['.git/hooks/pre-commit']);
  const config = path.join(gitDirectory, 'config');
  writeFileSync(config, `${readFileSync(config, 'utf8')}[core]\n\thooksPath = /tmp\n`);
  assert.deepEqual(await changed(), ['.git/config']);
});
