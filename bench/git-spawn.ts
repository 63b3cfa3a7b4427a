// Git calls from a process the size of `baton run`'s runner (~95 MB), started by the process
// itself and through the git spawner (src/workspace/git-spawner.ts), alternately: per call, the
// time the calling thread was blocked in the call (the spawn, or writing the request to the
// spawner), the caller's CPU time and the spawner's; and the wall time of them all. On a loaded
// machine the blocking is mostly the child's wait for a CPU before it can exec.
// Run: node bench/git-spawn.ts [--calls N] [--concurrency C] [--rounds R]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { gitResult, gitScript } from '../src/workspace/git-async.ts';
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
function cpuMsOf(processId: number): number {
  const fields = readFileSync(`/proc/${processId}/stat`, 'utf8').split(') ').at(-1)!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
}
function childrenOfThisProcess(): number[] {
  const children = readdirSync(`/proc/self/task`).flatMap((thread) =>
    readFileSync(`/proc/self/task/${thread}/children`, 'utf8').trim().split(/\s+/).filter(Boolean),
  );
  return children.map(Number);
}

async function measure(directory: string, spawner: number | undefined) {
  let blockedMs = 0;
  let started = 0;
  const ownBefore = process.cpuUsage();
  const spawnerBefore = spawner ? cpuMsOf(spawner) : 0;
  const wallStart = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started < calls) {
        started++;
        const before = performance.now();
        const result = gitResult(directory, ['rev-parse', 'HEAD']);
        blockedMs += performance.now() - before;
        await result;
      }
    }),
  );
  const own = process.cpuUsage(ownBefore);
  return {
    wallMs: performance.now() - wallStart,
    blockedMs,
    ownCpuMs: (own.user + own.system) / 1000,
    spawnerCpuMs: spawner ? cpuMsOf(spawner) - spawnerBefore : 0,
  };
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
    `${calls} × git rev-parse, ${concurrency} at a time, from a ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB process; load ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`,
  );
  const show = (label: string, figures: Awaited<ReturnType<typeof measure>>) =>
    console.log(
      `  ${label}: wall ${figures.wallMs.toFixed(0)} ms; caller blocked ${(figures.blockedMs / calls).toFixed(2)} ms a call; caller CPU ${(figures.ownCpuMs / calls).toFixed(2)} ms a call${figures.spawnerCpuMs ? `, spawner CPU ${(figures.spawnerCpuMs / calls).toFixed(2)} ms a call` : ''}`,
    );
  for (let round = 0; round < rounds; round++) {
    show('direct ', await measure(scratch, undefined));
    const stop = startGitSpawner();
    let spawner: number | undefined;
    while (spawner === undefined) {
      const starter = Number((await gitScript(scratch, 'echo "$PPID"')).stdout);
      if (starter !== process.pid) spawner = starter;
      else await delay(20);
    }
    if (!childrenOfThisProcess().includes(spawner))
      throw new Error('the spawner is not a child of this process');
    show('spawner', await measure(scratch, spawner));
    await stop();
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
