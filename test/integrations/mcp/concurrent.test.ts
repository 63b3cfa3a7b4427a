// A tool call on a plan that another process changes at the same moment stays consistent: the
// call fails with a tool error that says so, and nothing of it is left half written. The other
// process is real: a `run.setup` command or a task's Verify command that edits the plan while
// the server is inside the call, and a second Inspector client starting the same task while the
// first one's start is still under way. The other way round, `baton run` leaves a task an agent
// holds through the server (and its worktree) alone.
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { taskWorktree } from '../../../src/runner/integration-branch.ts';
import { worktreesRoot } from '../../../src/workspace/worktrees.ts';
import { executorSpec } from '../../runner/support/run-repository.ts';
import { runBaton } from '../../support/cli.ts';
import { cleanPlanText } from '../../support/plans.ts';
import { git } from '../../support/repository.ts';
import { answerOf, callTool, errorOf, makeMcpScratch } from './mcp-scratch.ts';

const activePlan = (repository: string, id: string) => path.join(repository, `.baton/plans/active/${id}.md`);

function taskRecord(scratch: ReturnType<typeof makeMcpScratch>, plan: string, task: string) {
  const show = JSON.parse(scratch.baton(['status', plan, '--json']).stdout);
  const tasks = (show.plans ?? [show])[0].tasks as Array<{ taskId: string; state: string }>;
  return tasks.find((entry) => entry.taskId === task);
}

test('tasks start while another process revises the plan: a tool error, nothing started', async (t) => {
  const scratch = makeMcpScratch(t);
  const plan = activePlan(scratch.repository, 'greeting');
  // run.setup runs while the server is inside the call, after it read the approved plan.
  appendFileSync(
    path.join(scratch.repository, '.baton/config.yaml'),
    `run:\n  setup:\n    - printf '\\n<!-- revised meanwhile -->\\n' >> ${plan}\n`,
  );
  const result = await callTool(
    scratch,
    'tasks',
    { action: 'start', plan: 'greeting', task: 'T1' },
    {
      instance: 'A',
    },
  );
  assert.match(
    errorOf(result),
    /PLAN_CONCURRENT_CHANGE: plan "greeting" changed while the task was being started/,
  );
  assert.match(readFileSync(plan, 'utf8'), /revised meanwhile/);
  // Nothing half written: no worktree, no task branch, no claim, no BUILD file, no task record.
  const worktree = taskWorktree(worktreesRoot(scratch.repository, undefined), 'greeting', 'T1');
  assert.equal(existsSync(worktree), false);
  assert.equal(git(scratch.repository, 'branch', '--list', 'baton-task/*').trim(), '');
  assert.deepEqual(JSON.parse(scratch.baton(['claims', '--json']).stdout).claims, []);
  assert.equal(existsSync(path.join(scratch.repository, '.baton/handoff/greeting/BUILD_T1.md')), false);
  assert.equal(taskRecord(scratch, 'greeting', 'T1')?.state ?? 'pending', 'pending');
  // The plan as it is now has no approval: the next call is refused for that reason, at once.
  assert.match(
    errorOf(
      await callTool(scratch, 'tasks', { action: 'start', plan: 'greeting', task: 'T1' }, { instance: 'A' }),
    ),
    /PLAN_CHANGED_SINCE_APPROVAL/,
  );
});

test('two clients start the same task at the same moment: one gets it, the other a tool error', async (t) => {
  const scratch = makeMcpScratch(t);
  const started = path.join(scratch.repository, '.baton', 'setup-started');
  const go = path.join(scratch.repository, '.baton', 'setup-go');
  // The first start stays inside its call (holding the plan) until the test lets it go.
  appendFileSync(
    path.join(scratch.repository, '.baton/config.yaml'),
    `run:\n  setup:\n    - touch ${started}; for i in $(seq 200); do [ -e ${go} ] && break; sleep 0.1; done\n`,
  );
  const first = callTool(
    scratch,
    'tasks',
    { action: 'start', plan: 'greeting', task: 'T1' },
    { instance: 'A' },
  );
  while (!existsSync(started)) await sleep(50);
  const second = callTool(
    scratch,
    'tasks',
    { action: 'start', plan: 'greeting', task: 'T1' },
    { instance: 'B' },
  );
  // B's server is up and its call waits on the plan A's start holds.
  await sleep(4_000);
  writeFileSync(go, '');
  const [a, b] = await Promise.all([first, second]);
  assert.equal(answerOf(a).state, 'running');
  assert.match(errorOf(b), /TASK_NOT_READY: greeting T1 is running \(instance A\)/);
  // Only A's: its record, its claim, one worktree.
  assert.equal(taskRecord(scratch, 'greeting', 'T1')?.state, 'running');
  const claims = JSON.parse(scratch.baton(['claims', '--json']).stdout).claims;
  assert.deepEqual(
    claims.map((claim: { instance: string; pattern: string }) => `${claim.instance} ${claim.pattern}`),
    ['A src/greet.js'],
  );
});

test('tasks done while another process revises the plan: nothing merged, the submission waits', async (t) => {
  const scratch = makeMcpScratch(t);
  const plan = activePlan(scratch.repository, 'revised');
  const marker = path.join(scratch.repository, '.baton', 'revised-once');
  // T1's Verify revises the plan once, while the server reviews the submission.
  const text = cleanPlanText('revised').replace(
    'node -e "require(\'./src/greet.js\')"',
    `node -e "require('./src/greet.js')" && { [ -e ${marker} ] || { touch ${marker}; printf '\\n<!-- revised meanwhile -->\\n' >> ${plan}; }; }`,
  );
  writeFileSync(path.join(scratch.repository, '.baton/plans/review/revised.md'), text);
  git(scratch.repository, 'add', '-A');
  git(scratch.repository, 'commit', '-q', '-m', 'a second plan');
  const approve = () =>
    runBaton(scratch.repository, ['approve', 'revised', '--by', 'Ada'], { env: scratch.env, terminal: true });
  assert.equal(approve().status, 0);
  const A = { instance: 'A' };
  const started = answerOf(
    await callTool(scratch, 'tasks', { action: 'start', plan: 'revised', task: 'T1' }, A),
  );
  const worktree = started.worktree as string;
  mkdirSync(path.join(worktree, 'src'));
  writeFileSync(path.join(worktree, 'src', 'greet.js'), 'exports.greet = (name) => "Hello, " + name;\n');
  const done = await callTool(scratch, 'tasks', { action: 'done', plan: 'revised', task: 'T1' }, A);
  assert.match(
    errorOf(done),
    /PLAN_CONCURRENT_CHANGE: plan "revised" changed while the task was being merged/,
  );
  // Nothing merged; the approved submission waits in its worktree, committed.
  assert.equal(git(scratch.repository, 'log', '--merges', '--format=%s', 'baton/revised').trim(), '');
  assert.equal(taskRecord(scratch, 'revised', 'T1')?.state, 'submitted');
  assert.ok(existsSync(path.join(worktree, 'src', 'greet.js')));
  // A person approves the revised plan; done again merges what was approved.
  assert.equal(approve().status, 0);
  const merged = answerOf(
    await callTool(scratch, 'tasks', { action: 'done', plan: 'revised', task: 'T1' }, A),
  );
  assert.equal(merged.accepted, true, JSON.stringify(merged));
  assert.match(git(scratch.repository, 'show', 'baton/revised:src/greet.js'), /Hello, /);
});

test('baton run while an agent holds a task through the server: the run leaves it and its work alone', async (t) => {
  const scratch = makeMcpScratch(t);
  // The run's scripted executor writes into whatever task it is given (unconfined, as in the runner's tests).
  appendFileSync(path.join(scratch.repository, '.baton/config.yaml'), 'sandbox: off\n');
  const A = { instance: 'A' };
  const started = answerOf(
    await callTool(scratch, 'tasks', { action: 'start', plan: 'greeting', task: 'T1' }, A),
  );
  const worktree = started.worktree as string;
  mkdirSync(path.join(worktree, 'src'));
  const work = 'exports.greet = (name) => "Hello, " + name;\n';
  writeFileSync(path.join(worktree, 'src', 'greet.js'), work);
  const run = scratch.baton(['run', 'greeting', '--json', '--executor', executorSpec]);
  assert.equal(run.status, 1, `${run.stdout}\n${run.stderr}`);
  // Not started again, its worktree not made afresh: A's work is as A left it.
  assert.equal(readFileSync(path.join(worktree, 'src', 'greet.js'), 'utf8'), work);
  const status = JSON.parse(scratch.baton(['status', 'greeting', '--json']).stdout).plans[0].tasks;
  assert.equal(status[0].state, 'blocked');
  assert.match(status[0].reason, /held by instance A through the MCP server/);
  assert.match(status[1].reason, /depends on T1/);
  // After the run, A finishes it through the server: verified, reviewed and merged.
  const done = answerOf(
    await callTool(scratch, 'tasks', { action: 'done', plan: 'greeting', task: 'T1' }, A),
  );
  assert.equal(done.accepted, true, JSON.stringify(done));
  assert.equal(git(scratch.repository, 'show', 'baton/greeting:src/greet.js'), work.trimEnd());
});
