// The README's first steps, as a new user takes them: a fresh clone of this repository at HEAD,
// then the README's run command (`npm install && ./bin/baton.js demo`). npm installs from its
// cache where it can (--prefer-offline; the registry is still reached for anything missing),
// `prepare` builds the bundle, and baton runs from it: no rebuild, no word about a stale bundle.
// Slow (npm installs some 900 MB of dependencies, the agent CLIs among them): one clone, one install.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { childEnvironment } from './support/cli.ts';
import { checkDemoRepository } from './support/demo.ts';
import { git, makeTemporaryDirectory } from './support/repository.ts';

const checkout = path.resolve(import.meta.dirname, '..');

test('a fresh clone: the README’s run command installs, builds and runs baton demo to the end', (t) => {
  const readme = readFileSync(path.join(checkout, 'README.md'), 'utf8');
  const runSection = readme.slice(readme.indexOf('## Run baton'));
  const command = /```bash\n(.+)\n```/.exec(runSection)?.[1];
  assert.equal(command, 'npm install && ./bin/baton.js demo', 'the README’s run command');

  const scratch = makeTemporaryDirectory(t, 'baton-clone-');
  const home = path.join(scratch, 'home');
  const temporary = path.join(scratch, 'tmp');
  mkdirSync(home);
  mkdirSync(temporary);
  const clone = path.join(scratch, 'baton');
  git(scratch, 'clone', '--quiet', checkout, clone);

  const result = spawnSync('bash', ['-c', command!], {
    cwd: clone,
    encoding: 'utf8',
    env: childEnvironment({
      // The clone's own bundle must run, as for a user.
      BATON_FROM_SOURCE: undefined,
      HOME: home,
      // The demo's temporary folder lands here, removed with the test.
      TMPDIR: temporary,
      // The developer's npm cache, so that installing reaches the registry only for what it lacks.
      npm_config_cache: process.env.npm_config_cache ?? path.join(homedir(), '.npm'),
      npm_config_prefer_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
    }),
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);

  // npm install built the bundle (prepare), and baton ran it as it was: nothing stale to rebuild.
  assert.ok(existsSync(path.join(clone, 'dist', 'cli.js')));
  assert.ok(existsSync(path.join(clone, 'dist', 'build-stamp.json')));
  assert.doesNotMatch(result.stderr, /rebuilt dist|could not be rebuilt/);

  const output = result.stdout;
  assert.match(output, /scripted demo agents — no model is called/i);
  assert.match(output, /text-helpers: done — 5 done, 0 blocked/);
  const repository = /The demo repository is (\S+)\. In it:/.exec(output)?.[1];
  assert.ok(repository?.startsWith(temporary), output);
  const approvedBy = /Approved by (.+) \(you, the person running this demo\)/.exec(output)?.[1];
  assert.ok(approvedBy, output);
  checkDemoRepository(path.dirname(repository!), {
    approvedBy: approvedBy!,
    bin: path.join(clone, 'bin', 'baton.js'),
    env: { HOME: home },
  });
});
