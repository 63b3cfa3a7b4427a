// A task merge whose declared files are plain paths is checked inside the merge's one process
// (the script compares each changed path with them, scope-in-script.ts); any other scope is
// checked in JavaScript between two processes. The one-process check may never let through
// what the JavaScript check refuses: every case here merges the same task twice, with its scope
// as declared and with a glob that matches nothing added (which forces the two-step path), and
// both must end the same — the same files refused with the same message, the same conflict,
// the same tree. Attacks: names that look alike (`dx` beside a declared folder `d`, `d.txt`
// beside `D.txt` with core.ignorecase), names a shell or git could read as patterns or magic,
// names git quotes, a tree crafted with a `..` entry under a declared folder, and git's
// pathspec environment variables.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import { mergeIntoBranch } from '../../src/workspace/merge.ts';
import { scopeInScript } from '../../src/workspace/scope-in-script.ts';
import { git, makeRepository, makeTemporaryDirectory } from '../support/repository.ts';

// Matches nothing in these repositories, and makes the scope a glob: the two-step path.
const twoStep = 'no-such-folder/**';

/** A repository whose `task` branch adds `files` to `baton/plan`'s tip (README.md and c.txt). */
function repositoryWithTask(t: TestContext, files: readonly string[]): string {
  const repository = makeRepository(t);
  writeFileSync(path.join(repository, 'README.md'), 'readme\n');
  writeFileSync(path.join(repository, 'c.txt'), 'base\n');
  git(repository, 'add', '-A');
  git(repository, 'commit', '-qm', 'base');
  git(repository, 'branch', 'baton/plan');
  git(repository, 'checkout', '-qb', 'task');
  for (const file of files) {
    mkdirSync(path.dirname(path.join(repository, file)), { recursive: true });
    writeFileSync(path.join(repository, file), `task: ${file}\n`);
  }
  git(repository, 'add', '-A');
  git(repository, 'commit', '-qm', 'task', '--allow-empty');
  git(repository, 'checkout', '-q', '--detach');
  return repository;
}

/** How one merge ended, with the integration branch put back where it was for the next. */
async function mergeOnce(repository: string, scope: readonly string[], unchanged = false) {
  const before = git(repository, 'rev-parse', 'baton/plan');
  const outcome = await mergeIntoBranch({
    repositoryRoot: repository,
    target: 'baton/plan',
    branch: 'task',
    unchanged,
    message: 'merge task',
    emptyMessage: 'task (no changes)',
    scope,
  }).catch((error: Error) => error);
  const after = git(repository, 'rev-parse', 'baton/plan');
  git(repository, 'update-ref', 'refs/heads/baton/plan', before);
  if (outcome instanceof Error) return { refused: outcome.message, moved: after !== before };
  if (!outcome.merged) return { conflicts: outcome.conflicts, moved: after !== before };
  assert.equal(outcome.previousTip, before);
  assert.equal(outcome.commit, after);
  return {
    tree: git(repository, 'rev-parse', `${after}^{tree}`),
    parents: git(repository, 'rev-list', '--parents', '-n1', after).split(' ').length - 1,
    firstParent: git(repository, 'rev-parse', `${after}^1`) === before,
  };
}

/** The merge with `scope` as declared, after checking it ends as the two-step path does. */
async function mergeBothWays(repository: string, scope: readonly string[], unchanged = false) {
  const twoStepOutcome = await mergeOnce(repository, [...scope, twoStep], unchanged);
  const outcome = await mergeOnce(repository, scope, unchanged);
  assert.deepEqual(outcome, twoStepOutcome, `scope ${JSON.stringify(scope)}: as the two-step path`);
  return outcome;
}

function outsideScope(...files: string[]): RegExp {
  const escaped = files.join(', ').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`would change files outside the task's scope \\(${escaped}\\)`);
}

test('the script checks declared plain paths (escapes taken off); a glob, the whole repository, a `.` or `..` segment or a NUL is checked in JavaScript', () => {
  assert.deepEqual(scopeInScript(['./d/', 'a:b', '-x', 'sp ace/f', 'é']), [
    'd',
    'a:b',
    '-x',
    'sp ace/f',
    'é',
  ]);
  assert.deepEqual(scopeInScript([]), []);
  // Escapes are taken off as `pathMatchesGlob` takes them off.
  assert.deepEqual(scopeInScript(['st\\*r', 'a\\b']), ['st*r', 'ab']);
  for (const scope of [['d', 'src/*.ts'], ['.'], ['\\../x'], ['a/\\./b'], ['a\0b']])
    assert.equal(scopeInScript(scope), undefined, JSON.stringify(scope));
});

type FileAndDeclared = readonly [file: string, declared: string];

/**
 * A task adding `files`, merged with each file in turn left out of the scope (every other one
 * declared as `declared` says): the merge is refused naming that file alone, so no file hides
 * behind another one outside.
 */
async function refusedOneByOne(t: TestContext, files: readonly FileAndDeclared[], ignoreCase = false) {
  const repository = repositoryWithTask(
    t,
    files.map(([file]) => file),
  );
  if (ignoreCase) git(repository, 'config', 'core.ignorecase', 'true');
  for (const [outside] of files) {
    const scope = files.filter(([file]) => file !== outside).map(([, declared]) => declared);
    assert.ok(scopeInScript(scope), `${JSON.stringify(scope)} is checked in the script`);
    const outcome = await mergeBothWays(repository, scope);
    assert.match(String(outcome.refused), outsideScope(outside));
    assert.equal(outcome.moved, false);
  }
}

test('merge scope: a file beside a declared folder, and one whose name differs in case only, are refused', async (t) => {
  const files: FileAndDeclared[] = [
    ['d/sub/x.ts', './d/'],
    ['dx', 'dx'],
    ['d.txt', 'd.txt/'],
    ['D.txt', 'D.txt'],
  ];
  await refusedOneByOne(t, files, true);
});

test('merge scope: names like pathspec magic, options, shell patterns and globs are compared as written', async (t) => {
  const files: FileAndDeclared[] = [
    ['-dash', '-dash'],
    ['a:b', 'a:b'],
    ['a', 'a'],
    ['sp ace/f', 'sp ace'],
    ['(x)', '(x)'],
    [':(top)t', ':(top)t'],
    ['t', 't'],
    [':(exclude)u', ':(exclude)u'],
    ['u', 'u'],
    ['st*r', 'st\\*r'],
    ['stXr', 'stXr'],
    ['$(x)', '$(x)'],
  ];
  await refusedOneByOne(t, files);
  // Apart: were `[ab]` a pattern, it would cover `a` or `b` and never itself.
  const classes: FileAndDeclared[] = [
    ['[ab]', '\\[ab]'],
    ['a', 'a'],
    ['b', 'b'],
  ];
  await refusedOneByOne(t, classes);
});

test('merge scope: names git quotes (non-ASCII, a quote, a backslash, a tab) are refused or merged as the JavaScript check says', async (t) => {
  const files: FileAndDeclared[] = [
    ['é.ts', 'é.ts'],
    ['e\u0301.ts', 'e\u0301.ts'],
    ['q"', 'q"'],
    ['back\\slash', 'back\\\\slash'],
    ['tab\tx', 'tab\tx'],
    ['plain', 'plain'],
  ];
  await refusedOneByOne(t, files);
});

test('merge scope: a name ending in a space is outside even when declared so (a plan trims it to another name), both ways', async (t) => {
  const repository = repositoryWithTask(t, ['sp ', 'plain']);
  // Declared, `sp ` is `sp`: another file than the one git lists as `sp `.
  assert.match(String((await mergeBothWays(repository, ['sp ', 'plain'])).refused), outsideScope('sp '));
  assert.match(String((await mergeBothWays(repository, ['sp', 'plain'])).refused), outsideScope('sp '));
});

test('merge scope: a declared path written as git quotes a name does not cover that name', async (t) => {
  const repository = repositoryWithTask(t, ['é.ts']);
  // `"\303\251.ts"` with its quotes, as git lists é.ts: a file of that name, not é.ts.
  const quoted = ['"\\\\303\\\\251.ts"'];
  assert.deepEqual(scopeInScript(quoted), ['"\\303\\251.ts"']);
  assert.match(String((await mergeBothWays(repository, quoted)).refused), outsideScope('é.ts'));
});

test('merge scope: a tree crafted with a `..` entry under a declared folder is refused', async (t) => {
  const repository = repositoryWithTask(t, []);
  const input = (args: string[], text: string) =>
    execFileSync('git', args, { cwd: repository, input: text, encoding: 'utf8' }).trim();
  const blob = input(['hash-object', '-w', '--stdin'], 'stray\n');
  const inner = input(['mktree'], `100644 blob ${blob}\tx.ts\n`);
  const folder = input(['mktree'], `040000 tree ${inner}\t..\n100644 blob ${blob}\tok.ts\n`);
  const base = git(repository, 'ls-tree', 'task');
  const root = input(['mktree'], `${base}\n040000 tree ${folder}\td\n`);
  const commit = git(repository, 'commit-tree', root, '-p', 'task', '-m', 'crafted');
  git(repository, 'update-ref', 'refs/heads/task', commit);
  assert.ok(scopeInScript(['d']));
  const outcome = await mergeBothWays(repository, ['d']);
  // `d/../x.ts` is `x.ts` to the scope check.
  assert.match(String(outcome.refused), outsideScope('d/../x.ts'));
});

test("merge scope: git's pathspec environment variables change nothing", async (t) => {
  const repository = repositoryWithTask(t, ['d/x.ts', 'dx', 'd.txt', 's*']);
  for (const variable of [
    'GIT_LITERAL_PATHSPECS',
    'GIT_ICASE_PATHSPECS',
    'GIT_GLOB_PATHSPECS',
    'GIT_NOGLOB_PATHSPECS',
  ]) {
    process.env[variable] = '1';
    const outcome = await mergeBothWays(repository, ['d', 'dx', 'D.TXT', 's\\*']).finally(
      () => delete process.env[variable],
    );
    assert.match(String(outcome.refused), outsideScope('d.txt'), variable);
  }
});

test('merge scope control: an in-scope merge lands, a task without changes gets its merge, a conflict is the same', async (t) => {
  const repository = repositoryWithTask(t, ['d/sub/x.ts', '-dash', 'sp ace', 'c.txt']);
  const scope = ['d', '-dash', 'sp ace', 'c.txt'];
  assert.ok(scopeInScript(scope));
  const landed = await mergeBothWays(repository, scope);
  assert.equal(landed.parents, 2);
  assert.equal(landed.firstParent, true);
  const files = git(repository, 'ls-tree', '-r', '--name-only', String(landed.tree)).split('\n');
  assert.deepEqual(files.sort(), ['-dash', 'README.md', 'c.txt', 'd/sub/x.ts', 'sp ace'].sort());
  const unchanged = repositoryWithTask(t, []);
  const empty = await mergeBothWays(unchanged, ['d'], true);
  assert.equal(empty.tree, git(unchanged, 'rev-parse', 'baton/plan^{tree}'));
  assert.equal(empty.parents, 2);
  // The integration branch changes c.txt too: a conflict, and nothing moves.
  git(repository, 'checkout', '-q', 'baton/plan');
  writeFileSync(path.join(repository, 'c.txt'), 'plan\n');
  git(repository, 'commit', '-qam', 'plan changes c.txt');
  git(repository, 'checkout', '-q', '--detach');
  const conflict = await mergeBothWays(repository, scope);
  assert.deepEqual(conflict, { conflicts: ['c.txt'], moved: false });
});

/** A commit of a stray file on baton/plan (the branch is left there, the checkout detached). */
function strayCommitOnPlan(repository: string): string {
  git(repository, 'checkout', '-q', 'baton/plan');
  writeFileSync(path.join(repository, 'stray.ts'), 'not a task\n');
  git(repository, 'add', '-A');
  git(repository, 'commit', '-qm', 'moved');
  git(repository, 'checkout', '-q', '--detach');
  return git(repository, 'rev-parse', 'baton/plan');
}

/**
 * Merges `task` into baton/plan, which something moved to `moved`: it must be put back (once,
 * found at `moved`) and the merge made at the recorded tip, with nothing of the move in it.
 */
async function mergedAtRecordedTip(
  repository: string,
  scope: readonly string[],
  recordedTip: string,
  moved: string,
  head?: string,
) {
  const foundAt: Array<string | undefined> = [];
  const outcome = await mergeIntoBranch({
    repositoryRoot: repository,
    target: 'baton/plan',
    branch: 'task',
    ...(head !== undefined ? { head } : {}),
    unchanged: false,
    message: 'merge task',
    emptyMessage: 'task',
    scope,
    expectedTip: recordedTip,
    putBack: async (actual) => {
      foundAt.push(actual);
      git(repository, 'update-ref', 'refs/heads/baton/plan', recordedTip);
    },
  });
  assert.equal(outcome.merged, true, JSON.stringify(scope));
  assert.deepEqual(foundAt, [moved]);
  assert.equal(git(repository, 'rev-parse', 'baton/plan^1'), recordedTip);
  if (head !== undefined) assert.equal(git(repository, 'rev-parse', 'baton/plan^2'), head);
  const files = git(repository, 'ls-tree', '--name-only', 'baton/plan').split('\n');
  assert.deepEqual(files.sort(), ['README.md', 'c.txt', 'two.ts']);
}

test('merge scope: a branch moved while the merge runs is put back and merged again at the recorded tip', async (t) => {
  const repository = repositoryWithTask(t, ['two.ts']);
  const recordedTip = git(repository, 'rev-parse', 'baton/plan');
  const moved = strayCommitOnPlan(repository);
  git(repository, 'update-ref', 'refs/heads/baton/plan', recordedTip);
  // git itself moves the branch just before the merge commit is made (after the tip was read).
  const wrapper = makeTemporaryDirectory(t);
  const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  writeFileSync(
    path.join(wrapper, 'git'),
    `#!/bin/sh\nif [ "$1" = commit-tree ] && [ "$5" = -p ] && [ ! -e "$MOVE_MARK" ]; then : > "$MOVE_MARK"; "${realGit}" update-ref refs/heads/baton/plan ${moved}; fi\nexec "${realGit}" "$@"\n`,
  );
  chmodSync(path.join(wrapper, 'git'), 0o755);
  const originalPath = process.env.PATH;
  t.after(() => {
    process.env.PATH = originalPath;
    delete process.env.MOVE_MARK;
  });
  process.env.PATH = `${wrapper}${path.delimiter}${originalPath}`;
  for (const scope of [['two.ts'], ['two.ts', twoStep]]) {
    process.env.MOVE_MARK = path.join(wrapper, `moved-${scope.length}`);
    await mergedAtRecordedTip(repository, scope, recordedTip, moved);
    git(repository, 'update-ref', 'refs/heads/baton/plan', recordedTip);
  }
});

test('merge scope: with the reviewed commit given, a branch moved before the merge is put back and merged at the recorded tip, though the first try reads no ref', async (t) => {
  const repository = repositoryWithTask(t, ['two.ts']);
  const recordedTip = git(repository, 'rev-parse', 'baton/plan');
  const reviewed = git(repository, 'rev-parse', 'task');
  const moved = strayCommitOnPlan(repository);
  for (const scope of [['two.ts'], ['two.ts', twoStep]]) {
    git(repository, 'update-ref', 'refs/heads/baton/plan', moved);
    await mergedAtRecordedTip(repository, scope, recordedTip, moved, reviewed);
  }
});
