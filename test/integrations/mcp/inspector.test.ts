// baton's MCP server through the official Inspector CLI (`mcp-inspector --cli`, a real MCP
// client over stdio): it lists the tools and calls each against a scratch repository, and every
// answer is checked, including what the server refuses.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { taskWorktree } from '../../../src/runner/integration-branch.ts';
import { acquireRunLease, finishRunLease } from '../../../src/store/runs.ts';
import { openStore } from '../../../src/store/store.ts';
import { worktreesRoot } from '../../../src/workspace/worktrees.ts';
import { cleanPlanText } from '../../support/plans.ts';
import { git } from '../../support/repository.ts';
import { answerOf, callTool, errorOf, inspect, makeMcpScratch } from './mcp-scratch.ts';

interface ListedTool {
  name: string;
  inputSchema: { properties: { action: { enum: string[] } } };
}

const toolsOf = (json: Record<string, unknown>) => json.tools as ListedTool[];
const actionsOf = (tools: ListedTool[], name: string) =>
  tools.find((tool) => tool.name === name)?.inputSchema.properties.action.enum;

test('the Inspector lists the tools and calls each of them; the server keeps its rules', async (t) => {
  const scratch = makeMcpScratch(t);
  const A = { instance: 'A' };

  await t.test('tools/list: five tools by default, eight with --tools all, narrowed by role', async () => {
    const [plain, all, planner, reviewer] = await Promise.all([
      inspect(scratch, ['--method', 'tools/list'], A),
      inspect(scratch, ['--method', 'tools/list'], { ...A, serverArgs: ['--tools', 'all'] }),
      inspect(scratch, ['--method', 'tools/list'], { ...A, serverArgs: ['--role', 'planner'] }),
      inspect(scratch, ['--method', 'tools/list'], { ...A, serverArgs: ['--role', 'reviewer'] }),
    ]);
    assert.deepEqual(
      toolsOf(plain.json).map((tool) => tool.name),
      ['plans', 'tasks', 'pool', 'claims', 'context'],
    );
    assert.deepEqual(
      toolsOf(all.json).map((tool) => tool.name),
      ['plans', 'tasks', 'pool', 'claims', 'context', 'cost', 'events', 'handoff'],
    );
    // Writing plans is the planner's; nobody gets approve, reject or complete.
    assert.deepEqual(actionsOf(toolsOf(plain.json), 'plans'), ['list', 'show', 'lint']);
    assert.deepEqual(actionsOf(toolsOf(planner.json), 'plans'), ['list', 'show', 'lint', 'write']);
    assert.deepEqual(actionsOf(toolsOf(planner.json), 'tasks'), ['ready']);
    assert.deepEqual(actionsOf(toolsOf(reviewer.json), 'claims'), ['list']);
    for (const tool of toolsOf(all.json))
      assert.ok(
        !JSON.stringify(tool).match(/"(approve|reject|complete)"/),
        `${tool.name} offers a person's action`,
      );
  });

  await t.test(
    'plans: list, show, lint; write only for the planner, and never a plan with errors',
    async () => {
      const list = answerOf(await callTool(scratch, 'plans', { action: 'list' }, A));
      assert.deepEqual(
        (list.plans as Array<{ id: string; state: string }>).map((plan) => [plan.id, plan.state]),
        [['greeting', 'active']],
      );
      const show = answerOf(await callTool(scratch, 'plans', { action: 'show', id: 'greeting' }, A));
      assert.equal(show.state, 'active');
      assert.deepEqual(show.layers, [['T1'], ['T2']]);
      assert.deepEqual(show.progress, { done: 0, tasks: 2 });
      const lint = answerOf(await callTool(scratch, 'plans', { action: 'lint', text: '# not a plan' }, A));
      assert.equal(lint.ok, false);
      assert.ok((lint.diagnostics as unknown[]).length > 0);
      // An executor (the default set) cannot write a plan: the server refuses the action itself.
      const refused = errorOf(
        await callTool(scratch, 'plans', { action: 'write', id: 'second', text: cleanPlanText('second') }, A),
      );
      assert.match(refused, /Invalid arguments for tool plans: .*expected one of "list"\|"show"\|"lint"/);
      const planner = { ...A, serverArgs: ['--role', 'planner'] };
      const broken = errorOf(
        await callTool(scratch, 'plans', { action: 'write', id: 'broken', text: '# not a plan' }, planner),
      );
      assert.match(broken, /PLAN_INVALID/);
      assert.ok(!existsSync(path.join(scratch.repository, '.baton/plans/review/broken.md')), 'half written');
      const written = answerOf(
        await callTool(
          scratch,
          'plans',
          { action: 'write', id: 'second', text: cleanPlanText('second') },
          planner,
        ),
      );
      assert.equal(written.state, 'review');
      assert.ok(existsSync(path.join(scratch.repository, '.baton/plans/review/second.md')));
    },
  );

  await t.test(
    "tasks: ready; start makes the task's worktree and claims its files; done verifies, reviews and merges it",
    async () => {
      const ready = answerOf(await callTool(scratch, 'tasks', { action: 'ready' }, A));
      assert.deepEqual(
        (ready.tasks as Array<{ plan: string; task: string }>).map((task) => `${task.plan} ${task.task}`),
        ['greeting T1'],
      );
      // Reporting on a task nobody started is refused.
      assert.match(
        errorOf(
          await callTool(
            scratch,
            'tasks',
            { action: 'progress', plan: 'greeting', task: 'T1', note: 'x' },
            A,
          ),
        ),
        /TASK_NOT_READY/,
      );
      // T2 waits for T1.
      assert.match(
        errorOf(await callTool(scratch, 'tasks', { action: 'start', plan: 'greeting', task: 'T2' }, A)),
        /TASK_NOT_READY: greeting T2 waits for T1/,
      );
      const started = answerOf(
        await callTool(scratch, 'tasks', { action: 'start', plan: 'greeting', task: 'T1' }, A),
      );
      assert.equal(started.state, 'running');
      // The task's own worktree, on its own branch from the plan's integration branch, as a run makes it.
      const worktree = started.worktree as string;
      assert.equal(worktree, taskWorktree(worktreesRoot(scratch.repository, undefined), 'greeting', 'T1'));
      assert.equal(git(worktree, 'branch', '--show-current').trim(), 'baton-task/greeting/T1');
      assert.equal(
        git(scratch.repository, 'rev-parse', 'baton/greeting').trim(),
        git(worktree, 'rev-parse', 'HEAD').trim(),
      );
      assert.match(readFileSync(started.build as string, 'utf8'), new RegExp(`--dir ${worktree}`));
      // B cannot start it, nor claim its file: A holds the claim.
      assert.match(
        errorOf(
          await callTool(
            scratch,
            'tasks',
            { action: 'start', plan: 'greeting', task: 'T1' },
            { instance: 'B' },
          ),
        ),
        /TASK_NOT_READY|CLAIM_HELD/,
      );
      assert.match(
        errorOf(
          await callTool(scratch, 'claims', { action: 'claim', paths: ['src/greet.js'] }, { instance: 'B' }),
        ),
        /CLAIM_HELD/,
      );
      const progress = answerOf(
        await callTool(
          scratch,
          'tasks',
          { action: 'progress', plan: 'greeting', task: 'T1', note: 'writing greet' },
          A,
        ),
      );
      assert.equal(progress.recorded, 'writing greet');
      // Done before the work is there: Verify fails, the task is not accepted and stays A's.
      const early = answerOf(
        await callTool(scratch, 'tasks', { action: 'done', plan: 'greeting', task: 'T1' }, A),
      );
      assert.equal(early.accepted, false);
      assert.deepEqual(
        (early.verification as Array<{ passed: boolean }>).map((result) => result.passed),
        [false],
      );
      assert.equal(early.state, 'blocked');
      // The work goes in the task's worktree; the person's checkout is not touched.
      mkdirSync(path.join(worktree, 'src'), { recursive: true });
      writeFileSync(path.join(worktree, 'src/greet.js'), 'exports.greet = (name) => "Hello, " + name;\n');
      const done = answerOf(
        await callTool(scratch, 'tasks', { action: 'done', plan: 'greeting', task: 'T1' }, A),
      );
      assert.equal(done.accepted, true, JSON.stringify(done));
      assert.equal(done.state, 'done');
      // Merged into the integration branch as a run merges a task; the worktree is gone.
      assert.match(git(scratch.repository, 'show', 'baton/greeting:src/greet.js'), /Hello, /);
      assert.match(git(scratch.repository, 'log', '-1', '--format=%B', 'baton/greeting'), /T1/);
      assert.equal(existsSync(path.join(scratch.repository, 'src/greet.js')), false);
      assert.equal(existsSync(worktree), false);
      const show = answerOf(await callTool(scratch, 'plans', { action: 'show', id: 'greeting' }, A));
      assert.deepEqual(show.progress, { done: 1, tasks: 2 });
      // The claim went with the accepted task: B may take the file now.
      answerOf(
        await callTool(scratch, 'claims', { action: 'claim', paths: ['src/greet.js'] }, { instance: 'B' }),
      );
      answerOf(
        await callTool(scratch, 'claims', { action: 'release', paths: ['src/greet.js'] }, { instance: 'B' }),
      );
      const blocked = answerOf(
        await callTool(scratch, 'tasks', { action: 'start', plan: 'greeting', task: 'T2' }, A),
      );
      assert.equal(blocked.state, 'running');
      // T2 starts where T1 was merged.
      assert.ok(existsSync(path.join(blocked.worktree as string, 'src/greet.js')));
      const reported = answerOf(
        await callTool(
          scratch,
          'tasks',
          { action: 'blocked', plan: 'greeting', task: 'T2', note: 'needs a decision' },
          A,
        ),
      );
      assert.equal(reported.state, 'blocked');
    },
  );

  await t.test('a plan that baton run is running: its tasks cannot be started here', async () => {
    const store = await openStore({ url: path.join(scratch.repository, '.baton/baton.db'), project: '' });
    const lease = { planId: 'greeting', runnerId: 'runner-test', pid: process.pid, host: hostname() };
    try {
      assert.ok(
        (await acquireRunLease(store, { ...lease, staleAfterMs: 60_000, isProcessAlive: () => true }))
          .acquired,
      );
      assert.match(
        errorOf(await callTool(scratch, 'tasks', { action: 'start', plan: 'greeting', task: 'T2' }, A)),
        /RUN_IN_PROGRESS/,
      );
      await finishRunLease(store, 'greeting', 'runner-test', 'finished');
    } finally {
      await store.close();
    }
  });

  await t.test('pool: post as the caller, query; a bad entry is refused and nothing is posted', async () => {
    const posted = answerOf(
      await callTool(
        scratch,
        'pool',
        {
          action: 'post',
          kind: 'note',
          topic: 'greeting',
          summary: 'greet() exists',
          affects: ['src/greet.js'],
        },
        A,
      ),
    );
    assert.equal((posted.posted as { instance: string }).instance, 'A');
    assert.match(
      errorOf(await callTool(scratch, 'pool', { action: 'post', kind: 'note', topic: 't' }, A)),
      /summary/,
    );
    assert.match(
      errorOf(
        await callTool(scratch, 'pool', { action: 'post', kind: 'gossip', topic: 't', summary: 's' }, A),
      ),
      /unknown pool action "gossip"/,
    );
    const query = answerOf(
      await callTool(scratch, 'pool', { action: 'query', affects: ['src/greet.js'] }, A),
    );
    // Besides the note, T1's hand-off milestones, posted as a run posts them, for the caller.
    const summaries = (query.entries as Array<{ summary: string }>).map((entry) => entry.summary);
    assert.equal(summaries[0], 'greet() exists');
    assert.ok(
      summaries.some((summary) => /^merged into baton\/greeting/.test(summary)),
      summaries.join('\n'),
    );
    // Without an instance the server can read but not write.
    assert.match(
      errorOf(await callTool(scratch, 'pool', { action: 'post', kind: 'note', topic: 't', summary: 's' })),
      /INSTANCE_MISSING/,
    );
  });

  await t.test('claims: claim, list, release for the caller only; context: touch and attention', async () => {
    answerOf(await callTool(scratch, 'claims', { action: 'claim', paths: ['README.md'], reason: 'docs' }, A));
    const list = answerOf(await callTool(scratch, 'claims', { action: 'list' }, { instance: 'B' }));
    assert.ok(
      (list.claims as Array<{ instance: string; pattern: string }>).some(
        (claim) => claim.instance === 'A' && claim.pattern === 'README.md',
      ),
    );
    // B releasing A's claim frees nothing: release acts on the caller's own claims.
    const foreign = answerOf(
      await callTool(scratch, 'claims', { action: 'release', paths: ['README.md'] }, { instance: 'B' }),
    );
    assert.deepEqual(foreign.released, []);
    const own = answerOf(await callTool(scratch, 'claims', { action: 'release', paths: ['README.md'] }, A));
    assert.equal((own.released as unknown[]).length, 1);
    const touched = answerOf(
      await callTool(scratch, 'context', { action: 'touch', path: 'src/greet.js' }, A),
    );
    assert.deepEqual(
      (touched.files as Array<{ path: string; heat: string }>).map((file) => [file.path, file.heat]),
      [['src/greet.js', 'hot']],
    );
    const attention = answerOf(await callTool(scratch, 'context', { action: 'attention' }, A));
    assert.equal(attention.turn, 1);
  });

  await t.test('--tools all: cost, events and handoff answer', async () => {
    const all = { ...A, serverArgs: ['--tools', 'all'] };
    const [cost, events, handoff] = await Promise.all([
      callTool(scratch, 'cost', { action: 'show', plan: 'greeting' }, all),
      callTool(scratch, 'events', { action: 'list', plan: 'greeting' }, all),
      callTool(scratch, 'handoff', { action: 'write', plan: 'greeting', task: 'T2' }, all),
    ]);
    assert.ok(Array.isArray(answerOf(cost).rows));
    assert.ok((answerOf(events).events as unknown[]).length > 0);
    // T2 is started: its BUILD file is written from its worktree.
    const t2 = taskWorktree(worktreesRoot(scratch.repository, undefined), 'greeting', 'T2');
    assert.match(readFileSync(answerOf(handoff).file as string, 'utf8'), new RegExp(`T2 --dir ${t2}`));
  });

  await t.test('every state-changing call is an event in baton events', () => {
    const result = scratch.baton(['events', '--json', '--instance', 'A']);
    assert.equal(result.status, 0, result.stderr);
    const kinds = new Set(
      (JSON.parse(result.stdout).events as Array<{ kind: string }>).map((event) => event.kind),
    );
    for (const kind of [
      'plan-created',
      'claim-granted',
      'task-started',
      'task-progress',
      'task-submitted',
      'task-blocked',
      'pool-posted',
      'claim-released',
      'attention-touched',
      'handoff-written',
    ])
      assert.ok(kinds.has(kind), `no ${kind} event among ${[...kinds].join(', ')}`);
  });

  await t.test('an agent cannot pick the instance with --instance; a person can', async () => {
    const agent = scratch.baton(['mcp', '--instance', 'Z'], { CLAUDECODE: '1' });
    assert.notEqual(agent.status, 0);
    assert.match(agent.stderr, /PERSON_ONLY/);
  });
});
