// Nothing moves behind baton's back: an executor (the scripted `command` executor, running a
// shell command in its worktree on round 1) tries to move refs with git plumbing — the
// integration branch with a commit that changes files outside its task, the base branch, tags,
// replace refs, the main checkout's HEAD — or to change baton's config or the plan being run.
// Each attempt fails that round, is undone, is named in the round's feedback, and the task's
// second round (honest) merges. The runner tests' default `sandbox: off` holds here: under bubblewrap the executor cannot write
// .git or .baton at all (test/security/sandbox-*), so these tests show the line behind it.
// Then: `baton complete --merge` and a resumed `baton run` refuse an integration branch moved
// since baton's last merge; controls merge and run as usual.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import {
  commitOnBranch,
  makeRunRepository,
  parseEvents,
  scriptedBackends,
} from '../runner/support/run-repository.ts';
import { runBaton } from '../support/cli.ts';
import { git } from '../support/repository.ts';

const planId = 'refs';
const common = 'common=$(git rev-parse --git-common-dir); main=$(dirname "$common")';
// A commit like the task's HEAD but also adding evil.txt, which is no task's file.
const evilCommit =
  'blob=$(echo evil | git hash-object -w --stdin); export GIT_INDEX_FILE=$(mktemp -u); git read-tree HEAD; git update-index --add --cacheinfo 100644,$blob,evil.txt; tree=$(git write-tree); evil=$(git commit-tree $tree -p HEAD -m evil)';

const attempts: Record<string, string> = {
  'the integration branch moved to a commit adding a file outside the task': `${evilCommit}; git update-ref refs/heads/baton/${planId} $evil`,
  'the integration branch moved with git branch -f': `${evilCommit}; git branch -f baton/${planId} $evil`,
  'the base branch moved': `${evilCommit}; git update-ref refs/heads/main $evil`,
  'a tag created': `${evilCommit}; git tag v9 $evil`,
  'a replace ref rewriting what main shows': `${evilCommit}; git replace $(git rev-parse main) $evil`,
  'a branch deleted': 'git branch keep main && true; git update-ref -d refs/heads/keep',
  "the main checkout's HEAD pointed elsewhere": `${common}; git -C "$main" symbolic-ref HEAD refs/heads/elsewhere`,
  "baton's config changed": `${common}; printf 'claims:\\n  ttl: 1m\\n' >> "$main/.baton/config.yaml"`,
  'the plan being run rewritten': `${common}; echo '- [ ] **T9** sneak' >> "$main/.baton/plans/active/${planId}.md"`,
};

describe('an executor moving refs or changing baton files fails its round, which is undone', () => {
  for (const [name, shell] of Object.entries(attempts)) {
    test(name, (t) => {
      const run = makeRunRepository(t, planId, [{ id: 'T1', files: ['one.txt'] }], {
        scenario: { T1: { shell } },
      });
      if (name === 'a branch deleted') git(run.repository, 'branch', 'keep');
      const refsBefore = git(
        run.repository,
        'for-each-ref',
        '--format=%(refname) %(objectname)',
        'refs/heads/main',
        'refs/tags',
        'refs/replace',
      );
      const configBefore = readFileSync(path.join(run.repository, '.baton/config.yaml'), 'utf8');
      const result = runBaton(run.repository, ['run', planId, '--json', ...scriptedBackends], {
        env: run.env,
      });
      const events = parseEvents(result.stdout);
      const failed = events.find((event) => event.kind === 'task-scope-failed' && event.taskId === 'T1');
      assert.ok(failed, `round 1 did not fail: ${result.stdout}\n${result.stderr}`);
      assert.match(failed.message, /put back/);
      // The second round read what happened in its feedback.
      const starts = run.readLog().filter((entry) => entry.what === 'start');
      assert.equal(starts.length, 2, 'the task ran a second round');
      assert.match(String((starts[1] as { feedbackText?: string } | undefined)?.feedbackText), /put back/);
      // Everything is as it was, the task merged, and no evil.txt reached the plan's branch.
      assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
      assert.equal(
        git(
          run.repository,
          'for-each-ref',
          '--format=%(refname) %(objectname)',
          'refs/heads/main',
          'refs/tags',
          'refs/replace',
        ),
        refsBefore,
      );
      assert.equal(git(run.repository, 'symbolic-ref', 'HEAD'), 'refs/heads/main');
      assert.equal(readFileSync(path.join(run.repository, '.baton/config.yaml'), 'utf8'), configBefore);
      assert.doesNotMatch(
        git(run.repository, 'ls-tree', '-r', '--name-only', `baton/${planId}`),
        /evil\.txt/,
      );
      assert.doesNotMatch(
        readFileSync(path.join(run.repository, `.baton/plans/active/${planId}.md`), 'utf8'),
        /T9/,
      );
    });
  }

  test('control: an executor that only does its task merges in one round', (t) => {
    const run = makeRunRepository(t, planId, [{ id: 'T1', files: ['one.txt'] }]);
    const result = runBaton(run.repository, ['run', planId, '--json', ...scriptedBackends], { env: run.env });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(parseEvents(result.stdout).filter((event) => event.kind === 'task-scope-failed').length, 0);
    assert.equal(run.readLog().filter((entry) => entry.what === 'start').length, 1);
  });
});

describe('the integration branch must be where baton left it', () => {
  function ranPlan(t: Parameters<typeof makeRunRepository>[0]) {
    const run = makeRunRepository(t, planId, [{ id: 'T1', files: ['one.txt'] }]);
    const result = runBaton(run.repository, ['run', planId, '--json', ...scriptedBackends], { env: run.env });
    assert.equal(result.status, 0, result.stderr);
    return run;
  }

  test('complete --merge refuses a branch moved after the last merge; a person can look, put it back, merge', (t) => {
    const run = ranPlan(t);
    const recorded = git(run.repository, 'rev-parse', `baton/${planId}`);
    const moved = commitOnBranch(run.repository, `baton/${planId}`, 'evil.txt', 'evil\n', 'slipped in');
    const refused = runBaton(run.repository, ['complete', planId, '--merge']);
    assert.equal(refused.status, 1, refused.stdout);
    assert.match(refused.stderr, /INTEGRATION_MOVED/);
    assert.match(
      refused.stderr,
      new RegExp(`git update-ref refs/heads/baton/${planId} ${recorded} ${moved}`),
    );
    assert.equal(existsSync(path.join(run.repository, 'evil.txt')), false);
    git(run.repository, 'update-ref', `refs/heads/baton/${planId}`, recorded, moved);
    const merged = runBaton(run.repository, ['complete', planId, '--merge']);
    assert.equal(merged.status, 0, merged.stderr);
    assert.equal(readFileSync(path.join(run.repository, 'one.txt'), 'utf8'), 'T1 OK\n');
  });

  test('a resumed run refuses a branch moved since; control: an untouched branch resumes', (t) => {
    const run = ranPlan(t);
    const again = runBaton(run.repository, ['run', planId, '--json', ...scriptedBackends], { env: run.env });
    assert.equal(again.status, 0, again.stderr);
    commitOnBranch(run.repository, `baton/${planId}`, 'evil.txt', 'evil\n', 'slipped in');
    const refused = runBaton(run.repository, ['run', planId, '--json', ...scriptedBackends], {
      env: run.env,
    });
    assert.notEqual(refused.status, 0);
    assert.match(refused.stdout + refused.stderr, /INTEGRATION_MOVED/);
  });
});
