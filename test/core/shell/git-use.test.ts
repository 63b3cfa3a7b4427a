import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gitUse } from '../../../src/core/shell/git-use.ts';

test('gitUse: whether a command runs git, and whether it moves before', () => {
  const cases: Array<[string, boolean, boolean]> = [
    ['git log --oneline | head', true, false],
    ['ls -la', false, false],
    ['cd src && ls', false, true],
    ['cd vendor/x.git && git log', true, true],
    ['pushd x; git status; popd', true, true],
    ['git -C other log', true, true],
    ['git --git-dir=other/.git log', true, true],
    ['git log; cd x', true, true],
    // Outside the grammar nothing is certain: the worst is assumed.
    ['echo $(git rev-parse HEAD)', true, true],
    ['grep -r git src', false, false],
  ];
  for (const [command, runsGit, movesDirectory] of cases)
    assert.deepEqual(gitUse(command), { runsGit, movesDirectory }, command);
});
