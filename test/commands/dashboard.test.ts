// PROJECT_DASHBOARD.md after a scripted `baton run`: the values that run must produce — plans
// by state, each task's status, rounds and score, the blocked task with its reason, the next
// actions and the cost — and baton's own write never counts as an executor's change.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { planText } from '../../bench/support/plan-text.ts';
import { makeRunRepository, scriptedBackends } from '../runner/support/run-repository.ts';
import { runBaton } from '../support/cli.ts';

function row(dashboard: string, taskId: string): string[] {
  const line = dashboard.split('\n').find((each) => each.startsWith(`| ${taskId} |`));
  assert.ok(line, `no row for ${taskId} in\n${dashboard}`);
  return line
    .slice(1, -1)
    .split('|')
    .map((cell) => cell.trim());
}

test('baton run writes PROJECT_DASHBOARD.md with the values of the run', async (t) => {
  const run = makeRunRepository(
    t,
    'dash',
    [
      { id: 'T1', files: ['one.txt'] },
      { id: 'T2', files: ['two.txt'] },
      { id: 'T3', files: ['three.txt'] },
      // Blocked behind T3: it comes back with T3's retry, so it is no action of its own.
      { id: 'T4', files: ['four.txt'], dependencies: ['T3'] },
    ],
    {
      scenario: {
        T1: { usage: { input_tokens: 1000, output_tokens: 50, cost_usd: 0.25, model: 'openai:gpt-test' } },
        T2: { badFirstRound: true },
        T3: { blocked: 'needs a decision on the schema' },
      },
    },
  );
  // A second plan waits in review: the dashboard lists it and asks for a person's decision.
  writeFileSync(
    path.join(run.repository, '.baton/plans/review/later.md'),
    planText('later', [{ id: 'T1', files: ['later.txt'] }], ['true']),
  );
  const result = runBaton(run.repository, ['run', 'dash', ...scriptedBackends], { env: run.env });
  assert.equal(result.status, 1, result.stderr);

  const file = path.join(run.repository, 'PROJECT_DASHBOARD.md');
  assert.ok(existsSync(file), 'the run wrote no dashboard');
  const dashboard = readFileSync(file, 'utf8');
  assert.match(dashboard, /^# Project dashboard\n/);
  assert.match(dashboard, /\| In review \| 1 \|/);
  assert.match(dashboard, /\| Active \| 1 \|/);
  assert.match(dashboard, /\| Completed \| 0 \|/);
  assert.match(dashboard, /- \*\*later\*\*: Run test plan — 1 tasks/);
  assert.match(dashboard, /- \*\*dash\*\*: Run test plan — 2\/4 tasks done, approved by test/);

  // Task, title, status, rounds, attempts, score, cost, by.
  const [, , stateOne, roundsOne, , scoreOne, costOne] = row(dashboard, 'T1');
  assert.deepEqual([stateOne, roundsOne, scoreOne, costOne], ['done', '1', '95', '$0.2500']);
  const [, , stateTwo, roundsTwo, , scoreTwo] = row(dashboard, 'T2');
  // Its first round failed verification; the second passed and was reviewed.
  assert.deepEqual([stateTwo, roundsTwo, scoreTwo], ['done', '2', '95']);
  const [, , stateThree, , , scoreThree] = row(dashboard, 'T3');
  assert.deepEqual([stateThree, scoreThree], ['blocked', '']);

  const blocked = dashboard.slice(dashboard.indexOf('## Blocked'), dashboard.indexOf('## Next actions'));
  assert.match(blocked, /- \*\*dash T3\*\* \(Write three\.txt\): .*needs a decision on the schema/);
  assert.match(blocked, /- \*\*dash T4\*\* \(Write four\.txt\): depends on T3/);
  const actions = dashboard.slice(dashboard.indexOf('## Next actions'), dashboard.indexOf('## Cost'));
  assert.match(actions, /`baton approve later`/);
  assert.match(actions, /`baton retry dash T3`/);
  assert.doesNotMatch(actions, /baton run dash|baton complete dash/);
  const cost = dashboard.slice(dashboard.indexOf('## Cost'));
  assert.match(cost, /^\$0\.2500 in 1 model call\(s\)\./m);
  assert.match(cost, /\| dash \| 1 \| 1000 \| 50 \| \$0\.2500 \|/);
  assert.match(cost, /\| openai:gpt-test \| 1 \| 1000 \| 50 \| \$0\.2500 \|/);

  // baton's own file is neither an executor's change (no round failed for it) nor merged.
  assert.doesNotMatch(result.stdout + result.stderr, /PROJECT_DASHBOARD/);
  const merged = runBaton(run.repository, ['events', '--plan', 'dash', '--json'], { env: run.env });
  assert.doesNotMatch(merged.stdout, /PROJECT_DASHBOARD/);

  // On demand, elsewhere; a run again (T3 still blocked) rewrites the default file without failing T1.
  const onDemand = runBaton(run.repository, ['dashboard', '--out', 'docs-dashboard.md', '--json']);
  assert.equal(onDemand.status, 0, onDemand.stderr);
  const answer = JSON.parse(onDemand.stdout);
  assert.equal(answer.file, path.join(run.repository, 'docs-dashboard.md'));
  assert.deepEqual(
    answer.nextActions.map((action: { command: string }) => action.command),
    ['baton approve later', 'baton retry dash T3'],
  );
});

test('a dashboard written while an executor works is not counted as its change', async (t) => {
  const gate = path.join('/tmp', `baton-dashboard-gate-${process.pid}-${Date.now()}`);
  const run = makeRunRepository(t, 'guarded', [{ id: 'T1', files: ['one.txt'] }], {
    scenario: { T1: { waitFor: [gate] } },
  });
  t.after(() => {
    try {
      writeFileSync(gate, '');
    } catch {}
  });
  const { startBaton } = await import('../support/cli.ts');
  const running = startBaton(run.repository, ['run', 'guarded', ...scriptedBackends], { env: run.env });
  const { waitFor } = await import('../runner/support/run-repository.ts');
  await waitFor(() => run.readLog().some((entry) => entry.what === 'start'));
  const written = runBaton(run.repository, ['dashboard']);
  assert.equal(written.status, 0, written.stderr);
  writeFileSync(gate, '');
  const result = await running;
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.doesNotMatch(result.stdout, /main checkout/);
  assert.match(
    readFileSync(path.join(run.repository, 'PROJECT_DASHBOARD.md'), 'utf8'),
    /\| T1 \| .* \| done \| 1 \|/,
  );
});
