import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isToolRefusal } from '../../../src/agents/tools/refusal.ts';
import { environmentWithoutSecrets } from '../../../src/core/secrets/secrets.ts';
import { makeWorkspace, toolsetFor } from './workspace-fixture.ts';

test('run_command runs in the root and a time-out kills a command that sleeps', async (t) => {
  const workspace = makeWorkspace(t);
  const { toolset } = toolsetFor(workspace, { role: 'executor', runCommandOptions: { timeoutMs: 60_000 } });
  const here = await toolset.call('run_command', { command: 'pwd' });
  assert.ok(!isToolRefusal(here));
  assert.equal(here.stdout.trim(), workspace.root);

  // The model may ask for a shorter time-out than the configured one.
  const sleeping = await toolset.call('run_command', { command: 'sleep 30; echo woke', timeoutMs: 200 });
  assert.ok(!isToolRefusal(sleeping));
  assert.equal(sleeping.timedOut, true);
  assert.equal(sleeping.stdout, '');
});

test('the configured time-out is the most a model can ask for', async (t) => {
  const workspace = makeWorkspace(t);
  const { toolset } = toolsetFor(workspace, { role: 'executor', runCommandOptions: { timeoutMs: 200 } });
  const sleeping = await toolset.call('run_command', { command: 'sleep 30', timeoutMs: 600_000 });
  assert.ok(!isToolRefusal(sleeping));
  assert.equal(sleeping.timedOut, true);
});

test('run_command output is capped', async (t) => {
  const workspace = makeWorkspace(t);
  const { toolset } = toolsetFor(workspace, { role: 'executor', runCommandOptions: { outputCapBytes: 100 } });
  const answer = await toolset.call('run_command', { command: 'seq 1 10000' });
  assert.ok(!isToolRefusal(answer));
  assert.equal(answer.exitCode, 0);
  assert.equal(answer.truncated, true);
  assert.ok(answer.stdout.startsWith('1\n2\n3\n'));
  assert.ok(answer.stdout.endsWith('9999\n10000\n'));
  assert.ok(answer.stdout.length < 200);
});

test('commands do not see secret-looking environment variables by default', async (t) => {
  const workspace = makeWorkspace(t);
  const environment = {
    PATH: '/usr/bin',
    HOME: '/home/x',
    ANTHROPIC_API_KEY: 'k',
    GITHUB_TOKEN: 't',
    DB_PASSWORD: 'p',
  };
  assert.deepEqual(environmentWithoutSecrets(environment), { PATH: '/usr/bin', HOME: '/home/x' });

  const previous = process.env.BATON_TEST_API_KEY;
  process.env.BATON_TEST_API_KEY = 'sk-should-not-leak';
  t.after(() => {
    if (previous === undefined) delete process.env.BATON_TEST_API_KEY;
    else process.env.BATON_TEST_API_KEY = previous;
  });
  const { toolset } = toolsetFor(workspace, { role: 'executor' });
  const answer = await toolset.call('run_command', { command: 'echo "[$BATON_TEST_API_KEY]"' });
  assert.ok(!isToolRefusal(answer));
  assert.equal(answer.stdout, '[]\n');
});
