// A task handed to an agent (src/runner/handed-task.ts) and the claims on its files: nothing the
// caller held before a start is lost when the start fails and is undone.
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/load-config.ts';
import { startHandedTask } from '../../src/runner/handed-task.ts';
import { acquireClaims, listClaims } from '../../src/store/claim-leases.ts';
import { openStore } from '../../src/store/store.ts';
import { makeMcpScratch } from '../integrations/mcp/mcp-scratch.ts';

test("a failed tasks start gives back only what it took: the caller's earlier claim stays as it was", async (t) => {
  const scratch = makeMcpScratch(t);
  const plan = path.join(scratch.repository, '.baton/plans/active/greeting.md');
  // run.setup revises the plan while the start is under way: the start is undone.
  appendFileSync(
    path.join(scratch.repository, '.baton/config.yaml'),
    `run:\n  setup:\n    - printf '\\n<!-- revised meanwhile -->\\n' >> ${plan}\n`,
  );
  const store = await openStore({ url: path.join(scratch.repository, '.baton', 'baton.db') });
  t.after(() => store.close());
  // A held T1's file before, shared, with a lease of its own and a reason of its own.
  const before = await acquireClaims(store, {
    instance: 'A',
    patterns: ['src/greet.js'],
    ttlMs: 3_600_000,
    exclusive: false,
    reason: 'reading it first',
  });
  assert.ok('granted' in before);
  await assert.rejects(
    startHandedTask({
      repositoryRoot: scratch.repository,
      config: loadConfig(scratch.repository),
      store,
      planId: 'greeting',
      taskId: 'T1',
      instance: 'A',
    }),
    /changed while the task was being started/,
  );
  const after = await listClaims(store);
  assert.deepEqual(
    after.map((claim) => [claim.instance, claim.pattern, claim.exclusive, claim.expiresAt, claim.reason]),
    [['A', 'src/greet.js', false, before.granted[0]!.expiresAt, 'reading it first']],
  );
});
