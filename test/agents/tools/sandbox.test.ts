import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { isRefusalDraft } from '../../../src/agents/tools/refusal.ts';
import { createSandbox } from '../../../src/agents/tools/sandbox.ts';
import { makeTemporaryDirectory } from '../../support/repository.ts';

test('paths resolve to their real location inside the root', (t) => {
  const root = makeTemporaryDirectory(t);
  mkdirSync(path.join(root, 'src/real'), { recursive: true });
  symlinkSync('real', path.join(root, 'src/alias'));
  const sandbox = createSandbox(root);

  assert.deepEqual(sandbox.resolveForRead('./src//real/../real/file.ts'), {
    absolute: path.join(root, 'src/real/file.ts'),
    relative: 'src/real/file.ts',
  });
  // A link inside the root is followed, and the write is judged by where it lands.
  const throughAlias = sandbox.resolveForWrite('src/alias/new/file.ts');
  assert.ok(!isRefusalDraft(throughAlias));
  assert.equal(throughAlias.relative, 'src/real/new/file.ts');
  assert.deepEqual(sandbox.resolveForRead('.'), { absolute: root, relative: '' });
  assert.equal(sandbox.relativeInside(path.join(root, 'a/b')), 'a/b');
  assert.equal(sandbox.relativeInside(path.dirname(root)), undefined);
});

test('the root itself is not a file to write, and a loop of links is refused', (t) => {
  const root = makeTemporaryDirectory(t);
  symlinkSync('loop-b', path.join(root, 'loop-a'));
  symlinkSync('loop-a', path.join(root, 'loop-b'));
  const sandbox = createSandbox(root);
  const rootWrite = sandbox.resolveForWrite('.');
  assert.ok(isRefusalDraft(rootWrite));
  assert.equal(rootWrite.code, 'NOT_A_FILE');
  const loop = sandbox.resolveForWrite('loop-a/file.txt');
  assert.ok(isRefusalDraft(loop));
  assert.equal(loop.code, 'PATH_ESCAPES');
});

test('a root reached through a symlink accepts absolute paths written either way', (t) => {
  const real = makeTemporaryDirectory(t);
  const link = path.join(makeTemporaryDirectory(t), 'link-to-root');
  symlinkSync(real, link);
  const sandbox = createSandbox(link);
  assert.equal(sandbox.root, real);
  const viaLink = sandbox.resolveForRead(path.join(link, 'a.txt'));
  assert.ok(!isRefusalDraft(viaLink));
  assert.equal(viaLink.relative, 'a.txt');
  const viaReal = sandbox.resolveForRead(path.join(real, 'a.txt'));
  assert.ok(!isRefusalDraft(viaReal));
  assert.equal(viaReal.relative, 'a.txt');
});
