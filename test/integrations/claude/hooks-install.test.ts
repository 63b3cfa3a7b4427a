// `baton hooks install | uninstall`: check everything, then write; keep the file's indentation;
// keep a local settings file out of commits; say so when there is nothing to remove.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runBaton } from '../../support/cli.ts';
import { git, makeRepository, makeTemporaryDirectory } from '../../support/repository.ts';

test('install --git-hook on a non-shell post-commit hook fails before writing the settings', (t) => {
  const repository = makeRepository(t);
  const hook = path.join(repository, '.git', 'hooks', 'post-commit');
  mkdirSync(path.dirname(hook), { recursive: true });
  writeFileSync(hook, '#!/usr/bin/env python3\nprint("hi")\n');
  const result = runBaton(repository, ['hooks', 'install', '--git-hook', '--command', 'baton'], {
    env: { HOME: makeTemporaryDirectory(t) },
  });
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, /not a shell script/);
  assert.equal(existsSync(path.join(repository, '.claude', 'settings.json')), false, 'nothing half done');
  assert.equal(readFileSync(hook, 'utf8'), '#!/usr/bin/env python3\nprint("hi")\n');
});

test("install keeps the settings file's indentation", (t) => {
  const repository = makeRepository(t);
  const file = path.join(repository, '.claude', 'settings.json');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '{\n    "model": "opus",\n    "env": {\n        "A": "1"\n    }\n}\n');
  const result = runBaton(repository, ['hooks', 'install', '--command', 'baton'], {
    env: { HOME: makeTemporaryDirectory(t) },
  });
  assert.equal(result.status, 0, result.stderr);
  const text = readFileSync(file, 'utf8');
  assert.match(text, /^\{\n {4}"model": "opus",\n {4}"env": \{\n {8}"A": "1"/);
  assert.match(text, /\n {4}"hooks": \{\n {8}"SessionStart"/);
});

test('--scope local adds the local settings file to .gitignore once, unless already ignored', (t) => {
  const repository = makeRepository(t);
  const home = makeTemporaryDirectory(t);
  const first = runBaton(repository, ['hooks', 'install', '--scope', 'local', '--command', 'baton'], {
    env: { HOME: home },
  });
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /settings\.local\.json added to \.gitignore/);
  runBaton(repository, ['hooks', 'install', '--scope', 'local', '--command', 'baton'], {
    env: { HOME: home },
  });
  const ignore = readFileSync(path.join(repository, '.gitignore'), 'utf8');
  assert.equal(ignore.split('\n').filter((line) => line === '.claude/settings.local.json').length, 1);
  assert.equal(
    git(repository, 'status', '--porcelain', '--untracked-files=all').includes('settings.local'),
    false,
  );
});

test('uninstall without a settings file says there is nothing to remove', (t) => {
  const repository = makeRepository(t);
  const result = runBaton(repository, ['hooks', 'uninstall'], { env: { HOME: makeTemporaryDirectory(t) } });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /does not exist: nothing to remove/);
  assert.equal(existsSync(path.join(repository, '.claude')), false);
});
