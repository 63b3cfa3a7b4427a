import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isToolRefusal } from '../../../src/agents/tools/refusal.ts';
import { makeWorkspace, toolsetFor, writeFiles } from './workspace-fixture.ts';

test('read_file reads a whole file, or a line range', async (t) => {
  const workspace = makeWorkspace(t);
  writeFiles(workspace.root, { 'lines.txt': 'one\ntwo\nthree\nfour\n' });
  const { toolset } = toolsetFor(workspace, { role: 'planner' });

  const whole = await toolset.call('read_file', { path: 'lines.txt' });
  assert.ok(!isToolRefusal(whole));
  assert.deepEqual(whole, {
    path: 'lines.txt',
    content: 'one\ntwo\nthree\nfour',
    startLine: 1,
    endLine: 4,
    totalLines: 4,
    truncated: false,
  });
  const middle = await toolset.call('read_file', { path: 'lines.txt', startLine: 2, endLine: 3 });
  assert.ok(!isToolRefusal(middle));
  assert.equal(middle.content, 'two\nthree');
  assert.equal(middle.endLine, 3);
  const pastTheEnd = await toolset.call('read_file', { path: 'lines.txt', startLine: 3, endLine: 99 });
  assert.ok(!isToolRefusal(pastTheEnd));
  assert.equal(pastTheEnd.content, 'three\nfour');

  const refused = await toolset.call('read_file', { path: 'lines.txt', startLine: 9 });
  assert.ok(isToolRefusal(refused));
  assert.equal(refused.code, 'INVALID_INPUT');
  const folder = await toolset.call('read_file', { path: 'src' });
  assert.ok(isToolRefusal(folder));
  assert.equal(folder.code, 'NOT_A_FILE');
});

test('read_file cuts at the size cap on a whole line and says where to read on', async (t) => {
  const workspace = makeWorkspace(t);
  const line = 'x'.repeat(99);
  writeFiles(workspace.root, { 'big.txt': `${line}\n`.repeat(50) });
  const { toolset } = toolsetFor(workspace, { role: 'planner', limits: { readMaxBytes: 1000 } });

  const first = await toolset.call('read_file', { path: 'big.txt' });
  assert.ok(!isToolRefusal(first));
  assert.equal(first.truncated, true);
  assert.equal(first.endLine, 10);
  assert.equal(first.nextStartLine, 11);
  assert.equal(first.content, Array(10).fill(line).join('\n'));
  const next = await toolset.call('read_file', { path: 'big.txt', startLine: first.nextStartLine });
  assert.ok(!isToolRefusal(next));
  assert.equal(next.startLine, 11);

  const { toolset: strict } = toolsetFor(workspace, { role: 'planner', limits: { readMaxFileBytes: 100 } });
  const tooLarge = await strict.call('read_file', { path: 'big.txt' });
  assert.ok(isToolRefusal(tooLarge));
  assert.equal(tooLarge.code, 'TOO_LARGE');
});

test('read_file refuses binary files', async (t) => {
  const workspace = makeWorkspace(t);
  writeFiles(workspace.root, { 'image.bin': 'PNG\0\0data' });
  const { toolset } = toolsetFor(workspace, { role: 'planner' });
  const answer = await toolset.call('read_file', { path: 'image.bin' });
  assert.ok(isToolRefusal(answer));
  assert.equal(answer.code, 'NOT_TEXT');
});

test('list_files honours .gitignore (root and nested, with negation) and never shows .git', async (t) => {
  const workspace = makeWorkspace(t);
  const { toolset } = toolsetFor(workspace, { role: 'planner' });
  const listing = await toolset.call('list_files', {});
  assert.ok(!isToolRefusal(listing));
  assert.deepEqual(listing.files, [
    '.gitignore',
    'docs/readme.md',
    'logs/keep.log',
    'src/.gitignore',
    'src/a.ts',
    'src/b.ts',
  ]);
  assert.equal(listing.truncated, false);

  const sources = await toolset.call('list_files', { glob: 'src/*.ts' });
  assert.ok(!isToolRefusal(sources));
  assert.deepEqual(sources.files, ['src/a.ts', 'src/b.ts']);
  const underDocs = await toolset.call('list_files', { path: 'docs' });
  assert.ok(!isToolRefusal(underDocs));
  assert.deepEqual(underDocs.files, ['docs/readme.md']);
  const limited = await toolset.call('list_files', { limit: 2 });
  assert.ok(!isToolRefusal(limited));
  assert.deepEqual(limited, { files: ['.gitignore', 'docs/readme.md'], truncated: true });
});

test('search finds lines by regular expression, skipping ignored files, with a result cap', async (t) => {
  const workspace = makeWorkspace(t);
  const { toolset, refusals } = toolsetFor(workspace, { role: 'reviewer' });
  const found = await toolset.call('search', { pattern: 'marker', caseSensitive: false });
  assert.ok(!isToolRefusal(found));
  // dist/ (a folder rule), debug.log (*.log) and src/generated.ts (nested .gitignore) are skipped;
  // logs/keep.log is brought back by `!logs/keep.log`.
  assert.deepEqual(found.matches, [
    { path: 'docs/readme.md', line: 2, text: 'marker in docs' },
    { path: 'logs/keep.log', line: 1, text: 'marker kept by negation' },
  ]);
  assert.equal(found.truncated, false);

  const exports = await toolset.call('search', {
    pattern: '^export const \\w+ = \\d',
    path: 'src',
    glob: '**/*.ts',
  });
  assert.ok(!isToolRefusal(exports));
  assert.deepEqual(
    exports.matches.map((match) => `${match.path}:${match.line}`),
    ['src/a.ts:1', 'src/b.ts:1', 'src/b.ts:2'],
  );
  const capped = await toolset.call('search', { pattern: 'export', maxResults: 2 });
  assert.ok(!isToolRefusal(capped));
  assert.equal(capped.matches.length, 2);
  assert.equal(capped.truncated, true);

  const invalid = await toolset.call('search', { pattern: '(unclosed' });
  assert.ok(isToolRefusal(invalid));
  assert.equal(invalid.code, 'INVALID_INPUT');
  assert.equal(refusals.length, 1);
});
