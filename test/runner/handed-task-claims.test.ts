// A task handed to an agent (src/runner/handed-task.ts) and the claims on its files: nothing the
// caller held before a start is lost when the start fails and is undone, and a submission's
// landing releases the submitter's claims on the task's files once merged.
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { reviewTasks } from '../../src/agents/review-task.ts';
import { describeStatus } from '../../src/commands/status.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { startHandedTask } from '../../src/runner/handed-task.ts';
import { planStatuses } from '../../src/runner/run-status.ts';
import { acquireClaims, listClaims } from '../../src/store/claim-leases.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { listTaskRuns } from '../../src/store/task-runs.ts';
import { makeMcpScratch } from '../integrations/mcp/mcp-scratch.ts';
import { git } from '../support/repository.ts';
import { executorSpec } from './support/run-repository.ts';

/** greeting's T1, handed to instance A. */
function handedToA(repository: string, store: Store) {
  return {
    repositoryRoot: repository,
    config: loadConfig(repository),
    store,
    planId: 'greeting',
    taskId: 'T1',
    instance: 'A',
  };
}

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
    startHandedTask(handedToA(scratch.repository, store)),
    /changed while the task was being started/,
  );
  const after = await listClaims(store);
  assert.deepEqual(
    after.map((claim) => [claim.instance, claim.pattern, claim.exclusive, claim.expiresAt, claim.reason]),
    [['A', 'src/greet.js', false, before.granted[0]!.expiresAt, 'reading it first']],
  );
});

test("baton run lands an agent's approved submission and releases the agent's claims on its files", async (t) => {
  const scratch = makeMcpScratch(t);
  appendFileSync(path.join(scratch.repository, '.baton/config.yaml'), 'sandbox: off\n');
  const store = await openStore({ url: path.join(scratch.repository, '.baton', 'baton.db') });
  t.after(() => store.close());
  const handed = handedToA(scratch.repository, store);
  const started = await startHandedTask(handed);
  mkdirSync(path.join(started.worktree, 'src'));
  const work = 'exports.greet = (name) => "Hello, " + name;\n';
  writeFileSync(path.join(started.worktree, 'src', 'greet.js'), work);
  // Approved and recorded as A's submission, as tasks done does before it lands it; not landed.
  const [review] = await reviewTasks({ ...handed, submitted: true, signal: new AbortController().signal });
  assert.equal(review!.verdict, 'approved');
  assert.equal(
    (await listTaskRuns(store, 'greeting')).find((run) => run.taskId === 'T1')?.state,
    'submitted',
  );
  assert.deepEqual(
    (await listClaims(store, { instance: 'A' })).map((claim) => claim.pattern),
    ['src/greet.js'],
  );
  const run = scratch.baton(['run', 'greeting', '--json', '--executor', executorSpec]);
  assert.equal(git(scratch.repository, 'show', 'baton/greeting:src/greet.js'), work.trimEnd(), run.stderr);
  assert.equal((await listTaskRuns(store, 'greeting')).find((each) => each.taskId === 'T1')?.state, 'done');
  assert.deepEqual(await listClaims(store, { instance: 'A' }), []);
});

test('baton status after a tasks start: a hand-off step through the MCP server, the task by its agent', async (t) => {
  const scratch = makeMcpScratch(t);
  const store = await openStore({ url: path.join(scratch.repository, '.baton', 'baton.db') });
  t.after(() => store.close());
  await startHandedTask(handedToA(scratch.repository, store));
  const [status] = await planStatuses(scratch.repository, loadConfig(scratch.repository), store, 'greeting');
  assert.equal(status!.runner?.handoff, true);
  assert.equal(status!.tasks[0]!.by, 'A');
  const [headline] = describeStatus([status!]);
  assert.match(headline!, /— last step a hand-off through the MCP server,/);
});
