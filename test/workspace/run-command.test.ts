import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runCommand } from '../../src/workspace/run-command.ts';
import { eventuallyStopped, isRunning } from '../support/processes.ts';
import { makeTemporaryDirectory } from '../support/repository.ts';

test('a command answers with its exit code, stdout and stderr, in the given folder and environment', async (t) => {
  const directory = makeTemporaryDirectory(t);
  const result = await runCommand('pwd; echo "$GREETING"; echo oops >&2; exit 3', {
    cwd: directory,
    env: { PATH: process.env.PATH, GREETING: 'hello' },
  });
  assert.equal(result.exitCode, 3);
  assert.equal(result.signal, null);
  assert.equal(result.stdout, `${directory}\nhello\n`);
  assert.equal(result.stderr, 'oops\n');
  assert.equal(result.timedOut, false);
  assert.equal(result.truncated, false);
  assert.ok(result.durationMs >= 0);
});

test('a time-out kills the whole process group, including a child that sleeps', async (t) => {
  const directory = makeTemporaryDirectory(t);
  const pidFile = path.join(directory, 'sleeper.pid');
  const result = await runCommand(`sleep 60 & echo $! > ${pidFile}; wait`, {
    cwd: directory,
    timeoutMs: 300,
  });
  assert.equal(result.timedOut, true);
  assert.equal(result.exitCode, null);
  assert.ok(result.signal !== null);
  const sleeper = Number(readFileSync(pidFile, 'utf8').trim());
  assert.ok(sleeper > 0);
  assert.equal(await eventuallyStopped(sleeper), true, `sleep (pid ${sleeper}) survived the time-out`);
});

test('a background process left behind does not hold the answer and is killed with its group', async (t) => {
  const directory = makeTemporaryDirectory(t);
  const pidFile = path.join(directory, 'server.pid');
  const result = await runCommand(`sleep 60 & echo $! > ${pidFile}; echo started`, {
    cwd: directory,
    timeoutMs: 60_000,
  });
  assert.equal(result.timedOut, false);
  assert.equal(result.exitCode, 0);
  assert.equal(result.stdout, 'started\n');
  const sleeper = Number(readFileSync(pidFile, 'utf8').trim());
  assert.equal(await eventuallyStopped(sleeper), true);
});

test('a process that left the group with setsid is ended at the time-out; one left by a command that ended stays', async (t) => {
  const directory = makeTemporaryDirectory(t);
  const timedOutFile = path.join(directory, 'timed-out.pid');
  const timedOut = await runCommand(
    `setsid sleep 60 > /dev/null 2>&1 & echo $! > ${timedOutFile}; sleep 60`,
    {
      cwd: directory,
      timeoutMs: 300,
    },
  );
  assert.equal(timedOut.timedOut, true);
  const survivor = Number(readFileSync(timedOutFile, 'utf8').trim());
  assert.equal(
    await eventuallyStopped(survivor),
    true,
    `setsid sleep (pid ${survivor}) outlived the time-out`,
  );

  // A daemon a build starts on purpose (Gradle, Bazel) is shared by the next build: it stays.
  const daemonFile = path.join(directory, 'daemon.pid');
  // The command waits until the daemon has left its session (field 6 of stat, the session id,
  // is its own pid), as a daemon's start-up does before it reports ready.
  const ended = await runCommand(
    `setsid sleep 60 > /dev/null 2>&1 & pid=$!; echo $pid > ${daemonFile}; until [ "$(cut -d' ' -f6 /proc/$pid/stat)" = "$pid" ]; do sleep 0.01; done; echo started`,
    {
      cwd: directory,
      timeoutMs: 60_000,
    },
  );
  assert.equal(ended.exitCode, 0);
  const daemon = Number(readFileSync(daemonFile, 'utf8').trim());
  t.after(() => {
    try {
      process.kill(daemon, 'SIGKILL');
    } catch {}
  });
  assert.equal(
    isRunning(daemon),
    true,
    'a detached daemon of a command that ended by itself is left running',
  );
});

test('tags nest: a command keeps the tags of the baton commands around it', async (t) => {
  const directory = makeTemporaryDirectory(t);
  const result = await runCommand('echo "$BATON_PROCESS_TAGS"', {
    cwd: directory,
    env: { PATH: process.env.PATH, BATON_PROCESS_TAGS: 'outer' },
  });
  assert.match(result.stdout, /^outer,bt[0-9a-z]+\n$/);
});

test('aborting kills the command', async (t) => {
  const directory = makeTemporaryDirectory(t);
  const controller = new AbortController();
  const running = runCommand('sleep 60', { cwd: directory, signal: controller.signal });
  controller.abort();
  const result = await running;
  assert.equal(result.aborted, true);
  assert.equal(result.timedOut, false);
  assert.notEqual(result.exitCode, 0);
});

test('output beyond the cap keeps the head and the tail of each stream', async (t) => {
  const directory = makeTemporaryDirectory(t);
  const result = await runCommand(
    "printf START; head -c 100000 /dev/zero | tr '\\0' x; printf END; printf small >&2",
    { cwd: directory, outputCapBytes: 1000 },
  );
  assert.equal(result.exitCode, 0);
  assert.equal(result.truncated, true);
  assert.ok(result.stdout.startsWith('STARTxxx'));
  assert.ok(result.stdout.endsWith('xxxEND'));
  // 5 + 100 000 + 3 bytes written, 1000 kept.
  assert.match(result.stdout, /\[… 99008 bytes of output omitted …\]/);
  assert.ok(result.stdout.length < 1100, `kept ${result.stdout.length} characters`);
  assert.equal(result.stderr, 'small');
});
