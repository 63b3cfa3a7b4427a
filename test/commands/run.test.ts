// `baton run` end to end: real git repositories, the real `baton` binary, executors and a
// reviewer scripted through the `command` backend (test/runner/support/). No timing
// assertions: intervals are compared by order only.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import {
  makeRunRepository,
  mergeCount,
  parseEvents,
  scriptedBackends,
} from '../runner/support/run-repository.ts';
import { batonBin, childEnvironment, runBaton } from '../support/cli.ts';
import { git } from '../support/repository.ts';

const backends = scriptedBackends;

function intervals(entries: ReturnType<ReturnType<typeof makeRunRepository>['readLog']>, task: string) {
  const starts = entries
    .filter((entry) => entry.task === task && entry.what === 'start')
    .map((entry) => entry.at);
  const ends = entries
    .filter((entry) => entry.task === task && entry.what === 'end')
    .map((entry) => entry.at);
  assert.ok(starts.length > 0 && ends.length === starts.length, `${task} ran: ${JSON.stringify(entries)}`);
  return { start: Math.min(...starts), end: Math.max(...ends) };
}

test('8 tasks — a chain, a fan-out, two tasks declaring one file — run to completion', (t) => {
  const planId = 'eight';
  const run = makeRunRepository(
    t,
    planId,
    [
      { id: 'T1', files: ['chain/one.txt'] },
      {
        id: 'T2',
        files: ['chain/two.txt'],
        dependencies: ['T1'],
        verify: ['grep -q "T2 OK" chain/two.txt', 'test -f chain/one.txt'],
      },
      {
        id: 'T3',
        files: ['chain/three.txt'],
        dependencies: ['T2'],
        verify: ['grep -q "T3 OK" chain/three.txt', 'test -f chain/two.txt'],
      },
      { id: 'T4', files: ['fan/four.txt'], dependencies: ['T1'] },
      { id: 'T5', files: ['fan/five.txt'], dependencies: ['T1'] },
      { id: 'T6', files: ['fan/six.txt'], dependencies: ['T1'] },
      { id: 'T7', files: ['shared.txt'], verify: ['grep -q "T7 OK" shared.txt'] },
      { id: 'T8', files: ['shared.txt'], verify: ['grep -q "T8 OK" shared.txt'] },
    ],
    {
      verification: ['test -f chain/three.txt', 'test "$(wc -l < shared.txt)" -eq 2'],
      scenario: { T7: { append: true }, T8: { append: true } },
    },
  );
  const result = runBaton(run.repository, ['run', planId, '--concurrency', '3', ...backends], {
    env: run.env,
  });
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  assert.match(result.stdout, /baton complete eight --merge/);

  const log = run.readLog();
  // Order: a task starts only after its dependencies' executors ended (and were merged).
  for (const [task, dependency] of [
    ['T2', 'T1'],
    ['T3', 'T2'],
    ['T4', 'T1'],
    ['T5', 'T1'],
    ['T6', 'T1'],
  ] as const) {
    assert.ok(intervals(log, dependency).end < intervals(log, task).start, `${task} after ${dependency}`);
  }
  // Never more than --concurrency executors at once (a task waiting for its merge lends its
  // slot, but it does no work meanwhile).
  const all = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8'].map((task) => intervals(log, task));
  for (const moment of all.map((interval) => interval.start)) {
    const working = all.filter((interval) => interval.start <= moment && moment < interval.end).length;
    assert.ok(working <= 3, `${working} executors at once at ${moment}`);
  }
  // The two tasks declaring shared.txt never overlap.
  const seven = intervals(log, 'T7');
  const eight = intervals(log, 'T8');
  assert.ok(
    seven.end < eight.start || eight.end < seven.start,
    `T7 ${JSON.stringify(seven)} and T8 ${JSON.stringify(eight)} overlap`,
  );

  // The integration branch holds every task's change, each merged once; main is untouched.
  const branch = `baton/${planId}`;
  for (const [task, file] of [
    ['T1', 'chain/one.txt'],
    ['T2', 'chain/two.txt'],
    ['T3', 'chain/three.txt'],
    ['T4', 'fan/four.txt'],
    ['T5', 'fan/five.txt'],
    ['T6', 'fan/six.txt'],
  ]) {
    assert.equal(git(run.repository, 'show', `${branch}:${file}`), `${task} OK`);
  }
  assert.deepEqual(git(run.repository, 'show', `${branch}:shared.txt`).split('\n').sort(), [
    'T7 OK',
    'T8 OK',
  ]);
  for (const task of ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8'])
    assert.equal(mergeCount(run.repository, branch, planId, task), 1, task);
  assert.equal(git(run.repository, 'rev-parse', '--abbrev-ref', 'HEAD'), 'main');
  assert.equal(git(run.repository, 'log', '--format=%s', 'main'), 'initial');

  // Merged tasks' worktrees and branches are gone.
  assert.equal(git(run.repository, 'branch', '--list', 'baton-task/*'), '');
  const left = existsSync(path.join(run.worktrees, planId))
    ? readdirSync(path.join(run.worktrees, planId))
    : [];
  assert.deepEqual(
    left.filter((name) => name !== '_handoff'),
    [],
  );

  const status = runBaton(run.repository, ['status', planId, '--json']);
  assert.equal(status.status, 0, status.stderr);
  const tasks = JSON.parse(status.stdout).plans[0].tasks as Array<{ state: string }>;
  assert.deepEqual(new Set(tasks.map((task) => task.state)), new Set(['done']));

  // complete --merge brings the work into main, in the main checkout.
  const completed = runBaton(run.repository, ['complete', planId, '--merge']);
  assert.equal(completed.status, 0, `${completed.stdout}\n${completed.stderr}`);
  assert.equal(git(run.repository, 'show', 'main:chain/three.txt'), 'T3 OK');
  assert.match(git(run.repository, 'log', '-1', '--format=%s', 'main'), /eight/);
});

test('a failing verify gets a second round; a task failing every round blocks itself and its dependents', (t) => {
  const planId = 'rounds';
  const run = makeRunRepository(
    t,
    planId,
    [
      { id: 'T1', files: ['retry.txt'] },
      { id: 'T2', files: ['never.txt'] },
      { id: 'T3', files: ['after-never.txt'], dependencies: ['T2'] },
      { id: 'T4', files: ['after-after.txt'], dependencies: ['T3'] },
      { id: 'T5', files: ['fine.txt'] },
      { id: 'T6', files: ['scoped.txt'] },
    ],
    { scenario: { T1: { badFirstRound: true }, T2: { alwaysBad: true }, T6: { outside: 'stray.txt' } } },
  );
  const result = runBaton(run.repository, ['run', planId, '--concurrency', '4', '--json', ...backends], {
    env: run.env,
  });
  assert.equal(result.status, 1, `${result.stdout}\n${result.stderr}`);
  const events = parseEvents(result.stdout);
  const finished = events.find((event) => event.kind === 'run-finished')!;
  assert.deepEqual((finished.data!.done as string[]).sort(), ['T1', 'T5', 'T6']);
  const blocked = finished.data!.blocked as Array<{ taskId: string; reason: string }>;
  assert.deepEqual(blocked.map((entry) => entry.taskId).sort(), ['T2', 'T3', 'T4']);
  assert.match(
    blocked.find((entry) => entry.taskId === 'T2')!.reason,
    /not approved after 2 round\(s\).*grep -q "T2 OK" never\.txt/,
  );
  assert.match(blocked.find((entry) => entry.taskId === 'T4')!.reason, /depends on T3|depends on T2/);

  // T1: round 1 failed verification, round 2 got the feedback file and passed.
  const log = run.readLog();
  const retryStarts = log.filter((entry) => entry.task === 'T1' && entry.what === 'start');
  assert.deepEqual(
    retryStarts.map((entry) => [entry.round, entry.feedback]),
    [
      [1, false],
      [2, true],
    ],
  );
  assert.ok(
    events.some((event) => event.kind === 'task-round-failed' && event.taskId === 'T1' && event.round === 1),
  );
  assert.ok(events.some((event) => event.kind === 'task-merged' && event.taskId === 'T1'));
  // T2 and T3/T4 never ran past T2.
  assert.equal(log.filter((entry) => entry.task === 'T3').length, 0);

  // T6 wrote outside its files in round 1: that round failed naming the file, nothing of it merged.
  const scope = events.find((event) => event.kind === 'task-scope-failed' && event.taskId === 'T6');
  assert.ok(scope, 'a scope failure for T6');
  assert.match(scope.message, /stray\.txt/);
  assert.equal(scope.round, 1);
  assert.throws(() => git(run.repository, 'cat-file', '-e', `baton/${planId}:stray.txt`));
  assert.equal(git(run.repository, 'show', `baton/${planId}:scoped.txt`), 'T6 OK');
  assert.equal(git(run.repository, 'show', `baton/${planId}:retry.txt`), 'T1 OK');

  // Events went to the store and the pool too.
  const pool = runBaton(run.repository, ['pool', 'query', '--json']);
  assert.equal(pool.status, 0, pool.stderr);
  assert.match(pool.stdout, /T2/);

  // clean removes the blocked task's worktree and branch.
  assert.notEqual(git(run.repository, 'branch', '--list', 'baton-task/*'), '');
  const cleaned = runBaton(run.repository, ['clean', planId]);
  assert.equal(cleaned.status, 0, cleaned.stderr);
  assert.equal(git(run.repository, 'branch', '--list', 'baton-task/*'), '');
  assert.equal(existsSync(path.join(run.worktrees, planId)), false);
});

test('only an approved, unchanged active plan runs', (t) => {
  const run = makeRunRepository(t, 'gate', [{ id: 'T1', files: ['a.txt'] }]);
  const file = path.join(run.repository, '.baton/plans/active/gate.md');
  appendFileSync(file, '\n<!-- edited -->\n');
  const result = runBaton(run.repository, ['run', 'gate', ...backends], { env: run.env });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /PLAN_CHANGED_SINCE_APPROVAL/);
  assert.match(result.stderr, /baton approve gate/);
});

test('kill -9 mid-run, then run again: a second runner is refused while the first lives; each task merged once', async (t) => {
  const planId = 'crash';
  const tasks = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6'].map((id, index) => ({
    id,
    files: [`crash/${id}.txt`],
    dependencies: index >= 3 ? [`T${index - 2}`] : [],
  }));
  // T2 and T3 (the others depend on them, so only these and T1 start before the kill) wait, on
  // their first start only, for a file nobody makes: the first runner is still at work however
  // long the second baton process takes to start on a busy machine, and the run after the kill
  // starts them again without the wait.
  const never = path.join(mkdtempSync(path.join(tmpdir(), 'baton-never-')), 'go');
  t.after(() => rmSync(path.dirname(never), { recursive: true, force: true }));
  const run = makeRunRepository(t, planId, tasks, {
    scenario: Object.fromEntries(['T2', 'T3'].map((id) => [id, { waitFor: [never] }])),
  });
  const child = spawn(
    process.execPath,
    [batonBin, 'run', planId, '--concurrency', '2', '--json', ...backends],
    {
      cwd: run.repository,
      env: childEnvironment(run.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise((resolve) => child.on('close', resolve));
  // A failed assertion must not leave the first runner waiting on its gated executors.
  t.after(() => child.kill('SIGKILL'));
  // Wait until at least one task is merged and another is in flight.
  const count = (kind: string) => output.match(new RegExp(`"kind":"${kind}"`, 'g'))?.length ?? 0;
  await waitFor(() => count('task-merged') >= 1 && count('task-started') > count('task-merged'), 30_000);

  const second = runBaton(run.repository, ['run', planId, ...backends], { env: run.env });
  assert.equal(second.status, 1, `the second runner was not refused: ${second.stdout}${second.stderr}`);
  assert.match(second.stderr, /RUN_IN_PROGRESS/);

  const mergedBeforeKill = new Set(
    parseEvents(output)
      .filter((event) => event.kind === 'task-merged')
      .map((event) => event.taskId),
  );
  child.kill('SIGKILL');
  await exited;
  const resumed = runBaton(run.repository, ['run', planId, '--concurrency', '2', '--json', ...backends], {
    env: run.env,
  });
  assert.equal(resumed.status, 0, `${resumed.stdout}\n${resumed.stderr}`);
  assert.ok(
    parseEvents(resumed.stdout).some(
      (event) => event.kind === 'run-started' && /took over|resumed/.test(event.message),
    ),
  );
  // Done stays done: what was merged before the kill is not started again.
  const startedAgain = parseEvents(resumed.stdout)
    .filter((event) => event.kind === 'task-started')
    .map((event) => event.taskId);
  assert.deepEqual(
    startedAgain.filter((taskId) => mergedBeforeKill.has(taskId)),
    [],
  );
  for (const task of tasks) {
    assert.equal(mergeCount(run.repository, `baton/${planId}`, planId, task.id), 1, `${task.id} merged once`);
    assert.equal(git(run.repository, 'show', `baton/${planId}:crash/${task.id}.txt`), `${task.id} OK`);
  }
});

test('Ctrl-C stops cleanly: tasks in flight stop, nothing half-merged, the next run starts them again', async (t) => {
  const planId = 'interrupt';
  const run = makeRunRepository(
    t,
    planId,
    [
      { id: 'T1', files: ['slow.txt'] },
      { id: 'T2', files: ['slower.txt'] },
    ],
    {
      scenario: { T1: { sleepMs: 20_000 }, T2: { sleepMs: 20_000 } },
    },
  );
  const child = spawn(process.execPath, [batonBin, 'run', planId, '--json', ...backends], {
    cwd: run.repository,
    env: childEnvironment(run.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  await waitFor(() => run.readLog().filter((entry) => entry.what === 'start').length === 2, 30_000);
  child.kill('SIGINT');
  assert.equal(await exited, 130, 'Ctrl-C exits 130, not 1 like a blocked run');
  const finished = parseEvents(output).find((event) => event.kind === 'run-finished');
  assert.equal(finished?.data?.outcome, 'stopped');
  assert.ok(parseEvents(output).some((event) => event.kind === 'task-interrupted'));
  assert.equal(git(run.repository, 'log', '--merges', '--format=%H', `baton/${planId}`), '');
  const status = JSON.parse(runBaton(run.repository, ['status', planId, '--json']).stdout);
  assert.deepEqual(
    status.plans[0].tasks.map((task: { state: string }) => task.state),
    ['pending', 'pending'],
  );
  assert.equal(status.plans[0].runner.state, 'stopped');
});

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('kill -9 of the runner, then a new run: the executors of the dead runner are ended before the task starts again', async (t) => {
  const planId = 'orphans';
  const run = makeRunRepository(t, planId, [{ id: 'T1', files: ['one.txt'] }], {
    scenario: { T1: { sleepMs: 60_000 } },
  });
  const child = spawn(process.execPath, [batonBin, 'run', planId, '--json', ...backends], {
    cwd: run.repository,
    env: childEnvironment(run.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) => child.on('close', resolve));
  await waitFor(() => run.readLog().some((entry) => entry.what === 'start'), 30_000);
  const executorPid = (run.readLog()[0] as { pid?: number }).pid!;
  const { openStore } = await import('../../src/store/store.ts');
  const store = await openStore({ url: path.join(run.repository, '.baton', 'baton.db') });
  try {
    // The runner has recorded the executor's process group.
    for (let tries = 0; ; tries++) {
      const row = await store.db.selectFrom('task_runs').select('data').executeTakeFirst();
      if (row?.data?.includes(`"pid":${executorPid}`)) break;
      if (tries > 600) throw new Error('the executor was never recorded');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await store.close();
  }
  child.kill('SIGKILL');
  await exited;
  assert.ok(isRunning(executorPid), 'the executor outlives its runner');
  writeFileSync(run.scenario, JSON.stringify({ T1: { sleepMs: 10 } }));
  const resumed = runBaton(run.repository, ['run', planId, '--json', ...backends], { env: run.env });
  assert.equal(resumed.status, 0, `${resumed.stdout}\n${resumed.stderr}`);
  const started = parseEvents(resumed.stdout).find((event) => event.kind === 'run-started');
  assert.match(
    started?.message ?? '',
    new RegExp(`ended its executors still running \\(T1 pid ${executorPid}\\)`),
  );
  assert.equal(isRunning(executorPid), false, 'the old executor is gone');
});

/** Alive and not a zombie waiting for a parent that no longer reaps it. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
