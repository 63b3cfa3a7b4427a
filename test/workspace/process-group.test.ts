// Stopping a command's processes: each signalled once (a second signal makes some tools skip
// their clean-up), and nothing that merely reuses a recorded pid.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { killRecordedProcess, signalTaggedProcesses } from '../../src/workspace/process-group.ts';
import { eventuallyStopped, isRunning } from '../support/processes.ts';

test('the tag pass skips the group already signalled and the processes already reached', async (t) => {
  const tag = `bt-test-${process.pid}-${Date.now()}`;
  const tagged = spawn('sleep', ['30'], {
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, BATON_PROCESS_TAGS: tag },
  });
  t.after(() => tagged.kill('SIGKILL'));
  await delay(50);
  // Its group was signalled already (it leads it): the tag pass leaves it alone.
  assert.equal(signalTaggedProcesses(tag, 'SIGKILL', { skipGroup: tagged.pid }), 0);
  // Already reached by an earlier pass: left alone too.
  assert.equal(signalTaggedProcesses(tag, 'SIGKILL', { signalled: new Set([tagged.pid!]) }), 0);
  assert.equal(isRunning(tagged.pid!), true);
  assert.equal(signalTaggedProcesses(tag, 'SIGKILL'), 1);
  assert.equal(await eventuallyStopped(tagged.pid!), true);
});

test('a takeover does not kill a group whose leader no longer carries the recorded tag', async (t) => {
  // A process that took over a recorded pid (after a reboot): its own group, no baton tag.
  const stranger = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
  t.after(() => stranger.kill('SIGKILL'));
  await delay(50);
  killRecordedProcess({ pid: stranger.pid!, tag: 'bt-a-tag-nobody-carries' });
  await delay(100);
  assert.equal(isRunning(stranger.pid!), true, 'an unrelated process was killed');
});
