// When the spawner that starts a run's agents and commands (group-process.ts) dies, is stuck or
// is stopped, or the runner dies: the processes it started are ended (or, when they ended by
// themselves, what they detached on purpose stays), the caller gets an error instead of
// waiting, and nothing is started a second time.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { type AgentProcessOptions, runAgentProcess } from '../../src/agents/backends/agent-process.ts';
import { startGitSpawner } from '../../src/workspace/git-spawner.ts';
import { runCommand } from '../../src/workspace/run-command.ts';
import { eventuallyStopped, isRunning } from '../support/processes.ts';
import { makeTemporaryDirectory } from '../support/repository.ts';
import { groupSpawnerReady, waitForFile, withReadySpawner } from '../support/spawner.ts';

const environment = { PATH: process.env.PATH };

/**
 * A runner of its own (a Node process) with a ready spawner, running `body` with `directory` (a
 * temporary one), `spawner` (the spawner's pid) and `pidFile` (for a process to report its pid)
 * in scope.
 */
function startRunner(t: TestContext, body: string) {
  const directory = makeTemporaryDirectory(t);
  const pidFile = path.join(directory, 'process.pid');
  const script = path.join(directory, 'runner.ts');
  const module = (relative: string) => JSON.stringify(path.resolve(import.meta.dirname, relative));
  writeFileSync(
    script,
    `import { runAgentProcess } from ${module('../../src/agents/backends/agent-process.ts')};
import { runCommand } from ${module('../../src/workspace/run-command.ts')};
import { startGitSpawner } from ${module('../../src/workspace/git-spawner.ts')};
import { groupSpawnerReady } from ${module('../support/spawner.ts')};
startGitSpawner();
const [directory, pidFile] = process.argv.slice(2);
const spawner = await groupSpawnerReady(directory);
${body}
`,
  );
  const runner = spawn(process.execPath, [script, directory, pidFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.after(() => runner.kill('SIGKILL'));
  return { runner, pidFile };
}

/** An agent (a bash command line) with a minute to run; `started()` is its pid once reported. */
function startAgent(directory: string, command: string, more: Partial<AgentProcessOptions> = {}) {
  let pid: number | undefined;
  const running = runAgentProcess({
    command,
    shell: true,
    cwd: directory,
    env: environment,
    timeoutMs: 60_000,
    onSpawn: (process) => {
      pid = process.pid;
    },
    ...more,
  });
  running.catch(() => {}); // Each test awaits its answer when it expects it.
  return { running, started: () => pid };
}

/** Kills the process (or with a negative id its group) after the test, if it still runs. */
function killAfter(t: TestContext, processId: number): void {
  t.after(() => {
    try {
      process.kill(processId, 'SIGKILL');
    } catch {} // Gone already.
  });
}

test('a spawner killed while an agent runs: the agent and what it detached are ended, the caller gets an error', async (t) => {
  const directory = makeTemporaryDirectory(t);
  const spawner = await withReadySpawner(t, directory);
  const pidFile = path.join(directory, 'server.pid');
  const { running, started } = startAgent(
    directory,
    `setsid sleep 60 > /dev/null 2>&1 & echo $! > ${pidFile}; echo up; sleep 60`,
    {
      onLine: (line) => {
        if (line === 'up') process.kill(spawner, 'SIGKILL');
      },
    },
  );
  await assert.rejects(running, /bash: the process spawner \(pid \d+\) ended before bash ended/);
  const agent = started();
  assert.ok(agent);
  assert.equal(await eventuallyStopped(agent), true, 'the agent outlived its spawner');
  const server = Number(readFileSync(pidFile, 'utf8').trim());
  assert.equal(await eventuallyStopped(server), true, `setsid sleep (pid ${server}) outlived the spawner`);
  // Afterwards commands start directly again.
  const after = await runCommand('echo $PPID', { cwd: directory });
  assert.equal(Number(after.stdout), process.pid);
});

test('a stuck spawner: the caller gets an error when the time is up, and what it starts later is killed', async (t) => {
  const directory = makeTemporaryDirectory(t);
  const spawner = await withReadySpawner(t, directory);
  process.kill(spawner, 'SIGSTOP');
  t.after(() => {
    try {
      process.kill(spawner, 'SIGCONT');
    } catch {} // Gone already.
  });
  const { running, started } = startAgent(directory, 'sleep 60', { timeoutMs: 200 });
  // After the time-out and the grace before SIGKILL, without the spawner's answer.
  await assert.rejects(running, /bash: the process spawner had not started bash when its time was up/);
  process.kill(spawner, 'SIGCONT');
  for (let attempt = 0; attempt < 200 && started() === undefined; attempt++) await delay(25);
  const agent = started();
  assert.ok(agent, 'the spawner never started it');
  assert.equal(
    await eventuallyStopped(agent),
    true,
    'what the spawner started after the time-out still runs',
  );
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
  // The daemon holds the agent's pipes, so the answer waits for 'close' after the exit: the
  // spawner dies in that wait.
  const { running, started } = startAgent(
    directory,
    `setsid sleep 30 & echo $! > ${daemonPid}; echo started`,
  );
  const daemon = Number(await waitForFile(daemonPid));
  killAfter(t, daemon);
  const agent = started();
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
  await groupSpawnerReady(directory);
  const { running, started } = startAgent(directory, 'echo up; sleep 60', { onLine: () => void stop() });
  await assert.rejects(running, /bash: the run stopped the process spawner before bash ended/);
  const agent = started();
  assert.ok(agent);
  assert.equal(await eventuallyStopped(agent), true, 'the agent outlived its run');
});

test("a runner's death closes the pipes of what its spawner started, as a direct start's would", async (t) => {
  // The agent writes a line every 20 ms: once nobody reads its stdout it ends (SIGPIPE).
  const { runner, pidFile } = startRunner(
    t,
    `console.log(spawner);
void runAgentProcess({ command: 'echo $$ > "$0"; while true; do echo tick; sleep 0.02; done', args: [pidFile],
  shell: true, cwd: directory, env: { PATH: process.env.PATH }, timeoutMs: 60_000 });
setInterval(() => {}, 1000);`,
  );
  const spawner = await new Promise<number>((resolve) =>
    runner.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString()))),
  );
  const agent = Number(await waitForFile(pidFile));
  killAfter(t, -agent);
  assert.equal(isRunning(agent), true);
  runner.kill('SIGKILL');
  assert.equal(await eventuallyStopped(spawner), true, 'the spawner outlived its killed runner');
  assert.equal(await eventuallyStopped(agent), true, 'the agent went on writing to nobody');
});

test('a daemon left holding the pipes of a command that ended stays, and neither the spawner nor the runner waits for it', async (t) => {
  // The runner never stops its spawner: it exits once nothing waits for it, which it cannot while
  // the spawner still reads the daemon's end of the pipes for it.
  const { runner, pidFile } = startRunner(
    t,
    `const result = await runCommand(\`setsid sleep 30 & echo $! > \${pidFile}; echo started\`, { cwd: directory });
console.log(JSON.stringify({ spawner, stdout: result.stdout, exitCode: result.exitCode }));`,
  );
  let output = '';
  runner.stdout.on('data', (chunk) => (output += chunk));
  const exitCode = await new Promise((resolve) => runner.on('close', resolve));
  const daemon = Number(readFileSync(pidFile, 'utf8'));
  killAfter(t, daemon);
  assert.equal(exitCode, 0);
  const answer = JSON.parse(output);
  assert.deepEqual([answer.stdout, answer.exitCode], ['started\n', 0]);
  assert.equal(isRunning(daemon), true, 'the daemon of a command that ended by itself was killed');
  assert.equal(await eventuallyStopped(answer.spawner), true, 'the spawner waited for the daemon');
});
