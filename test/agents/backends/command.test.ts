// The command backend for real: bash scripts as executor, reviewer and planner.
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import type { Backend, ExecuteRequest, ReviewRequest } from '../../../src/agents/backend.ts';
import { createBackend } from '../../../src/agents/backends/load-backend.ts';
import { selectBackend } from '../../../src/agents/select-backend.ts';
import { parsePlan } from '../../../src/core/plan/parse.ts';
import { cleanPlanText } from '../../support/plans.ts';
import { makeTemporaryDirectory } from '../../support/repository.ts';

const plan = parsePlan(cleanPlanText('greeting')).plan;
const task = plan.tasks[0]!;

function script(t: TestContext, body: string): { directory: string; file: string } {
  const directory = makeTemporaryDirectory(t, 'baton-command-');
  const file = path.join(directory, 'agent.sh');
  writeFileSync(file, `#!/usr/bin/env bash\nset -u\n${body}\n`);
  chmodSync(file, 0o755);
  return { directory, file };
}

async function commandBackend(
  command: string,
  role: 'executor' | 'reviewer' | 'planner' = 'executor',
): Promise<Backend> {
  const descriptor = await selectBackend({ role, config: { roles: undefined }, flag: `command:${command}` });
  return createBackend(descriptor, { repositoryRoot: '/' });
}

function executeRequest(workdir: string, extra: Partial<ExecuteRequest> = {}): ExecuteRequest {
  return {
    planId: 'greeting',
    plan,
    task,
    workdir,
    buildFile: path.join(workdir, 'BUILD_T1.md'),
    round: 1,
    signal: new AbortController().signal,
    ...extra,
  };
}

test('executor: exit 0 is finished; it ran in the task directory with the BATON_ variables', async (t) => {
  const { directory, file } = script(
    t,
    'env | grep ^BATON_ | sort > env.txt; pwd > pwd.txt; echo "export const greet = 1;" > greet.js; echo "wrote greet.js"',
  );
  const backend = await commandBackend(file);
  const outcome = await backend.execute!(
    executeRequest(directory, { round: 2, feedbackFile: '/tmp/feedback.md' }),
  );
  assert.deepEqual(outcome, { status: 'finished', summary: 'wrote greet.js' });
  assert.equal(readFileSync(path.join(directory, 'pwd.txt'), 'utf8').trim(), directory);
  const environment = readFileSync(path.join(directory, 'env.txt'), 'utf8');
  for (const expected of [
    'BATON_AGENT=1',
    'BATON_ROLE=executor',
    'BATON_PLAN=greeting',
    'BATON_TASK=T1',
    'BATON_TASK_FILES=src/greet.js',
    `BATON_BUILD_FILE=${directory}/BUILD_T1.md`,
    'BATON_FEEDBACK_FILE=/tmp/feedback.md',
    'BATON_ROUND=2',
  ])
    assert.match(environment, new RegExp(`^${expected.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`, 'm'));
  assert.match(environment, /^BATON_RESULT_FILE=.+result\.json$/m);
});

test('executor: BATON_FEEDBACK_FILE only when there is feedback (a person may give some for round 1)', async (t) => {
  const { directory, file } = script(t, 'printenv BATON_FEEDBACK_FILE || echo none');
  const backend = await commandBackend(file);
  assert.deepEqual(await backend.execute!(executeRequest(directory)), {
    status: 'finished',
    summary: 'none',
  });
  const withNote = await backend.execute!(executeRequest(directory, { feedbackFile: '/tmp/f.md' }));
  assert.deepEqual(withNote, { status: 'finished', summary: '/tmp/f.md' });
});

test('executor: {"status":"blocked"} in BATON_RESULT_FILE is blocked, with the reason', async (t) => {
  const { directory, file } = script(
    t,
    `printf '{"status":"blocked","reason":"needs the API credentials"}' > "$BATON_RESULT_FILE"; exit 3`,
  );
  const outcome = await (await commandBackend(file)).execute!(executeRequest(directory));
  assert.deepEqual(outcome, { status: 'blocked', reason: 'needs the API credentials' });
});

test('executor: non-zero exit is failed, with the tail of the output and no secrets', async (t) => {
  const { directory, file } = script(
    t,
    'for i in $(seq 1 100); do echo "line $i"; done; echo "boom with $MY_API_KEY" >&2; exit 2',
  );
  const descriptor = await selectBackend({
    role: 'executor',
    config: { roles: undefined },
    flag: `command:${file}`,
  });
  const backend = await createBackend(descriptor, {
    repositoryRoot: '/',
    env: { ...process.env, MY_API_KEY: 'very-secret-value-123' },
  });
  const outcome = await backend.execute!(executeRequest(directory));
  assert.equal(outcome.status, 'failed');
  const reason = (outcome as { reason: string }).reason;
  assert.match(reason, /^exit code 2/);
  assert.match(reason, /line 100/);
  assert.doesNotMatch(reason, /line 1\n/);
  assert.match(reason, /boom with \[redacted MY_API_KEY\]/);
  assert.doesNotMatch(reason, /very-secret-value-123/);
});

test('executor: aborting kills the process group and rejects', async (t) => {
  const { directory, file } = script(t, 'sleep 30 & sleep 30; echo never');
  const controller = new AbortController();
  const running = (await commandBackend(file)).execute!(
    executeRequest(directory, { signal: controller.signal }),
  );
  setTimeout(() => controller.abort(new Error('interrupted')), 200);
  await assert.rejects(running, /interrupted/);
});

test('reviewer: the review request on stdin, the judge JSON from stdout', async (t) => {
  const { directory, file } = script(
    t,
    `cat > request.json; echo '{"scores":{"adherence":90,"correctness":90,"architecture":90,"readability":90,"security":90,"performance":90},"issues":[],"summary":"fine"}'`,
  );
  const backend = await commandBackend(file, 'reviewer');
  const request: ReviewRequest = {
    planId: 'greeting',
    plan,
    task,
    diff: 'diff --git a/src/greet.js b/src/greet.js\n',
    verification: [
      { command: 'true', exitCode: 0, passed: true, timedOut: false, output: '', durationMs: 1 },
    ],
    workdir: directory,
    signal: new AbortController().signal,
  };
  const sample = await backend.review!(request);
  assert.match(sample.text, /"summary":"fine"/);
  const received = JSON.parse(readFileSync(path.join(directory, 'request.json'), 'utf8'));
  assert.equal(received.plan.id, 'greeting');
  assert.equal(received.task.id, 'T1');
  assert.deepEqual(received.task.files, ['src/greet.js']);
  assert.match(received.diff, /src\/greet\.js/);
  assert.equal(received.verification[0].passed, true);
  assert.match(received.answer_format, /"scores"/);
  assert.equal(received.retry, undefined);
});

test('planner: the plan Markdown from stdout', async (t) => {
  const { directory, file } = script(
    t,
    `read -r request; echo '# Plan: from the command'; echo; echo "$request" | grep -o '"plan_id":"[^"]*"'`,
  );
  const backend = await commandBackend(file, 'planner');
  const markdown = await backend.plan!({
    request: 'Add a greeting',
    planId: 'greet-plan',
    repositoryRoot: directory,
    signal: new AbortController().signal,
  });
  assert.equal(markdown, '# Plan: from the command\n\n"plan_id":"greet-plan"\n');
});

test('reviewer and planner commands report usage: "usage" beside the judge answer, BATON_RESULT_FILE for the planner', async (t) => {
  const usage = '"usage":{"input_tokens":1200,"output_tokens":80,"cost_usd":0.02,"model":"openai:gpt-test"}';
  const reviewer = script(
    t,
    `cat > /dev/null; echo '{"scores":{"adherence":90,"correctness":90,"architecture":90,"readability":90,"security":90,"performance":90},"issues":[],"summary":"fine",${usage}}'`,
  );
  const reported: Array<Record<string, unknown>> = [];
  const onUsage = async (entry: object) => {
    reported.push({ ...entry });
  };
  const backend = await commandBackend(reviewer.file, 'reviewer');
  await backend.review!({
    planId: 'greeting',
    plan,
    task,
    diff: '',
    verification: [],
    workdir: reviewer.directory,
    signal: new AbortController().signal,
    onUsage,
  });
  const planner = script(
    t,
    `cat > /dev/null; echo '{${usage.replace('1200', '300')}}' > "$BATON_RESULT_FILE"; echo '# Plan: x'`,
  );
  const planBackend = await commandBackend(planner.file, 'planner');
  await planBackend.plan!({
    request: 'x',
    planId: 'x',
    repositoryRoot: planner.directory,
    signal: new AbortController().signal,
    onUsage,
  });
  assert.deepEqual(
    reported.map((entry) => [entry.inputTokens, entry.outputTokens, entry.costUsd, entry.model]),
    [
      [1200, 80, 0.02, 'openai:gpt-test'],
      [300, 80, 0.02, 'openai:gpt-test'],
    ],
  );
});
