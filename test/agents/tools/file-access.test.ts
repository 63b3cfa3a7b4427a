// The step between the sandbox's check and the open: a folder above the file swapped for a
// symbolic link in that moment (an agent's background command could do it) must not redirect
// a read or a write outside. The swap is made deterministic here: check, swap, then open.
import assert from 'node:assert/strict';
import { existsSync, linkSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { readFileInside, readTextFile, writeTextFile } from '../../../src/agents/tools/file-access.ts';
import { isRefusalDraft, isToolRefusal } from '../../../src/agents/tools/refusal.ts';
import { createSandbox, type ResolvedPath } from '../../../src/agents/tools/sandbox.ts';
import { makeWorkspace, toolsetFor, writeFiles } from './workspace-fixture.ts';

function checked(root: string, requested: string, write: boolean): ResolvedPath {
  const sandbox = createSandbox(root);
  const resolved = write ? sandbox.resolveForWrite(requested) : sandbox.resolveForRead(requested);
  assert.ok(!isRefusalDraft(resolved), `the sandbox should accept ${requested}`);
  return resolved;
}

/** Replaces the folder `src` of the root by a link to the outside folder, as a racing command would. */
function swapSourceFolderForLink(root: string, outside: string): void {
  renameSync(path.join(root, 'src'), path.join(root, 'src-moved'));
  symlinkSync(outside, path.join(root, 'src'));
}

test('a write whose folder became a link after the check is refused, and nothing is left outside', async (t) => {
  const workspace = makeWorkspace(t);
  const resolved = checked(workspace.root, 'src/new.ts', true);
  swapSourceFolderForLink(workspace.root, workspace.outside);
  const answer = await writeTextFile(resolved, 'src/new.ts', 'stolen write\n');
  assert.ok(isRefusalDraft(answer), 'the write must be refused');
  assert.equal(answer.code, 'PATH_ESCAPES');
  assert.match(answer.message, /src\/new\.ts changed while it was being opened.*Nothing was written/);
  assert.equal(existsSync(path.join(workspace.outside, 'new.ts')), false, 'no file is left outside');
});

test('overwriting an existing file through a swapped folder leaves the outside file as it was', async (t) => {
  const workspace = makeWorkspace(t);
  writeFiles(workspace.outside, { 'a.ts': 'outside original\n' });
  const resolved = checked(workspace.root, 'src/a.ts', true);
  swapSourceFolderForLink(workspace.root, workspace.outside);
  const answer = await writeTextFile(resolved, 'src/a.ts', 'overwritten\n');
  assert.ok(isRefusalDraft(answer));
  assert.equal(answer.code, 'PATH_ESCAPES');
  assert.equal(readFileSync(path.join(workspace.outside, 'a.ts'), 'utf8'), 'outside original\n');
});

test('a read whose folder became a link after the check is refused and reveals nothing', async (t) => {
  const workspace = makeWorkspace(t);
  writeFiles(workspace.outside, { 'a.ts': 'outside secret a\n' });
  const resolved = checked(workspace.root, 'src/a.ts', false);
  swapSourceFolderForLink(workspace.root, workspace.outside);
  const answer = await readTextFile(resolved, 'src/a.ts', 1_000_000);
  assert.ok(isRefusalDraft(answer), 'the read must be refused');
  assert.equal(answer.code, 'PATH_ESCAPES');
  assert.doesNotMatch(JSON.stringify(answer), /outside secret/);
});

test('a file that became a link itself after the check is refused for reading and writing', async (t) => {
  const workspace = makeWorkspace(t);
  const forRead = checked(workspace.root, 'src/a.ts', false);
  const forWrite = checked(workspace.root, 'src/a.ts', true);
  renameSync(path.join(workspace.root, 'src/a.ts'), path.join(workspace.root, 'src/a.moved'));
  symlinkSync(path.join(workspace.outside, 'secret.txt'), path.join(workspace.root, 'src/a.ts'));
  const read = await readTextFile(forRead, 'src/a.ts', 1_000_000);
  assert.ok(isRefusalDraft(read));
  assert.equal(read.code, 'PATH_ESCAPES');
  const written = await writeTextFile(forWrite, 'src/a.ts', 'x\n');
  assert.ok(isRefusalDraft(written));
  assert.equal(readFileSync(path.join(workspace.outside, 'secret.txt'), 'utf8'), 'outside secret\n');
});

test('search reads no file that leads outside once opened', async (t) => {
  const workspace = makeWorkspace(t);
  // The walk found src/a.ts inside; by the time it is read, src leads outside.
  writeFiles(workspace.outside, { 'a.ts': 'outside secret a\n' });
  swapSourceFolderForLink(workspace.root, workspace.outside);
  const content = await readFileInside(
    createSandbox(workspace.root).root,
    path.join(workspace.root, 'src/a.ts'),
    1_000_000,
  );
  assert.equal(content, undefined);
  // A file really inside is read.
  const inside = await readFileInside(
    createSandbox(workspace.root).root,
    path.join(workspace.root, 'src-moved/a.ts'),
    1_000_000,
  );
  assert.equal(inside?.toString('utf8'), 'export const a = 1;\n');
});

test('write_file refuses a declared file hard-linked to a file outside, which keeps its content', async (t) => {
  const workspace = makeWorkspace(t);
  const outsideFile = path.join(workspace.outside, 'config.txt');
  writeFileSync(outsideFile, 'outside config\n');
  // The same file system (both under the temporary folder), as `ln` in a command would make it.
  linkSync(outsideFile, path.join(workspace.root, 'src/linked.ts'));
  const { toolset, refusals } = toolsetFor(workspace, { role: 'executor', taskFiles: ['src/**'] });
  const answer = await toolset.call('write_file', { path: 'src/linked.ts', content: 'changed\n' });
  assert.ok(isToolRefusal(answer));
  assert.equal(answer.code, 'PATH_ESCAPES');
  assert.match(answer.message, /hard link/);
  assert.equal(readFileSync(outsideFile, 'utf8'), 'outside config\n');
  assert.deepEqual(
    refusals.map((refusal) => refusal.code),
    ['PATH_ESCAPES'],
  );
  // An ordinary declared file is still written.
  const written = await toolset.call('write_file', { path: 'src/a.ts', content: 'export const a = 2;\n' });
  assert.ok(!isToolRefusal(written));
  assert.equal(readFileSync(path.join(workspace.root, 'src/a.ts'), 'utf8'), 'export const a = 2;\n');
});
