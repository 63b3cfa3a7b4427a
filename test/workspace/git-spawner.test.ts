// The shell workers (shell-workers.ts) start `baton run`'s git processes for it, and the git
// spawner those the workers cannot: what a caller gets back is what a git started by the runner
// itself gives, the runner falls back to starting git itself when neither is there, and neither
// outlives the runner.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { gitResult, gitScript } from '../../src/workspace/git-async.ts';
import { startGitSpawner } from '../../src/workspace/git-spawner.ts';
import { setEnvironment } from '../support/environment.ts';
import { eventuallyStopped, isRunning } from '../support/processes.ts';
import { makeRepository, makeTemporaryDirectory } from '../support/repository.ts';
import { forGitSpawner, spawnerReady, starterOf } from '../support/spawner.ts';

const gitAsync = path.resolve(import.meta.dirname, '../../src/workspace/git-async.ts');
const gitSpawner = path.resolve(import.meta.dirname, '../../src/workspace/git-spawner.ts');

function withSpawner(t: TestContext): void {
  const stop = startGitSpawner();
  t.after(stop);
}

/** The answers of a set of git calls, rejections included, as a caller sees them. */
async function answers(directory: string): Promise<unknown[]> {
  const lines: string[] = [];
  const settled = await Promise.allSettled([
    gitResult(directory, ['rev-parse', 'HEAD']),
    gitResult(directory, ['rev-parse', '--verify', 'no-such-branch']),
    gitScript(
      directory,
      'printf "%s|%s|%s|%s\\n" "$1" "$2" "$EXTRA" "$(pwd)"; echo "to stderr" >&2; exit 3',
      ['one word', 'é'],
      { EXTRA: 'given' },
    ),
    gitScript(directory, 'echo first; echo second; printf last', [], {}, (line) => lines.push(line)),
    gitResult(path.join(directory, 'missing'), ['status']),
  ]);
  return [
    ...settled.map((outcome) =>
      outcome.status === 'fulfilled'
        ? outcome.value
        : { code: outcome.reason.code, syscall: outcome.reason.syscall, message: outcome.reason.message },
    ),
    lines,
  ];
}

test('through the shell workers, git calls answer as when the runner starts them itself', async (t) => {
  const directory = makeRepository(t);
  const direct = await answers(directory);
  withSpawner(t);
  assert.notEqual(await spawnerReady(directory), process.pid);
  assert.deepEqual(await answers(directory), direct);
  assert.deepEqual((direct.at(-1) as string[]).slice(0, 2), ['first', 'second']);
});

test("through the shell workers, git gets the environment it gets from the runner: the runner's, git's own settings, each call's changes and no other call's", async (t) => {
  const directory = makeRepository(t);
  // The runner's own environment, as the spawner starts with it: a variable a call removes, and
  // ones git's settings override.
  setEnvironment(t, {
    BATON_TEST_KEPT: 'kept',
    BATON_TEST_REMOVED: 'there',
    LC_ALL: 'fr_FR.UTF-8',
    GIT_EDITOR: 'vi',
  });
  const script = 'env | LC_ALL=C sort; echo "user: $(git config user.name)"';
  const environments = async () => {
    const seen: string[][] = [];
    for (const env of [
      {},
      { BATON_TEST_SET: 'for this call', BATON_TEST_REMOVED: undefined, GIT_EDITOR: 'ed' },
      { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'user.name', GIT_CONFIG_VALUE_0: 'identity from env' },
      {},
    ]) {
      seen.push((await gitScript(directory, script, [], env)).stdout.trimEnd().split('\n'));
    }
    return seen;
  };
  const direct = await environments();
  const [plain, changed, identity, after] = direct as [string[], string[], string[], string[]];
  for (const line of ['BATON_TEST_KEPT=kept', 'BATON_TEST_REMOVED=there', 'LC_ALL=C', 'GIT_EDITOR=true'])
    assert.ok(plain.includes(line), line);
  assert.ok(changed.includes('BATON_TEST_SET=for this call'));
  assert.ok(changed.includes('GIT_EDITOR=ed'));
  assert.equal(
    changed.some((line) => line.startsWith('BATON_TEST_REMOVED=')),
    false,
  );
  assert.ok(identity.includes('user: identity from env'));
  assert.deepEqual(after, plain);
  withSpawner(t);
  assert.notEqual(await spawnerReady(directory), process.pid);
  assert.deepEqual(await environments(), direct);
});

test("no code changes baton's own environment but demo's start, before its run: the spawner's copy of it stays right", () => {
  // Requests carry only their changes to the runner's environment (git-spawner.ts): a variable
  // the runner set or removed once the spawner had started would not reach git through it.
  const source = path.resolve(import.meta.dirname, '../../src');
  const writes =
    /Object\.assign\(process\.env|process\.env(\.\w+|\[[^\]]+\])\s*(=[^=]|\?\?=|\|\|=)|delete process\.env/;
  const writers = readdirSync(source, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .filter((file) => writes.test(readFileSync(path.join(source, file), 'utf8')));
  assert.deepEqual(writers, [path.join('commands', 'demo-run.ts')]);
});

test('a shell worker starts git from the first call; the spawner takes what the workers cannot once it is ready; after they stopped, git is started directly', async (t) => {
  const directory = makeRepository(t);
  const stop = startGitSpawner();
  t.after(stop);
  const worker = await starterOf(directory);
  assert.notEqual(worker, process.pid);
  // The spawner is a Node process: it cannot be ready at once, and the call does not wait for it.
  assert.equal(await starterOf(directory, forGitSpawner), process.pid);
  const spawner = await spawnerReady(directory, forGitSpawner);
  assert.notEqual(spawner, worker);
  await stop();
  assert.equal(isRunning(spawner), false);
  assert.equal(isRunning(worker), false);
  assert.equal(await starterOf(directory), process.pid);
  assert.equal(await starterOf(directory, forGitSpawner), process.pid);
});

test('a killed spawner: what it started is reported lost, everything after starts directly', async (t) => {
  const directory = makeRepository(t);
  withSpawner(t);
  const spawner = await spawnerReady(directory, forGitSpawner);
  const running = gitScript(directory, 'sleep 1; echo late', [], forGitSpawner);
  await delay(200);
  process.kill(spawner, 'SIGKILL');
  await assert.rejects(running, /the git spawner \(pid \d+\) ended before it reported/);
  assert.equal(await starterOf(directory, forGitSpawner), process.pid);
  assert.equal((await gitScript(directory, 'git rev-parse HEAD', [], forGitSpawner)).exitCode, 0);
});

test('the shell workers and the spawner end by themselves when their runner is killed, and never keep a runner alive', async (t) => {
  const directory = makeRepository(t);
  const home = makeTemporaryDirectory(t);
  const script = path.join(home, 'runner.ts');
  // A runner that starts the spawner, reports the pids of a shell worker and of the spawner once
  // git goes through them, and then either waits to be killed or simply reaches its end without
  // stopping them.
  writeFileSync(
    script,
    `import { gitScript } from ${JSON.stringify(gitAsync)};
import { startGitSpawner } from ${JSON.stringify(gitSpawner)};
startGitSpawner();
const worker = Number((await gitScript(process.argv[2], 'echo "$PPID"')).stdout);
for (;;) {
  const starter = Number((await gitScript(process.argv[2], 'echo "$PPID"', [], ${JSON.stringify(forGitSpawner)})).stdout);
  if (starter !== process.pid) { console.log(worker, starter); break; }
  await new Promise((resolve) => setTimeout(resolve, 50));
}
if (process.argv[3] === 'wait') setInterval(() => {}, 1000);
`,
  );
  const startRunner = (mode: string) => {
    const runner = spawn(process.execPath, [script, directory, mode], {
      env: { ...process.env, HOME: home },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    t.after(() => runner.kill('SIGKILL'));
    // The shell worker's pid, then the spawner's.
    const pids = new Promise<number[]>((resolve) =>
      runner.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim().split(' ').map(Number))),
    );
    const exited = new Promise<number | null>((resolve) => runner.on('exit', (code) => resolve(code)));
    return { runner, pids, exited };
  };

  const killed = startRunner('wait');
  const ofKilled = await killed.pids;
  assert.equal(ofKilled.length, 2);
  for (const pid of ofKilled) assert.equal(isRunning(pid), true);
  killed.runner.kill('SIGKILL');
  for (const pid of ofKilled)
    assert.equal(await eventuallyStopped(pid), true, `${pid} (worker, spawner) outlived its killed runner`);

  const finishing = startRunner('end');
  const ofFinished = await finishing.pids;
  assert.equal(await finishing.exited, 0);
  for (const pid of ofFinished) assert.equal(await eventuallyStopped(pid), true);
});
