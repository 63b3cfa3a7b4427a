// A repository without commits (`git init`, then `baton init`): the commands that need a commit
// to branch from or merge into say so (exit 3, commit first); the others work as usual.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runBaton } from '../support/cli.ts';
import { cleanPlanText } from '../support/plans.ts';
import { git, makeTemporaryDirectory } from '../support/repository.ts';

function emptyRepository(t: import('node:test').TestContext): {
  repository: string;
  env: Record<string, string>;
} {
  const repository = makeTemporaryDirectory(t, 'baton-empty-');
  git(repository, 'init', '--quiet', '--initial-branch=main');
  git(repository, 'config', 'user.email', 'test@example.com');
  git(repository, 'config', 'user.name', 'baton test');
  const env = { HOME: makeTemporaryDirectory(t, 'baton-home-') };
  assert.equal(runBaton(repository, ['init'], { env }).status, 0);
  writeFileSync(path.join(repository, '.baton/plans/review/greeting.md'), cleanPlanText('greeting'));
  return { repository, env };
}

test('a repository without commits: run and complete --merge say to commit first (exit 3)', (t) => {
  const { repository, env } = emptyRepository(t);
  const approved = runBaton(repository, ['approve', 'greeting', '--by', 'test'], { env, terminal: true });
  assert.equal(approved.status, 0, approved.stderr);

  const run = runBaton(repository, ['run', 'greeting', '--executor', 'manual', '--reviewer', 'manual'], {
    env,
  });
  assert.equal(run.status, 3, run.stderr);
  assert.match(run.stderr, /NO_COMMITS/);
  assert.match(run.stderr, /no commits/);
  assert.match(run.stderr, /git commit/);
  assert.doesNotMatch(run.stderr, /INTERNAL|bug in baton/);
  const json = runBaton(repository, ['run', 'greeting', '--executor', 'manual', '--json'], { env });
  assert.equal(JSON.parse(json.stdout).error.code, 'NO_COMMITS');

  // Nothing was started: the plan was never run.
  const status = runBaton(repository, ['status', 'greeting', '--json'], { env });
  assert.equal(status.status, 0, status.stderr);
  assert.equal(JSON.parse(status.stdout).plans[0].runner ?? null, null);

  const merge = runBaton(repository, ['complete', 'greeting', '--merge'], { env });
  assert.equal(merge.status, 3, merge.stderr);
  assert.match(merge.stderr, /NO_COMMITS/);

  // Control: the other commands work in such a repository.
  assert.equal(runBaton(repository, ['show', 'greeting'], { env }).status, 0);
  assert.equal(runBaton(repository, ['clean', 'greeting'], { env }).status, 0);
  assert.equal(runBaton(repository, ['handoff', 'greeting', 'T1'], { env }).status, 0);

  // Once there is a commit, the same run goes ahead (and hands T1 to a person).
  git(repository, 'commit', '--quiet', '--allow-empty', '-m', 'initial');
  const after = runBaton(
    repository,
    ['run', 'greeting', '--executor', 'manual', '--reviewer', 'command:true'],
    {
      env,
    },
  );
  assert.doesNotMatch(after.stderr, /NO_COMMITS/);
  assert.match(after.stdout, /handed off to a person/);
});

test('a plan whose base branch does not exist is refused clearly, not as a bug', (t) => {
  const { repository, env } = emptyRepository(t);
  git(repository, 'commit', '--quiet', '--allow-empty', '-m', 'initial');
  writeFileSync(
    path.join(repository, '.baton/plans/review/greeting.md'),
    cleanPlanText('greeting').replace('base: main', 'base: trunk'),
  );
  assert.equal(
    runBaton(repository, ['approve', 'greeting', '--by', 'test'], { env, terminal: true }).status,
    0,
  );
  const run = runBaton(
    repository,
    ['run', 'greeting', '--executor', 'manual', '--reviewer', 'command:true'],
    {
      env,
    },
  );
  assert.equal(run.status, 3, run.stderr);
  assert.match(run.stderr, /base "trunk"/);
  assert.doesNotMatch(run.stderr, /INTERNAL/);
});
