// Git calls from a process the size of `baton run`'s runner (~95 MB), started by the process
// itself, through the shell workers (src/workspace/shell-workers.ts) and through the git
// spawner (src/workspace/git-spawner.ts), in turn: per call, the time the calling thread was
// blocked in the call (the spawn, or writing the request), the caller's CPU time and that of
// every process (the caller, the spawner or workers, git); and the wall time of them all.
// Run: node bench/git-spawn.ts [--calls N] [--concurrency C] [--rounds R]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { gitScript } from '../src/workspace/git-async.ts';
import { startGitSpawner } from '../src/workspace/git-spawner.ts';

const option = (name: string, fallback: number) => {
  const index = process.argv.indexOf(name);
  return index > 0 ? Number(process.argv[index + 1]) || fallback : fallback;
};
const calls = option('--calls', 200);
const concurrency = option('--concurrency', 8);
const rounds = option('--rounds', 2);

// Fill the heap to the runner's size: fork's cost and the blocked time grow with it.
const ballast: object[] = [];
while (process.memoryUsage().rss < 95e6)
  for (let index = 0; index < 10_000; index++) ballast.push({ index, text: `x${index}${Math.random()}` });

const clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
// The CPU time (user + system) of this process and of the children it has reaped, theirs
// included: git's, and the spawner's and the shell workers' once stopped.
function totalCpuMs(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ').at(-1)!.split(' ');
  return (
    ((Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * 1000) / clockTicks
  );
}

// A variable whose name no shell can carry: a call with it goes to the git spawner, not the workers.
const forGitSpawner = { 'BATON_BENCH.NOT_A_SHELL_NAME': '1' };

async function measure(directory: string, env: Record<string, string>) {
  let blockedMs = 0;
  let started = 0;
  const ownBefore = process.cpuUsage();
  const wallStart = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started < calls) {
        started++;
        const before = performance.now();
        const result = gitScript(directory, 'exec git rev-parse HEAD', [], env);
        blockedMs += performance.now() - before;
        await result;
      }
    }),
  );
  const own = process.cpuUsage(ownBefore);
  return { wallMs: performance.now() - wallStart, blockedMs, ownCpuMs: (own.user + own.system) / 1000 };
}

const scratch = realpathSync(mkdtempSync(path.join(tmpdir(), 'baton-bench-git-spawn-')));
try {
  execFileSync('git', ['init', '--quiet', scratch]);
  execFileSync(
    'git',
    ['-c', 'user.name=b', '-c', 'user.email=b@b', 'commit', '--quiet', '--allow-empty', '-m', 'i'],
    {
      cwd: scratch,
    },
  );
  console.log(
    `${calls} × sh -c 'exec git rev-parse HEAD', ${concurrency} at a time, from a ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB process; load ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`,
  );
  const show = (label: string, figures: Awaited<ReturnType<typeof measure>>, cpuMs: number) =>
    console.log(
      `  ${label}: wall ${figures.wallMs.toFixed(0)} ms; caller blocked ${(figures.blockedMs / calls).toFixed(2)} ms a call; caller CPU ${(figures.ownCpuMs / calls).toFixed(2)} ms a call; all processes' CPU ${(cpuMs / calls).toFixed(2)} ms a call`,
    );
  for (let round = 0; round < rounds; round++) {
    let before = totalCpuMs();
    const direct = await measure(scratch, {});
    show('direct       ', direct, totalCpuMs() - before);
    for (const [label, env] of [
      ['shell workers', {}],
      ['git spawner  ', forGitSpawner],
    ] as const) {
      const stop = startGitSpawner();
      // The spawner is a Node process, not ready at once: the calls wait until they go through it.
      while (Number((await gitScript(scratch, 'echo "$PPID"', [], env)).stdout) === process.pid)
        await delay(20);
      before = totalCpuMs();
      const figures = await measure(scratch, env);
      await stop(); // Reaped: their CPU time is this process's children's now.
      show(label, figures, totalCpuMs() - before);
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
