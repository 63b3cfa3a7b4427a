// A refusal is an event: recorded through a real store as `tool-refused`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { refusalRecorder, toolRefusedEventKind } from '../../../src/agents/tools/record-refusal.ts';
import { isToolRefusal } from '../../../src/agents/tools/refusal.ts';
import { listPlanEvents } from '../../../src/store/event-log.ts';
import { storeTargets } from '../../support/stores.ts';
import { makeWorkspace, toolsetFor } from './workspace-fixture.ts';

for (const target of storeTargets) {
  test(`${target.name}: every refusal is recorded as a tool-refused event`, {
    skip: target.skip,
  }, async (t) => {
    const { store } = await target.open(t);
    const workspace = makeWorkspace(t);
    const context = { role: 'executor' as const, instance: 'A', planId: 'plan-1', taskId: 'T1' };
    const { toolset, refusals } = toolsetFor(workspace, {
      role: 'executor',
      taskFiles: ['src/a.ts'],
      onRefusal: refusalRecorder(store, context),
    });

    assert.ok(isToolRefusal(await toolset.call('write_file', { path: 'docs/readme.md', content: 'x' })));
    assert.ok(isToolRefusal(await toolset.call('write_file', { path: '../outside.txt', content: 'x' })));
    assert.ok(isToolRefusal(await toolset.call('write_file', { path: '.git/config', content: 'x' })));
    assert.ok(!isToolRefusal(await toolset.call('write_file', { path: 'src/a.ts', content: 'fine\n' })));
    assert.equal(refusals.length, 3);

    const events = await listPlanEvents(store, 'plan-1', [toolRefusedEventKind]);
    assert.equal(events.length, 3);
    const [outside, escaping, gitDirectory] = events;
    assert.equal(outside?.kind, 'tool-refused');
    assert.equal(outside?.instance, 'A');
    assert.equal(outside?.taskId, 'T1');
    assert.deepEqual(outside?.affects, ['docs/readme.md']);
    assert.match(outside?.summary ?? '', /^executor write_file: docs\/readme\.md is not among/);
    assert.deepEqual(
      { ...outside?.data, message: undefined },
      {
        role: 'executor',
        tool: 'write_file',
        code: 'OUTSIDE_TASK_FILES',
        message: undefined,
        breaksRule: true,
        path: 'docs/readme.md',
      },
    );
    // A path outside the repository is evidence in the data, not an affected path.
    assert.deepEqual(escaping?.affects, []);
    assert.equal(escaping?.data.code, 'PATH_ESCAPES');
    assert.equal(escaping?.data.path, '../outside.txt');
    assert.equal(gitDirectory?.data.code, 'GIT_DIR');
  });
}

test('a reviewer refusal records the command it refused', async (t) => {
  const target = storeTargets[0]!;
  const { store } = await target.open(t);
  const workspace = makeWorkspace(t);
  const { toolset } = toolsetFor(workspace, {
    role: 'reviewer',
    verifyCommands: ['npm test'],
    onRefusal: refusalRecorder(store, { role: 'reviewer', planId: 'plan-2', taskId: 'T3' }),
  });
  assert.ok(isToolRefusal(await toolset.call('run_command', { command: 'rm -rf src' })));
  const [event] = await listPlanEvents(store, 'plan-2', ['tool-refused']);
  assert.equal(event?.data.code, 'NOT_A_VERIFY_COMMAND');
  assert.equal(event?.data.command, 'rm -rf src');
  assert.equal(event?.data.breaksRule, true);
  assert.equal(event?.instance, null);
});
