import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { isToolRefusal } from '../../../src/agents/tools/refusal.ts';
import { makeWorkspace, toolsetFor, writeFiles } from './workspace-fixture.ts';

test('edit_file replaces one exact, unique piece of text', async (t) => {
  const workspace = makeWorkspace(t);
  const { toolset, refusals } = toolsetFor(workspace, { role: 'executor', taskFiles: ['src/**'] });
  const edited = await toolset.call('edit_file', { path: 'src/b.ts', oldText: 'b2 = 2', newText: 'b2 = 3' });
  assert.deepEqual(edited, { path: 'src/b.ts', line: 2 });
  assert.equal(
    readFileSync(path.join(workspace.root, 'src/b.ts'), 'utf8'),
    'export const b = 2;\nexport const b2 = 3;\n',
  );
  assert.equal(refusals.length, 0);
});

test('edit_file is refused when the old text is missing, saying so', async (t) => {
  const workspace = makeWorkspace(t);
  const { toolset, refusals } = toolsetFor(workspace, { role: 'executor', taskFiles: ['src/**'] });
  const answer = await toolset.call('edit_file', { path: 'src/a.ts', oldText: 'const a = 2', newText: 'x' });
  assert.ok(isToolRefusal(answer));
  assert.equal(answer.code, 'EDIT_NO_MATCH');
  assert.match(answer.message, /not found in src\/a\.ts/);
  assert.equal(readFileSync(path.join(workspace.root, 'src/a.ts'), 'utf8'), 'export const a = 1;\n');

  const missingFile = await toolset.call('edit_file', { path: 'src/nope.ts', oldText: 'a', newText: 'b' });
  assert.ok(isToolRefusal(missingFile));
  assert.equal(missingFile.code, 'NOT_FOUND');
  assert.match(missingFile.message, /write_file/);
  assert.deepEqual(
    refusals.map((refusal) => refusal.code),
    ['EDIT_NO_MATCH', 'NOT_FOUND'],
  );
});

test('edit_file is refused when the old text is not unique, saying how many times and where', async (t) => {
  const workspace = makeWorkspace(t);
  writeFiles(workspace.root, { 'src/repeat.ts': 'let x = 1;\nlet y = 2;\nlet x = 1;\n\nlet x = 1;\n' });
  const { toolset, refusals } = toolsetFor(workspace, { role: 'executor', taskFiles: ['src/**'] });
  const answer = await toolset.call('edit_file', {
    path: 'src/repeat.ts',
    oldText: 'let x = 1;',
    newText: 'let x = 9;',
  });
  assert.ok(isToolRefusal(answer));
  assert.equal(answer.code, 'EDIT_NOT_UNIQUE');
  assert.match(answer.message, /appears 3 times in src\/repeat\.ts \(at lines 1, 3, 5\)/);
  assert.equal(
    readFileSync(path.join(workspace.root, 'src/repeat.ts'), 'utf8'),
    'let x = 1;\nlet y = 2;\nlet x = 1;\n\nlet x = 1;\n',
  );
  // More context makes it unique.
  const unique = await toolset.call('edit_file', {
    path: 'src/repeat.ts',
    oldText: 'let y = 2;\nlet x = 1;',
    newText: 'let y = 2;\nlet x = 9;',
  });
  assert.deepEqual(unique, { path: 'src/repeat.ts', line: 2 });
  assert.equal(refusals.length, 1);
  assert.equal(refusals[0]?.path, 'src/repeat.ts');
});

test('edit_file counts overlapping occurrences as more than one', async (t) => {
  const workspace = makeWorkspace(t);
  writeFiles(workspace.root, { 'src/overlap.txt': 'aaa' });
  const { toolset } = toolsetFor(workspace, { role: 'executor', taskFiles: ['src/**'] });
  const answer = await toolset.call('edit_file', { path: 'src/overlap.txt', oldText: 'aa', newText: 'b' });
  assert.ok(isToolRefusal(answer));
  assert.equal(answer.code, 'EDIT_NOT_UNIQUE');
  assert.match(answer.message, /appears 2 times/);
});

test('write_file creates folders for a new file and will not overwrite a folder', async (t) => {
  const workspace = makeWorkspace(t);
  const { toolset } = toolsetFor(workspace, { role: 'executor', taskFiles: ['src/**'] });
  const created = await toolset.call('write_file', { path: 'src/new/deep/file.ts', content: 'ok\n' });
  assert.deepEqual(created, { path: 'src/new/deep/file.ts', bytesWritten: 3, created: true });
  const folder = await toolset.call('write_file', { path: 'src/new', content: 'x' });
  assert.ok(isToolRefusal(folder));
  assert.equal(folder.code, 'NOT_A_FILE');
});
