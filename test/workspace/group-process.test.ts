// Agents and verification commands started by the spawner during `baton run` (group-process.ts):
// what a caller gets back is what it gets when it starts them itself, and a time-out, an abort
// or a background child holding the pipes ends the processes and answers, as it does then. When
// the spawner or the runner ends: group-spawner-ends.test.ts.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runAgentProcess } from '../../src/agents/backends/agent-process.ts';
import { runCommand } from '../../src/workspace/run-command.ts';
import { eventuallyStopped } from '../support/processes.ts';
import { makeTemporaryDirectory } from '../support/repository.ts';
import { withReadySpawner } from '../support/spawner.ts';

const environment = { PATH: process.env.PATH };

/** /proc/<pid>/stat's parent and process group. */
function parentAndGroup(processId: number): { parent: number; group: number } {
  const stat = readFileSync(`/proc/${processId}/stat`, 'utf8');
  const [, parent, group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { parent: Number(parent), group: Number(group) };
}

/** The answers of agent processes and commands, rejections included, as a caller sees them. */
async function answers(directory: string): Promise<unknown[]> {
  const lines: string[] = [];
  // bash reads ~/.bashrc when its stdin is a socket (a pipe from Node is): a HOME of its own keeps
  // the machine's start-up files out of the answers.
  const env = { ...environment, HOME: directory };
  const agent = (command: string, more: Partial<Parameters<typeof runAgentProcess>[0]> = {}) =>
    runAgentProcess({ command, shell: true, cwd: directory, env, timeoutMs: 60_000, ...more });
  const settled = await Promise.allSettled([
    agent('cat; echo "$1" >&2; exit 4', { args: ['one arg'], input: 'the prompt\nline two' }),
    agent('printf "a\\nb\\n"; printf "\\303"; printf "\\251 c"', { onLine: (line) => lines.push(line) }),
    agent('seq 1 20000; seq 1 5000 >&2', { stdoutCap: 100, stderrCap: 50 }),
    agent('kill -TERM $$'),
    runAgentProcess({ command: 'no-such-agent-cli', cwd: directory, env: environment, timeoutMs: 60_000 }),
    runAgentProcess({
      command: 'true',
      cwd: path.join(directory, 'missing'),
      env: environment,
      timeoutMs: 60_000,
    }),
    runCommand('pwd; echo "$GREETING"; echo oops >&2; exit 3', {
      cwd: directory,
      env: { ...environment, GREETING: 'hello' },
    }),
    runCommand("printf START; head -c 100000 /dev/zero | tr '\\0' x; printf 'END\\377'; printf small >&2", {
      cwd: directory,
      outputCapBytes: 1000,
    }),
    runCommand('read line; echo "[$line]"; kill -KILL $$', { cwd: directory }),
  ]);
  return [
    ...settled.map((outcome) => {
      if (outcome.status === 'rejected')
        return {
          code: outcome.reason.code,
          syscall: outcome.reason.syscall,
          message: outcome.reason.message,
        };
      const { durationMs: _, ...answer } = outcome.value as { durationMs?: number };
      return answer;
    }),
    lines,
  ];
}

test('through the spawner, agents and commands answer as when the runner starts them itself', async (t) => {
  const directory = makeTemporaryDirectory(t);
  const direct = await answers(directory);
  await withReadySpawner(t, directory);
  assert.deepEqual(await answers(directory), direct);
  // What is compared is what the direct start gives (the tests of each behaviour say it is right).
  assert.deepEqual(direct.at(-1), ['a', 'b', 'é c']);
  assert.equal((direct[0] as { stdout: string }).stdout, 'the prompt\nline two');
  assert.equal((direct[4] as { code: string }).code, 'ENOENT');
});

test('the spawner starts the agent in a group of its own, reports its pid, and lines come as printed', async (t) => {
  const directory = makeTemporaryDirectory(t);
  const spawner = await withReadySpawner(t, directory);
  const go = path.join(directory, 'go');
  let started: { pid: number; tag: string } | undefined;
  let seen: { parent: number; group: number } | undefined;
  const result = await runAgentProcess({
    // The agent waits for a file the test writes only once it has its first line: a line that
    // came only at the end would never let it finish.
    command: `echo "up $BATON_PROCESS_TAGS"; while [ ! -e ${go} ]; do sleep 0.02; done; echo done`,
    shell: true,
    cwd: directory,
    env: environment,
    timeoutMs: 60_000,
    onSpawn: (process) => {
      started = process;
      seen = parentAndGroup(process.pid);
    },
    onLine: (line) => {
      if (line.startsWith('up ')) writeFileSync(go, '');
    },
  });
  assert.equal(result.exitCode, 0);
  assert.ok(started && seen);
  assert.deepEqual(
    seen,
    { parent: spawner, group: started.pid },
    'started by the spawner, leading its group',
  );
  assert.equal(result.stdout, `up ${started.tag}\ndone\n`);
});

test('through the spawner, a time-out ends the agent and what it detached with setsid', async (t) => {
  const directory = makeTemporaryDirectory(t);
  await withReadySpawner(t, directory);
  const pidFile = path.join(directory, 'server.pid');
  const result = await runAgentProcess({
    command: `setsid sleep 60 > /dev/null 2>&1 & echo $! > ${pidFile}; sleep 60`,
    shell: true,
    cwd: directory,
    env: environment,
    timeoutMs: 3000,
  });
  assert.equal(result.timedOut, true);
  assert.equal(result.signal, 'SIGTERM');
  const server = Number(readFileSync(pidFile, 'utf8').trim());
  assert.equal(await eventuallyStopped(server), true, `setsid sleep (pid ${server}) outlived the time-out`);
});

test('through the spawner, an abort ends the process even before the spawner said it started it', async (t) => {
  const directory = makeTemporaryDirectory(t);
  await withReadySpawner(t, directory);
  // Aborted at once: the spawner has not answered yet, so the signal waits for the pid. Without
  // it the process would sleep its minute through and end by itself (exit 0).
  const controller = new AbortController();
  const running = runCommand('sleep 60', { cwd: directory, signal: controller.signal });
  controller.abort();
  const command = await running;
  assert.deepEqual([command.aborted, command.exitCode, command.signal], [true, null, 'SIGTERM']);

  const agent = await runAgentProcess({
    command: 'sleep',
    args: ['60'],
    cwd: directory,
    env: environment,
    timeoutMs: 60_000,
    signal: AbortSignal.abort(),
  });
  assert.deepEqual([agent.aborted, agent.exitCode, agent.signal], [true, null, 'SIGTERM']);
});

test('through the spawner, a background child holding the pipes does not hold the answer, and is killed', async (t) => {
  const directory = makeTemporaryDirectory(t);
  await withReadySpawner(t, directory);
  const commandPid = path.join(directory, 'command.pid');
  const command = await runCommand(`sleep 60 & echo $! > ${commandPid}; echo started`, {
    cwd: directory,
    timeoutMs: 60_000,
  });
  assert.deepEqual([command.exitCode, command.stdout, command.timedOut], [0, 'started\n', false]);
  assert.equal(await eventuallyStopped(Number(readFileSync(commandPid, 'utf8'))), true);

  const agentPid = path.join(directory, 'agent.pid');
  const agent = await runAgentProcess({
    command: `sleep 60 & echo $! > ${agentPid}; echo started`,
    shell: true,
    cwd: directory,
    env: environment,
    timeoutMs: 60_000,
  });
  assert.deepEqual([agent.exitCode, agent.stdout, agent.timedOut], [0, 'started\n', false]);
  assert.equal(await eventuallyStopped(Number(readFileSync(agentPid, 'utf8'))), true);
});

test('the agent, command and process-group tests pass through the spawner too', async () => {
  const preload = path.resolve(import.meta.dirname, '../support/through-spawner.ts');
  const files = [
    '../agents/backends/agent-process.test.ts',
    'run-command.test.ts',
    '../agents/tools/run-command-tool.test.ts',
  ];
  for (const file of files) {
    const child = spawn(
      process.execPath,
      ['--import', preload, '--test-reporter=dot', path.resolve(import.meta.dirname, file)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise((resolve) => child.on('close', resolve));
    assert.equal(code, 0, `${file} through the spawner:\n${output}`);
  }
});
