// Agents and verification commands started by the spawner during `baton run` (group-process.ts):
// what a caller gets back is what it gets when it starts them itself, and whatever goes wrong
// (a time-out, an abort, a background child holding the pipes, the spawner's death) ends the
// processes and answers, never leaves them running or the caller waiting.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { runAgentProcess } from '../../src/agents/backends/agent-process.ts';
import { startGitSpawner } from '../../src/workspace/git-spawner.ts';
import { runCommand } from '../../src/workspace/run-command.ts';
import { eventuallyStopped, isRunning } from '../support/processes.ts';
import { makeTemporaryDirectory } from '../support/repository.ts';
import { spawnerReady } from '../support/spawner.ts';

const environment = { PATH: process.env.PATH };

async function withReadySpawner(t: TestContext, directory: string): Promise<number> {
  t.after(startGitSpawner());
  return spawnerReady(directory);
}

/** /proc/<pid>/stat's parent and process group. */
function parentAndGroup(processId: number): { parent: number; group: number } {
  const stat = readFileSync(`/proc/${processId}/stat`, 'utf8');
  const [, parent, group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { parent: Number(parent), group: Number(group) };
}

async function waitForFile(file: string): Promise<string> {
  for (let attempt = 0; attempt < 200 && !existsSync(file); attempt++) await delay(25);
  return readFileSync(file, 'utf8').trim();
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

test('a spawner killed while an agent runs: the agent and what it detached are ended, the caller gets an error', async (t) => {
  const directory = makeTemporaryDirectory(t);
  const spawner = await withReadySpawner(t, directory);
  const pidFile = path.join(directory, 'server.pid');
  let agent: number | undefined;
  const running = runAgentProcess({
    command: `setsid sleep 60 > /dev/null 2>&1 & echo $! > ${pidFile}; echo up; sleep 60`,
    shell: true,
    cwd: directory,
    env: environment,
    timeoutMs: 60_000,
    onSpawn: (process) => {
      agent = process.pid;
    },
    onLine: (line) => {
      if (line === 'up') process.kill(spawner, 'SIGKILL');
    },
  });
  await assert.rejects(running, /bash: the process spawner \(pid \d+\) ended before bash ended/);
  assert.ok(agent);
  assert.equal(await eventuallyStopped(agent), true, 'the agent outlived its spawner');
  const server = Number(readFileSync(pidFile, 'utf8').trim());
  assert.equal(await eventuallyStopped(server), true, `setsid sleep (pid ${server}) outlived the spawner`);
  // Afterwards commands start directly again.
  const after = await runCommand('echo $PPID', { cwd: directory });
  assert.equal(Number(after.stdout), process.pid);
});

test('a spawner killed before it read a request: the caller gets an error, the process is not started elsewhere', async (t) => {
  const directory = makeTemporaryDirectory(t);
  const spawner = await withReadySpawner(t, directory);
  const marker = path.join(directory, 'ran');
  // Stopped, the spawner cannot have read the request when it is killed: whether it started it
  // is unknown to the runner, which must then not start it itself.
  process.kill(spawner, 'SIGSTOP');
  const running = runCommand(`touch ${marker}`, { cwd: directory });
  process.kill(spawner, 'SIGKILL');
  await assert.rejects(running, /bash: the process spawner \(pid \d+\) ended before bash ended/);
  await delay(300);
  assert.equal(existsSync(marker), false, 'the command was started a second time');
});

test('a spawner killed after the agent ended by itself: only its group goes, a daemon it detached stays', async (t) => {
  const directory = makeTemporaryDirectory(t);
  const spawner = await withReadySpawner(t, directory);
  const daemonPid = path.join(directory, 'daemon.pid');
  let agent: number | undefined;
  // The daemon holds the agent's pipes, so the answer waits for 'close' after the exit: the
  // spawner dies in that wait.
  const running = runAgentProcess({
    command: `setsid sleep 30 & echo $! > ${daemonPid}; echo started`,
    shell: true,
    cwd: directory,
    env: environment,
    timeoutMs: 60_000,
    onSpawn: (process) => {
      agent = process.pid;
    },
  });
  running.catch(() => {});
  const daemon = Number(await waitForFile(daemonPid));
  t.after(() => {
    try {
      process.kill(daemon, 'SIGKILL');
    } catch {}
  });
  assert.ok(agent && (await eventuallyStopped(agent)));
  await delay(300); // Its exit reaches the runner.
  process.kill(spawner, 'SIGKILL');
  await assert.rejects(running, /bash: the process spawner \(pid \d+\) ended before bash ended/);
  await delay(300);
  assert.equal(isRunning(daemon), true, 'the daemon of an agent that ended by itself was killed');
});

test('a run that stops its spawner with an agent still running ends the agent and tells its caller', async (t) => {
  const directory = makeTemporaryDirectory(t);
  const stop = startGitSpawner();
  t.after(stop);
  await spawnerReady(directory);
  let agent: number | undefined;
  const running = runAgentProcess({
    command: 'echo up; sleep 60',
    shell: true,
    cwd: directory,
    env: environment,
    timeoutMs: 60_000,
    onSpawn: (process) => {
      agent = process.pid;
    },
    onLine: () => void stop(),
  });
  await assert.rejects(running, /bash: the run stopped the process spawner before bash ended/);
  assert.ok(agent);
  assert.equal(await eventuallyStopped(agent), true, 'the agent outlived its run');
});

test("a runner's death closes the pipes of what its spawner started, as a direct start's would", async (t) => {
  const directory = makeTemporaryDirectory(t);
  const script = path.join(directory, 'runner.ts');
  const agentPid = path.join(directory, 'agent.pid');
  const groupProcess = path.resolve(import.meta.dirname, '../../src/agents/backends/agent-process.ts');
  const spawnerModule = path.resolve(import.meta.dirname, '../../src/workspace/git-spawner.ts');
  const support = path.resolve(import.meta.dirname, '../support/spawner.ts');
  // The agent writes a line every 20 ms: once nobody reads its stdout it ends (SIGPIPE).
  writeFileSync(
    script,
    `import { runAgentProcess } from ${JSON.stringify(groupProcess)};
import { startGitSpawner } from ${JSON.stringify(spawnerModule)};
import { spawnerReady } from ${JSON.stringify(support)};
startGitSpawner();
console.log(await spawnerReady(process.argv[2]));
void runAgentProcess({ command: 'echo $$ > ${agentPid}; while true; do echo tick; sleep 0.02; done', shell: true,
  cwd: process.argv[2], env: { PATH: process.env.PATH }, timeoutMs: 60_000 });
setInterval(() => {}, 1000);
`,
  );
  const runner = spawn(process.execPath, [script, directory], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => runner.kill('SIGKILL'));
  const spawner = await new Promise<number>((resolve) =>
    runner.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString()))),
  );
  const agent = Number(await waitForFile(agentPid));
  t.after(() => {
    try {
      process.kill(-agent, 'SIGKILL');
    } catch {}
  });
  assert.equal(isRunning(agent), true);
  runner.kill('SIGKILL');
  assert.equal(await eventuallyStopped(spawner), true, 'the spawner outlived its killed runner');
  assert.equal(await eventuallyStopped(agent), true, 'the agent went on writing to nobody');
});

test('a daemon left holding the pipes of a command that ended stays, and neither the spawner nor the runner waits for it', async (t) => {
  const directory = makeTemporaryDirectory(t);
  const script = path.join(directory, 'runner.ts');
  const daemonPid = path.join(directory, 'daemon.pid');
  const runCommandModule = path.resolve(import.meta.dirname, '../../src/workspace/run-command.ts');
  const spawnerModule = path.resolve(import.meta.dirname, '../../src/workspace/git-spawner.ts');
  const support = path.resolve(import.meta.dirname, '../support/spawner.ts');
  // The runner never stops its spawner: it exits once nothing waits for it, which it cannot while
  // the spawner still reads the daemon's end of the pipes for it.
  writeFileSync(
    script,
    `import { runCommand } from ${JSON.stringify(runCommandModule)};
import { startGitSpawner } from ${JSON.stringify(spawnerModule)};
import { spawnerReady } from ${JSON.stringify(support)};
startGitSpawner();
const spawner = await spawnerReady(process.argv[2]);
const result = await runCommand('setsid sleep 30 & echo $! > ${daemonPid}; echo started', { cwd: process.argv[2] });
console.log(JSON.stringify({ spawner, stdout: result.stdout, exitCode: result.exitCode }));
`,
  );
  const runner = spawn(process.execPath, [script, directory], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => runner.kill('SIGKILL'));
  let output = '';
  runner.stdout.on('data', (chunk) => (output += chunk));
  const exitCode = await new Promise((resolve) => runner.on('close', resolve));
  const daemon = Number(readFileSync(daemonPid, 'utf8'));
  t.after(() => {
    try {
      process.kill(daemon, 'SIGKILL');
    } catch {}
  });
  assert.equal(exitCode, 0);
  const answer = JSON.parse(output);
  assert.deepEqual([answer.stdout, answer.exitCode], ['started\n', 0]);
  assert.equal(isRunning(daemon), true, 'the daemon of a command that ended by itself was killed');
  assert.equal(await eventuallyStopped(answer.spawner), true, 'the spawner waited for the daemon');
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
