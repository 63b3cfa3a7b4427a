// `baton plan` through the real binary with a model planner (the AI SDK's Anthropic provider)
// against the local fake Messages server. The fake server lives in this process: a child that
// talks to it must be started with startBaton (spawnSync would block the server's event loop).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import { openStore } from '../../src/store/store.ts';
import { runBaton, startBaton } from '../support/cli.ts';
import { requestText, startFakeAnthropic, type TurnScript } from '../support/fake-anthropic.ts';
import { planAnswerText } from '../support/planner-answers.ts';
import { makeRepository } from '../support/repository.ts';

const apiKey = 'sk-ant-test-key-that-must-not-leak-0123456789';

async function setUp(t: TestContext, turns: TurnScript[], config = '') {
  const repository = makeRepository(t);
  assert.equal(runBaton(repository, ['init']).status, 0);
  writeFileSync(path.join(repository, 'package.json'), '{"name":"greeting","type":"commonjs"}\n');
  if (config !== '') writeFileSync(path.join(repository, '.baton', 'config.yaml'), config, { flag: 'a' });
  const server = await startFakeAnthropic({ turns });
  t.after(() => server.close());
  const env = { ANTHROPIC_API_KEY: apiKey, ANTHROPIC_BASE_URL: server.url, PATH: process.env.PATH };
  return { repository, server, env };
}

async function storeRows(repository: string) {
  const store = await openStore({ url: path.join(repository, '.baton', 'baton.db') });
  try {
    return {
      usage: await store.db.selectFrom('usage').selectAll().execute(),
      events: await store.db.selectFrom('events').selectAll().execute(),
    };
  } finally {
    await store.close();
  }
}

const text = (value: string): TurnScript => ({ content: [{ type: 'text', text: value }] });

test('baton plan: explore, a plan with a lint error, the error back to the planner, a lint-clean plan in review', {
  timeout: 60_000,
}, async (t) => {
  const { repository, server, env } = await setUp(t, [
    { content: [{ type: 'tool_use', name: 'list_files', input: {} }] },
    { content: [{ type: 'tool_use', name: 'write_file', input: { path: 'src/x.js', content: 'x' } }] },
    text(planAnswerText({ unknownDependency: true })),
    text(planAnswerText()),
  ]);
  const result = await startBaton(
    repository,
    [
      'plan',
      'Add a greeting module',
      '--id',
      'greeting',
      '--no-interview',
      '--planner',
      'anthropic:claude-sonnet-4-5',
    ],
    { env },
  );
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  const file = path.join(repository, '.baton', 'plans', 'review', 'greeting.md');
  const plan = readFileSync(file, 'utf8');
  assert.match(plan, /^---\nid: greeting\n/);
  assert.match(plan, /## Gap Analysis\n\n- No test runner is configured/);
  assert.match(plan, /- \*\*Dependencies\*\*: T1/);
  assert.equal(runBaton(repository, ['lint', 'greeting']).status, 0);
  assert.match(result.stdout, /planned \.baton\/plans\/review\/greeting\.md \(in review\)/);
  assert.match(result.stdout, /baton approve greeting/);
  assert.match(result.stdout, /2 rounds, 4 model calls/);
  assert.match(result.stdout, /no interview/);

  const requests = server.conversationRequests();
  assert.equal(requests.length, 4);
  // The planner is handed read tools only.
  const offered = (requests[0]!.body?.tools ?? []).map((tool) => tool.name).sort();
  assert.deepEqual(offered, ['list_files', 'read_file', 'report_blocked', 'search']);
  assert.match(requestText(requests[0]!), /Add a greeting module/);
  assert.match(requestText(requests[0]!), /Assumption:/);
  // The write it tried anyway was refused, in its next request.
  assert.match(requestText(requests[2]!), /NOT_PERMITTED|may not use write_file/);
  // The second plan was asked for with the first one's lint error.
  const second = requestText(requests[3]!);
  assert.match(second, /PLAN_UNKNOWN_DEPENDENCY/);
  assert.match(second, /T2 depends on T9, which is not a task in this plan/);

  const { usage, events } = await storeRows(repository);
  assert.equal(usage.length, 4);
  for (const row of usage) {
    assert.equal(row.role, 'planner');
    assert.equal(row.plan_id, 'greeting');
    assert.equal(row.model, 'anthropic:claude-sonnet-4-5');
    assert.ok((row.cost_usd ?? 0) > 0);
  }
  const refused = events.filter((event) => event.kind === 'tool-refused');
  assert.equal(refused.length, 1);
  const createdEvent = events.find((event) => event.kind === 'plan-created');
  assert.match(createdEvent?.data ?? '', /"source":"planner"/);

  // The key reached the server (it is how the provider authenticates) and nothing else.
  assert.equal(requests[0]!.headers['x-api-key'], apiKey);
  const everything = JSON.stringify({ usage, events }) + result.stdout + result.stderr + plan;
  assert.equal(everything.includes(apiKey), false, 'the API key leaked into the store or the output');
});

test('baton plan: a budget stop refuses the next call cleanly — usage of what ran, no plan file', {
  timeout: 60_000,
}, async (t) => {
  const { repository, server, env } = await setUp(
    t,
    [{ content: [{ type: 'tool_use', name: 'list_files', input: {} }] }, text(planAnswerText())],
    'budget:\n  plan_usd: 0.0001\n',
  );
  const result = await startBaton(
    repository,
    [
      'plan',
      'Add a greeting module',
      '--id',
      'greeting',
      '--no-interview',
      '--planner',
      'anthropic:claude-sonnet-4-5',
      '--json',
    ],
    { env },
  );
  assert.equal(result.status, 1, `${result.stdout}\n${result.stderr}`);
  const answer = JSON.parse(result.stdout) as { ok: boolean; error: { code: string; message: string } };
  assert.equal(answer.ok, false);
  assert.equal(answer.error.code, 'BUDGET_EXCEEDED');
  assert.equal(server.conversationRequests().length, 1, 'the second call was made');
  assert.deepEqual(readdirSync(path.join(repository, '.baton', 'plans', 'review')), []);
  const { usage, events } = await storeRows(repository);
  assert.equal(usage.length, 1);
  assert.equal(usage[0]!.plan_id, 'greeting');
  assert.equal(events.filter((event) => event.kind === 'plan-created').length, 0);
});

test('baton plan: a missing key is exit 3 naming the variable; a key given never shows in errors', {
  timeout: 60_000,
}, async (t) => {
  const { repository } = await setUp(t, []);
  const missing = runBaton(repository, ['plan', 'Anything', '--planner', 'anthropic:claude-sonnet-4-5'], {
    env: { ANTHROPIC_API_KEY: undefined },
  });
  assert.equal(missing.status, 3);
  assert.match(missing.stderr, /ANTHROPIC_API_KEY is not set/);

  // The server refuses the key: the error names the failure, never the key.
  const refusing = await startFakeAnthropic({
    turns: [{ fail: { status: 401, message: `invalid x-api-key ${apiKey}` } }],
  });
  t.after(() => refusing.close());
  const rejected = await startBaton(
    repository,
    ['plan', 'Anything', '--no-interview', '--planner', 'anthropic:claude-sonnet-4-5'],
    {
      env: { ANTHROPIC_API_KEY: apiKey, ANTHROPIC_BASE_URL: refusing.url },
    },
  );
  assert.equal(rejected.status, 1, rejected.stderr);
  assert.match(rejected.stderr, /BACKEND_FAILED/);
  assert.match(rejected.stderr, /HTTP 401/);
  assert.equal(rejected.stderr.includes(apiKey), false, rejected.stderr);
  assert.equal(rejected.stdout.includes(apiKey), false);
  assert.equal(existsSync(path.join(repository, '.baton', 'plans', 'review', 'anything.md')), false);
});
