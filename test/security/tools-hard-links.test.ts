// The model backend's sandboxed tools (issue 11, class 8): read_file and search must not read a
// file outside the worktree through a hard link inside it. A hard link is the same file under a
// second name, so no path check sees it leave; its link count is what gives it away. Each
// attempt has a control: an ordinary file (one name) is read and searched as before.
import assert from 'node:assert/strict';
import { linkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { isToolRefusal } from '../../src/agents/tools/refusal.ts';
import { makeWorkspace, toolsetFor } from '../agents/tools/workspace-fixture.ts';

const secret = 'SECRET-OUTSIDE-THE-WORKTREE';

interface Attempt {
  name: string;
  tool: 'read_file' | 'search';
  /** Where the hard link is made inside the worktree. */
  link: string;
  input: Record<string, unknown>;
}

const attempts: Attempt[] = [
  {
    name: 'read_file of a hard link to a file outside',
    tool: 'read_file',
    link: 'src/linked.ts',
    input: { path: 'src/linked.ts' },
  },
  {
    name: 'read_file of a hard link with a line range',
    tool: 'read_file',
    link: 'src/linked.ts',
    input: { path: 'src/linked.ts', startLine: 1, endLine: 1 },
  },
  {
    name: 'read_file of a hard link in a new folder',
    tool: 'read_file',
    link: 'docs/deep/linked.md',
    input: { path: 'docs/deep/linked.md' },
  },
  {
    name: 'search of the whole worktree finds a hard link',
    tool: 'search',
    link: 'src/linked.ts',
    input: { pattern: 'SECRET' },
  },
  {
    name: 'search of the linked file itself',
    tool: 'search',
    link: 'src/linked.ts',
    input: { pattern: 'SECRET', path: 'src/linked.ts' },
  },
  {
    name: 'search under a folder with a glob',
    tool: 'search',
    link: 'src/linked.ts',
    input: { pattern: 'S.CRET', path: 'src', glob: '**/*.ts' },
  },
];

for (const attempt of attempts) {
  test(`tools: ${attempt.name} is refused or finds nothing`, async (t) => {
    const workspace = makeWorkspace(t);
    const outsideFile = path.join(workspace.outside, 'credentials.txt');
    writeFileSync(outsideFile, `${secret}\n`);
    const linked = path.join(workspace.root, attempt.link);
    (await import('node:fs')).mkdirSync(path.dirname(linked), { recursive: true });
    linkSync(outsideFile, linked);
    const { toolset } = toolsetFor(workspace, { role: 'executor', taskFiles: ['src/**', 'docs/**'] });
    const answer = await toolset.call(attempt.tool, attempt.input);
    assert.doesNotMatch(JSON.stringify(answer), new RegExp(secret), 'the outside file must not be read');
    if (attempt.tool === 'read_file') {
      assert.ok(isToolRefusal(answer));
      assert.equal(answer.code, 'PATH_ESCAPES');
      assert.match(answer.message, /hard link/);
    }
  });
}

test('tools control: an ordinary file is read and searched', async (t) => {
  const workspace = makeWorkspace(t);
  writeFileSync(path.join(workspace.root, 'src/plain.ts'), `export const marker = '${secret}';\n`);
  const { toolset } = toolsetFor(workspace, { role: 'executor', taskFiles: ['src/**'] });
  const read = await toolset.call('read_file', { path: 'src/plain.ts' });
  assert.ok(!isToolRefusal(read));
  assert.match(JSON.stringify(read), new RegExp(secret));
  const found = await toolset.call('search', { pattern: 'SECRET' });
  assert.ok(!isToolRefusal(found));
  assert.match(JSON.stringify(found), /src\/plain\.ts/);
});
