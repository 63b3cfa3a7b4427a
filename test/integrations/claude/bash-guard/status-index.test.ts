// The Bash guard does not read again a held file whose status has not changed since it last read
// it (src/integrations/claude/bash-guard/status-index.ts). What a person relies on: the version
// a command's change is undone to is always the holder's latest, also when the holder changed the
// file between two of the agent's commands.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { guardFolder } from '../../../../src/integrations/claude/bash-guard/guard-folder.ts';
import { bashCall, repositoryHeldByB } from '../../../security/bash-hook-fixture.ts';

test("a command's change to a held file is undone to the holder's latest version, read again after the holder's edit", async (t) => {
  const { repository, home } = repositoryHeldByB(t);
  const held = path.join(repository, 'src', 'held.ts');
  // Settled: a status older than two seconds is one the guard may trust without reading.
  await sleep(2200);
  assert.equal((await bashCall(repository, home, 'A', 'true')).after.decision, undefined);
  assert.ok(existsSync(path.join(guardFolder(repository), 'status.json')));
  assert.equal((await bashCall(repository, home, 'A', 'true')).after.decision, undefined);

  writeFileSync(held, 'export const held = "B\'s newer work";\n'); // B edits its own file.
  const { after } = await bashCall(repository, home, 'A', 'echo "A was here" > src/held.ts');
  assert.equal(after.decision, 'block');
  assert.equal(readFileSync(held, 'utf8'), 'export const held = "B\'s newer work";\n');

  await sleep(2200);
  writeFileSync(held, 'export const held = "B\'s newest work";\n');
  await bashCall(repository, home, 'A', 'true');
  await bashCall(repository, home, 'A', 'printf x >> src/held.ts');
  assert.equal(readFileSync(held, 'utf8'), 'export const held = "B\'s newest work";\n');
});
