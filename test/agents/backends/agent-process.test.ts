// An agent CLI's tools may leave its process group (Claude Code and Codex start commands of
// their own; an agent may `setsid` a server). When the agent is stopped (time-out, abort),
// whatever carries its tag is stopped with it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runAgentProcess } from '../../../src/agents/backends/agent-process.ts';
import { eventuallyStopped, isRunning } from '../../support/processes.ts';
import { makeTemporaryDirectory } from '../../support/repository.ts';

test("onSpawn gives the agent's tag, which the agent and its children carry", async (t) => {
  const directory = makeTemporaryDirectory(t);
  let started: { pid: number; tag: string } | undefined;
  const result = await runAgentProcess({
    command: 'echo "$BATON_PROCESS_TAGS"',
    shell: true,
    cwd: directory,
    env: { PATH: process.env.PATH },
    timeoutMs: 60_000,
    onSpawn: (process) => {
      started = process;
    },
  });
  assert.equal(result.exitCode, 0);
  assert.ok(started, 'onSpawn was called');
  assert.equal(result.stdout.trim(), started.tag, 'the agent sees its tag');
});

test('an agent that times out takes what it detached with setsid along', async (t) => {
  const directory = makeTemporaryDirectory(t);
  const pidFile = path.join(directory, 'server.pid');
  const result = await runAgentProcess({
    command: `setsid sleep 60 > /dev/null 2>&1 & echo $! > ${pidFile}; sleep 60`,
    shell: true,
    cwd: directory,
    env: { PATH: process.env.PATH },
    // Long enough for the shell to start the server and write its pid on a busy machine.
    timeoutMs: 3000,
  });
  assert.equal(result.timedOut, true);
  const server = Number(readFileSync(pidFile, 'utf8').trim());
  assert.equal(await eventuallyStopped(server), true, `setsid sleep (pid ${server}) outlived the time-out`);
});

test('an aborted agent takes its detached processes with it', async (t) => {
  const directory = makeTemporaryDirectory(t);
  const pidFile = path.join(directory, 'server.pid');
  const controller = new AbortController();
  const running = runAgentProcess({
    command: `setsid sleep 60 > /dev/null 2>&1 & echo $! > ${pidFile}; echo up; sleep 60`,
    shell: true,
    cwd: directory,
    env: { PATH: process.env.PATH },
    timeoutMs: 60_000,
    signal: controller.signal,
    onLine: (line) => {
      if (line === 'up') controller.abort();
    },
  });
  const result = await running;
  assert.equal(result.aborted, true);
  const server = Number(readFileSync(pidFile, 'utf8').trim());
  assert.ok(
    server > 0 && (await eventuallyStopped(server)),
    `setsid sleep (pid ${server}) outlived the abort`,
  );
  assert.equal(isRunning(server), false);
});

test('an agent that exits while a process it detached keeps its output open answers, and that process goes', async (t) => {
  const directory = makeTemporaryDirectory(t);
  const pidFile = path.join(directory, 'server.pid');
  const started = performance.now();
  // The detached sleep inherits the agent's stdout: the pipe stays open after the agent exits.
  const result = await runAgentProcess({
    command: `setsid sleep 60 & echo $! > ${pidFile}; echo answered`,
    shell: true,
    cwd: directory,
    env: { PATH: process.env.PATH },
    timeoutMs: 30_000,
  });
  assert.equal(result.timedOut, false, 'answered without waiting for the time-out');
  assert.ok(performance.now() - started < 20_000);
  assert.equal(result.exitCode, 0);
  assert.equal(result.stdout.trim(), 'answered');
  const server = Number(readFileSync(pidFile, 'utf8').trim());
  assert.equal(await eventuallyStopped(server), true, `setsid sleep (pid ${server}) outlived the answer`);
});
