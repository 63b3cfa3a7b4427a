// The shell workers start `baton run`'s git calls from command lines the runner writes to a
// shell: whatever a call's words, directory and variables hold, the shell runs exactly that
// call and nothing else; its output comes back whole (NULs, no final newline, megabytes) from
// files of its own, so a process a call leaves behind never writes into another call's answer.
// Calls run side by side on at most eight workers; a worker that dies loses only the call it ran.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import type { ProcessRequest } from '../../src/workspace/process-request.ts';
import { ShellWorkers } from '../../src/workspace/shell-workers.ts';
import { isRunning } from '../support/processes.ts';
import { makeTemporaryDirectory } from '../support/repository.ts';

function workers(t: TestContext): ShellWorkers {
  const pool = new ShellWorkers();
  t.after(() => pool.close());
  return pool;
}

/** `sh -c script` with its positional parameters, as gitScript asks for it. */
const script = (
  cwd: string,
  text: string,
  args: string[] = [],
  env: ProcessRequest['env'] = {},
): ProcessRequest => ({
  file: 'sh',
  args: ['-c', text, 'baton-git', ...args],
  cwd,
  env,
  maxBuffer: 64 * 1024 * 1024,
});

// Words a shell would read as more than words if they were not quoted right.
const hostile = [
  "it's",
  "'; touch pwned-quote; '",
  '$(touch pwned-substitution)',
  '`touch pwned-backtick`',
  'line one\ntouch pwned-newline',
  "\\'; touch pwned-backslash; echo '",
  '"; touch pwned-double; "',
  '& touch pwned-background &',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the shell's, not a template's: it must stay as written
  '${HOME}',
  '-n',
  '',
  'é ✓ 名',
];

test('every word, directory and variable reaches the call as it is, and nothing in them runs', async (t) => {
  const pool = workers(t);
  const scratch = makeTemporaryDirectory(t);
  const directory = path.join(scratch, "a dir with 'quotes' and $(touch pwned-dir)");
  mkdirSync(directory);
  const answer = await pool.run(
    script(
      directory,
      'for word in "$@"; do printf "[%s]\\n" "$word"; done; printf "<%s>" "$BATON_TEST_VALUE"; pwd',
      hostile,
      {
        BATON_TEST_VALUE: hostile.join('|'),
      },
    ),
  );
  assert.equal(answer.exitCode, 0, answer.stderr);
  assert.equal(
    answer.stdout,
    `${hostile.map((word) => `[${word}]\n`).join('')}<${hostile.join('|')}>${directory}\n`,
  );
  assert.deepEqual(
    readdirSync(scratch)
      .concat(readdirSync(directory))
      .filter((name) => name.startsWith('pwned')),
    [],
  );
});

test('output comes back whole: NULs, no final newline, stderr apart, the exit status', async (t) => {
  const pool = workers(t);
  const directory = makeTemporaryDirectory(t);
  const answer = await pool.run(
    script(directory, "printf 'a\\0b\\0'; printf 'to stderr' >&2; printf 'end'; exit 7"),
  );
  assert.deepEqual(answer, { exitCode: 7, stdout: 'a\0b\0end', stderr: 'to stderr' });
});

test('megabytes of output come back whole; more than the call allows fails it, and the worker goes on', async (t) => {
  const pool = workers(t);
  const directory = makeTemporaryDirectory(t);
  const big = await pool.run(
    script(directory, 'i=0; while [ $i -lt 40000 ]; do echo "line $i of some length"; i=$((i+1)); done'),
  );
  const lines = big.stdout.split('\n');
  assert.equal(lines.length, 40_001);
  assert.equal(lines[39_999], 'line 39999 of some length');
  await assert.rejects(pool.run({ ...script(directory, 'head -c 5000 /dev/zero'), maxBuffer: 4096 }), {
    code: 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER',
  });
  assert.equal((await pool.run(script(directory, 'echo still here'))).stdout, 'still here\n');
});

test('a missing directory or program fails as execFile does (ENOENT)', async (t) => {
  const pool = workers(t);
  const directory = makeTemporaryDirectory(t);
  await assert.rejects(pool.run(script(path.join(directory, 'missing'), 'true')), {
    code: 'ENOENT',
    syscall: 'spawn sh',
  });
  await assert.rejects(pool.run({ ...script(directory, ''), file: 'no-such-program-baton' }), {
    code: 'ENOENT',
  });
});

test('calls run side by side on at most eight workers, each answered with its own output', async (t) => {
  const pool = workers(t);
  const directory = makeTemporaryDirectory(t);
  const answers = await Promise.all(
    Array.from({ length: 20 }, (_, index) =>
      pool.run(script(directory, 'sleep 0.1; echo "$1 $PPID"', [String(index)])),
    ),
  );
  const starters = new Set<string>();
  answers.forEach((answer, index) => {
    const [echoed, starter] = answer.stdout.trim().split(' ');
    assert.equal(echoed, String(index));
    starters.add(starter!);
  });
  assert.ok(starters.size > 1 && starters.size <= 8, `${starters.size} workers`);
});

test('a worker that dies loses the call it ran, and only that one; a SIGINT ends the call, not the worker', async (t) => {
  const pool = workers(t);
  const directory = makeTemporaryDirectory(t);
  const running = pool.run(script(directory, 'echo "$PPID"; sleep 5'));
  let worker: number | undefined;
  for (let attempt = 0; attempt < 100 && worker === undefined; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    worker = pool.pids.find((pid) => isRunning(pid));
  }
  process.kill(worker!, 'SIGKILL');
  await assert.rejects(running, /the shell worker \(pid \d+\) ended before it reported/);
  assert.equal((await pool.run(script(directory, 'echo next'))).stdout, 'next\n');

  // Ctrl-C reaches the run's whole process group: the call it interrupts ends (SIGINT is not
  // ignored in it), the worker stays for the calls that follow.
  const interrupted = await pool.run(script(directory, 'kill -INT $$; echo survived'));
  assert.equal(interrupted.exitCode, 130);
  assert.equal(interrupted.stdout, '');
  const [survivor] = pool.pids.filter((pid) => isRunning(pid));
  process.kill(survivor!, 'SIGINT');
  assert.equal((await pool.run(script(directory, 'echo after'))).stdout, 'after\n');
  assert.equal(isRunning(survivor!), true);
});

test('it leaves to the spawner what a shell cannot carry or would run otherwise than execFile', (t) => {
  const pool = workers(t);
  const directory = makeTemporaryDirectory(t);
  assert.equal(pool.accepts(script(directory, 'true')), true);
  assert.equal(pool.accepts(script(directory, 'true', ['a\0b'])), false);
  assert.equal(pool.accepts(script(directory, 'true', [], { 'NOT.A.NAME': 'x' })), false);
  assert.equal(pool.accepts(script(directory, 'true', [], { NAME: 'a\0b' })), false);
  assert.equal(
    new ShellWorkers({ ...process.env, 'odd-name': '1' }).accepts(script(directory, 'true')),
    false,
  );
  assert.equal(existsSync(path.join(directory, 'pwned')), false);
});

test("a process a call leaves behind writes into no other call's answer, and holds up none", async (t) => {
  const pool = workers(t);
  const directory = makeTemporaryDirectory(t);
  // A hook's background job, say: it keeps writing after the call's process has ended.
  const leaving = await pool.run(
    script(
      directory,
      '(i=0; while [ $i -lt 20 ]; do echo leaked; echo leaked >&2; sleep 0.02; i=$((i+1)); done) & echo A',
    ),
  );
  assert.equal(leaving.exitCode, 0);
  assert.match(leaving.stdout, /^(leaked\n)*A\n/);
  for (let index = 0; index < 10; index++) {
    const next = await pool.run(script(directory, 'echo "B$1"', [String(index)]));
    assert.deepEqual(next, { exitCode: 0, stdout: `B${index}\n`, stderr: '' });
  }
});

test('stopping the workers while a call runs: the call answers, and the stop ends once they have exited', async (t) => {
  const pool = new ShellWorkers();
  const directory = makeTemporaryDirectory(t);
  const running = pool.run(script(directory, 'sleep 0.3; echo done'));
  await new Promise((resolve) => setTimeout(resolve, 50));
  const [worker] = pool.pids;
  await pool.close();
  assert.deepEqual(await running, { exitCode: 0, stdout: 'done\n', stderr: '' });
  assert.equal(isRunning(worker!), false);
});
