// Making the repository disappear from under the hooks: an agent without a sandbox moves `.git`
// aside (or the project sits inside another repository, whose rules are looser), edits what
// another instance holds while the hooks see no repository, and puts `.git` back. A folder with
// baton's `.baton/` whose `.git` is gone is not "no repository, nothing to decide": PreToolUse
// denies. Controls: the same edit of A's own file with `.git` in place, and a folder that has
// never been a baton project.
import assert from 'node:assert/strict';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, type TestContext, test } from 'node:test';
import { makeRepository, makeTemporaryDirectory } from '../support/repository.ts';
import { editHook, repositoryHeldByB } from './bash-hook-fixture.ts';

describe("the repository's .git moved away", () => {
  // Each move returns the project's folder afterwards.
  const moves: Array<[string, (repository: string, home: string, t: TestContext) => string]> = [
    [
      '.git renamed inside the project',
      (repository) => {
        renameSync(path.join(repository, '.git'), path.join(repository, '.git-away'));
        return repository;
      },
    ],
    [
      '.git moved out of the project',
      (repository, home) => {
        renameSync(path.join(repository, '.git'), path.join(home, 'git-away'));
        return repository;
      },
    ],
    [
      '.git moved away, the project inside another repository',
      (repository, home, t) => {
        renameSync(path.join(repository, '.git'), path.join(home, 'git-away'));
        const outer = makeRepository(t);
        renameSync(repository, path.join(outer, 'project'));
        return path.join(outer, 'project');
      },
    ],
  ];
  for (const [name, move] of moves) {
    test(`repository: ${name}, then an edit of B's held file`, async (t) => {
      const { repository: original, home } = repositoryHeldByB(t);
      const repository = move(original, home, t);
      const answer = await editHook(repository, home, 'A', path.join(repository, 'src', 'held.ts'));
      assert.equal(answer.decision, 'deny', name);
      assert.match(answer.reason ?? '', /\.git/);
    });
  }

  test('control: with .git in place A edits its own file; a folder that is no baton project gets no decision', async (t) => {
    const { repository, home } = repositoryHeldByB(t);
    assert.deepEqual(await editHook(repository, home, 'A', path.join(repository, 'src', 'mine.ts')), {});
    const plain = makeTemporaryDirectory(t, 'baton-attack-plain-');
    mkdirSync(path.join(plain, 'src'));
    writeFileSync(path.join(plain, 'src', 'a.ts'), 'a\n');
    assert.deepEqual(await editHook(plain, home, 'A', path.join(plain, 'src', 'a.ts')), {});
  });
});
