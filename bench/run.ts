// `baton run` benchmark (issues 5 and 10): 16 independent tasks whose executor takes 2 s each,
// at concurrency 8 — the wall time against the ideal 4 s (target ≤ 1.25×) — and baton's own
// time per task outside the executor (worktree, executor launch, commit and verify, review
// launch, merge) against a bare `git worktree add` + commit + `git merge --no-ff` (target ≤ 2×).
// Like is compared with like: baton at concurrency 8 with the bare loop at concurrency 8 (on 2
// cores, 8 tasks ending together queue for the CPU and for the merge, in either), and baton
// one task at a time with the bare loop one at a time. Both also get their CPU time per task
// (every process; for baton's run that includes its start-up and the scripted agents, a bash
// process and a sleep a task): on a shared machine wall times follow the load, CPU time hardly
// does. The wall time also gets the machine's floor: the same tasks run by a bare shell script
// (bench/support/bare-run.sh), which shows how much of the ideal's margin process start-up
// alone takes on this machine. Figures are printed, never asserted.
// By default baton runs from a compiled copy (bin/ + dist/, as an installed package does);
// --source runs the TypeScript sources as a checkout does (type stripping adds ~0.2 s of
// start-up). --runs N (default 3) repeats the run and prints the median.
// Run: node bench/run.ts [--source] [--runs N]
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildCompiledCopy } from '../scripts/compiled-copy.ts';
import { planText } from './support/plan-text.ts';

const taskCount = 16;
const concurrency = 8;
const executorMs = 2_000;
const fromSource = process.argv.includes('--source');
const runsIndex = process.argv.indexOf('--runs');
const runs = runsIndex > 0 ? Math.max(1, Number(process.argv[runsIndex + 1]) || 1) : 3;
const compiledCopy = fromSource ? undefined : buildCompiledCopy();
const batonBin = path.join(compiledCopy ?? path.resolve(import.meta.dirname, '..'), 'bin', 'baton.js');
const support = path.join(import.meta.dirname, 'support');

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

const execFileAsync = promisify(execFile);
async function gitAsync(cwd: string, ...args: string[]): Promise<void> {
  await execFileAsync('git', args, { cwd, encoding: 'utf8' });
}

function baton(cwd: string, args: string[], env: Record<string, string> = {}) {
  const environment: NodeJS.ProcessEnv = {
    ...process.env,
    ...env,
    NO_COLOR: '1',
    ...(fromSource ? { BATON_FROM_SOURCE: '1' } : {}),
  };
  for (const key of [
    'BATON_INSTANCE',
    'CLAUDE_INSTANCE',
    'BATON_DATABASE_URL',
    'BATON_DATABASE_SCHEMA',
    'BATON_PROJECT',
  ])
    delete environment[key];
  // approve needs a person at a terminal: run it under util-linux `script`, as a terminal would.
  const terminal = args[0] === 'approve';
  const command = [process.execPath, batonBin, ...args];
  const result = terminal
    ? spawnSync(
        'script',
        [
          '-qec',
          `exec ${command.map((word) => `'${word.replaceAll("'", `'\\''`)}'`).join(' ')}`,
          '/dev/null',
        ],
        {
          cwd,
          env: environment,
          encoding: 'utf8',
        },
      )
    : spawnSync(command[0]!, command.slice(1), { cwd, env: environment, encoding: 'utf8' });
  if (result.status !== 0 && !args.includes('run'))
    throw new Error(`baton ${args.join(' ')}: ${result.stderr}`);
  return result;
}

function repository(scratch: string): string {
  const directory = path.join(scratch, 'repo');
  execFileSync('mkdir', ['-p', directory]);
  git(directory, 'init', '--quiet', '--initial-branch=main');
  git(directory, 'config', 'user.email', 'bench@example.com');
  git(directory, 'config', 'user.name', 'bench');
  git(directory, 'commit', '--quiet', '--allow-empty', '-m', 'initial');
  return directory;
}

// CPU time (user + system) of the child processes this one has waited for, theirs included
// (Linux: cutime and cstime in /proc/self/stat): the work a step cost, which unlike its wall
// time hardly depends on how busy the machine is. Undefined elsewhere.
const clockTicks = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();
function childrenCpuMs(): number | undefined {
  try {
    // Fields after the command name, which ends with ") ": state is field 3, cutime 16, cstime 17.
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ').at(-1)!.split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / clockTicks;
  } catch {
    return undefined;
  }
}
const cpuPerTask = (before: number | undefined, after: number | undefined) =>
  before === undefined || after === undefined ? 'unknown' : `${((after - before) / taskCount).toFixed(0)} ms`;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

interface Event {
  kind: string;
  taskId?: string;
  at: number;
  data?: Record<string, unknown>;
}

function runFigures(scratch: string, shape: { concurrency: number; executorMs: number }) {
  const root = repository(scratch);
  baton(root, ['init']);
  // sandbox: off — the scripted executor logs to a file outside its worktree (the figures are
  // read from it), which confinement forbids and bubblewrap's private /tmp hides; the runner's
  // tests do the same (test/runner/support/run-repository.ts).
  writeFileSync(
    path.join(root, '.baton/config.yaml'),
    `sandbox: off\nrun:\n  worktrees_dir: ${JSON.stringify(path.join(scratch, 'worktrees'))}\n`,
  );
  const tasks = Array.from({ length: taskCount }, (_, index) => ({
    id: `T${index + 1}`,
    files: [`out/t${index + 1}.txt`],
  }));
  writeFileSync(path.join(root, '.baton/plans/review/bench.md'), planText('bench', tasks, ['true']));
  baton(root, ['approve', 'bench', '--by', 'bench']);
  const log = path.join(scratch, 'executor.log');
  writeFileSync(log, '');
  const started = performance.now();
  const startedAt = Date.now();
  const cpuBefore = childrenCpuMs();
  const result = baton(
    root,
    [
      'run',
      'bench',
      '--concurrency',
      String(shape.concurrency),
      '--json',
      '--executor',
      `command:bash ${path.join(support, 'executor.sh')}`,
      '--reviewer',
      `command:bash ${path.join(support, 'reviewer.sh')}`,
    ],
    { TEST_LOG: log, TEST_SLEEP_MS: String(shape.executorMs) },
  );
  const wallMs = performance.now() - started;
  const cpu = cpuPerTask(cpuBefore, childrenCpuMs());
  if (result.status !== 0) throw new Error(`baton run failed: ${result.stdout}\n${result.stderr}`);
  const events = result.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Event);
  const executor = readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { task: string; what: string; at: number });
  const firstEvent = events[0]!.at;
  const perTask = tasks.map((task) => {
    const at = (kind: string) => events.find((event) => event.kind === kind && event.taskId === task.id)!;
    const startedEvent = at('task-started');
    const executorStart = executor.find((entry) => entry.task === task.id && entry.what === 'start')!.at;
    const executorEnd = executor.find((entry) => entry.task === task.id && entry.what === 'end')!.at;
    return {
      worktree: Number(startedEvent.data?.worktreeMs ?? 0),
      launch: executorStart - startedEvent.at,
      verify: at('task-verified').at - executorEnd,
      review: at('task-reviewed').at - at('task-verified').at,
      merge: at('task-merged').at - at('task-reviewed').at,
      total:
        Number(startedEvent.data?.worktreeMs ?? 0) +
        (executorStart - startedEvent.at) +
        (at('task-merged').at - executorEnd),
    };
  });
  const runFinished = events.find((event) => event.kind === 'run-finished')!;
  // BENCH_TIMELINE=1: every event and executor start/end, in ms from the spawn (to stderr).
  if (process.env.BENCH_TIMELINE) {
    const moments = [
      ...events.map((event) => ({ at: event.at, what: `${event.kind} ${event.taskId ?? ''}` })),
      ...executor.map((entry) => ({ at: entry.at, what: `executor-${entry.what} ${entry.task}` })),
      { at: startedAt + wallMs, what: 'exit' },
    ].sort((a, b) => a.at - b.at);
    for (const moment of moments) process.stderr.write(`${moment.at - startedAt}\t${moment.what}\n`);
  }
  return { wallMs, innerMs: runFinished.at - firstEvent, perTask, cpu };
}

/**
 * The bare loop, `together` tasks at a time: each wave gets its worktrees, then (as
 * baton's tasks do when their executors end together) commits at once and merges into the
 * integration checkout one at a time. A task's time: its worktree, its commit, its wait in the
 * merge queue and its merge — the same parts as baton's own time per task.
 */
async function bareFigures(scratch: string, together: number) {
  const root = repository(scratch);
  git(root, 'branch', 'integration');
  const integration = path.join(scratch, 'bare-integration');
  git(root, 'worktree', 'add', '--quiet', integration, 'integration');
  const times: number[] = [];
  const cpuBefore = childrenCpuMs();
  let mergeQueue: Promise<unknown> = Promise.resolve();
  for (let first = 0; first < taskCount; first += together) {
    const wave = Array.from({ length: Math.min(together, taskCount - first) }, (_, offset) => first + offset);
    // One after another, as baton makes a wave's worktrees: concurrent `git worktree add`s in
    // one repository race on its worktree records.
    const worktreeMs: number[] = [];
    for (const index of wave) {
      const started = performance.now();
      const worktree = path.join(scratch, `bare-${index}`);
      await gitAsync(root, 'worktree', 'add', '--quiet', '-b', `bare-${index}`, worktree, 'integration');
      writeFileSync(path.join(worktree, `t${index}.txt`), 'x\n');
      worktreeMs.push(performance.now() - started);
    }
    await Promise.all(
      wave.map(async (index, position) => {
        const started = performance.now();
        const worktree = path.join(scratch, `bare-${index}`);
        await gitAsync(worktree, 'add', '-A');
        await gitAsync(worktree, 'commit', '--quiet', '-m', `t${index}`);
        const merged = mergeQueue.then(() =>
          gitAsync(integration, 'merge', '--quiet', '--no-ff', '--no-edit', `bare-${index}`),
        );
        mergeQueue = merged;
        await merged;
        times.push(worktreeMs[position]! + performance.now() - started);
      }),
    );
  }
  return { times, cpu: cpuPerTask(cpuBefore, childrenCpuMs()) };
}

/**
 * The machine's floor for the wall time: the same tasks and scripted executor, run by a shell
 * script that does only worktree, commit and merge (bench/support/bare-run.sh). Where it is over
 * the target already, so is anything that also checks, verifies and reviews.
 */
function bareWallMs(scratch: string): number {
  execFileSync('mkdir', ['-p', scratch]);
  const output = execFileSync(
    'bash',
    [path.join(support, 'bare-run.sh'), scratch, String(taskCount), String(concurrency), String(executorMs)],
    { encoding: 'utf8' },
  );
  return Number(output.trim());
}

const perTaskLine = (figures: ReturnType<typeof runFigures>) => {
  const pick = (key: keyof (typeof figures.perTask)[number]) =>
    median(figures.perTask.map((task) => task[key])).toFixed(0);
  return `${pick('total')} ms = worktree ${pick('worktree')} + executor launch ${pick('launch')} + commit and verify ${pick('verify')} + scope and review launch ${pick('review')} + merge queue and merge ${pick('merge')} ms; CPU per task ${figures.cpu}`;
};
const ownTime = (figures: ReturnType<typeof runFigures>) => median(figures.perTask.map((task) => task.total));
const ratioLine = (own: number, bare: number) =>
  `${(own / bare).toFixed(2)}× (target ≤ 2×) — ${own / bare <= 2 ? 'ok' : 'OVER TARGET'}`;

const scratch = realpathSync(mkdtempSync(path.join(tmpdir(), 'baton-bench-run-')));
try {
  const idealMs = Math.ceil(taskCount / concurrency) * executorMs;
  console.log(
    `baton run: ${taskCount} independent tasks, executor ${executorMs / 1000} s each, concurrency ${concurrency}, on ${cpus().length} CPU core(s), baton ${fromSource ? 'from the TypeScript sources' : 'compiled (as installed)'}`,
  );
  const all: Array<ReturnType<typeof runFigures>> = [];
  const alone: Array<ReturnType<typeof runFigures>> = [];
  const bareTogether: number[] = [];
  const bareAlone: number[] = [];
  const bareWalls: number[] = [];
  for (let run = 0; run < runs; run++) {
    const directory = path.join(scratch, `run-${run}`);
    execFileSync('mkdir', ['-p', directory]);
    const figures = runFigures(directory, { concurrency, executorMs });
    all.push(figures);
    console.log(
      `  run ${run + 1}: wall ${(figures.wallMs / 1000).toFixed(2)} s (${(figures.innerMs / 1000).toFixed(2)} s from run-started to run-finished), ${(figures.wallMs / idealMs).toFixed(2)}×; baton's own time per task, median: ${perTaskLine(figures)} (all processes: baton, git, the scripted agents)`,
    );
    // The same tasks one at a time (a 100 ms executor: its length is not part of the figure),
    // beside the bare loop one at a time; then the bare loop at the run's concurrency.
    const one = runFigures(path.join(directory, 'one-at-a-time'), { concurrency: 1, executorMs: 100 });
    alone.push(one);
    const bare = await bareFigures(path.join(directory, 'bare'), 1);
    const together = await bareFigures(path.join(directory, 'bare-together'), concurrency);
    bareAlone.push(median(bare.times));
    bareTogether.push(median(together.times));
    const bareWall = bareWallMs(path.join(directory, 'bare-run'));
    bareWalls.push(bareWall);
    console.log(
      `         one at a time: baton ${perTaskLine(one)}; bare git worktree add + commit + merge --no-ff ${median(bare.times).toFixed(0)} ms (CPU ${bare.cpu}); bare at concurrency ${concurrency} ${median(together.times).toFixed(0)} ms (CPU ${together.cpu})`,
    );
    console.log(
      `         the same ${taskCount} tasks by a bare shell script (worktree, executor, commit, merge --no-ff; no checks, verify or review): wall ${(bareWall / 1000).toFixed(2)} s, ${(bareWall / idealMs).toFixed(2)}×`,
    );
  }
  const wallMs = median(all.map((figures) => figures.wallMs));
  const ratio = wallMs / idealMs;
  console.log(
    `  median of ${runs}: wall time ${(wallMs / 1000).toFixed(2)} s (process start to exit) against the ideal ${(idealMs / 1000).toFixed(1)} s: ${ratio.toFixed(2)}× (target ≤ 1.25×) — ${ratio <= 1.25 ? 'ok' : 'OVER TARGET'}`,
  );
  const bareWall = median(bareWalls);
  console.log(
    `    this machine's floor, the bare shell script's wall: ${(bareWall / 1000).toFixed(2)} s, ${(bareWall / idealMs).toFixed(2)}× the ideal${bareWall / idealMs > 1.25 ? ' — over the target before baton does anything' : ''}; baton's wall is ${(wallMs / bareWall).toFixed(2)}× it`,
  );
  const ownTogether = median(all.map(ownTime));
  const ownAlone = median(alone.map(ownTime));
  const bareTogetherMs = median(bareTogether);
  const bareAloneMs = median(bareAlone);
  console.log(
    `  baton's own time per task against bare git (worktree add + commit + merge --no-ff), medians of ${runs}:`,
  );
  console.log(
    `    at concurrency ${concurrency}: baton ${ownTogether.toFixed(0)} ms, bare at the same concurrency ${bareTogetherMs.toFixed(0)} ms: ${ratioLine(ownTogether, bareTogetherMs)}`,
  );
  console.log(
    `    one at a time:    baton ${ownAlone.toFixed(0)} ms, bare one at a time ${bareAloneMs.toFixed(0)} ms: ${ratioLine(ownAlone, bareAloneMs)}`,
  );
  console.log(
    `    (baton at concurrency ${concurrency} against bare one at a time, the figure earlier versions printed: ${(ownTogether / bareAloneMs).toFixed(2)}×)`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
  if (compiledCopy) rmSync(compiledCopy, { recursive: true, force: true });
}
