import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { writeFileAtomically } from '../../src/workspace/atomic-write.ts';
import { taskTrailer, trailerTaskIds } from '../../src/workspace/task-trailer.ts';

function scratch(t: { after: (done: () => void) => void }): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'baton-atomic-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

test('an atomic write creates the folder, replaces the file whole and leaves no temporary file', (t) => {
  const folder = scratch(t);
  const file = path.join(folder, 'deep', 'settings.json');
  writeFileAtomically(file, 'first');
  writeFileAtomically(file, 'second', { durable: true });
  assert.equal(readFileSync(file, 'utf8'), 'second');
  assert.deepEqual(readdirSync(path.dirname(file)), ['settings.json']);
  writeFileAtomically(path.join(folder, 'hook'), '#!/bin/sh\n', { mode: 0o755 });
  assert.equal(statSync(path.join(folder, 'hook')).mode & 0o777, 0o755);
});

test('a failed atomic write keeps the old file and leaves no temporary file', (t) => {
  const folder = scratch(t);
  const file = path.join(folder, 'kept');
  writeFileSync(file, 'old');
  // A folder where the file should be: the rename fails after the temporary file is written.
  const blocked = path.join(folder, 'blocked');
  writeFileAtomically(path.join(blocked, 'inside'), 'x');
  assert.throws(() => writeFileAtomically(blocked, 'new'));
  assert.deepEqual(readdirSync(folder).sort(), ['blocked', 'kept']);
  assert.equal(readFileSync(file, 'utf8'), 'old');
});

test('the task trailer a merge writes is the one a resumed run reads', () => {
  const message = `baton: merge T2: add login\n\n${taskTrailer('auth-jwt', 'T2')}\n`;
  const lines = [
    ...message.split('\n'),
    `  ${taskTrailer('other-plan', 'T9')}`,
    taskTrailer('auth-jwt', 'T10'),
  ];
  assert.deepEqual([...trailerTaskIds(lines, 'auth-jwt')], ['T2', 'T10']);
});
