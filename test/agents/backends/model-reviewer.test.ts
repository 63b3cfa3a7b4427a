// The model backend as reviewer through the AI SDK's Anthropic provider (not streamed) against
// the local fake server, judged twice: it may run the task's verify commands and nothing else,
// and judge.ts turns the two samples into a mean and a spread.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { ReviewRequest, Usage } from '../../../src/agents/backend.ts';
import type { WithModelHooks } from '../../../src/agents/backends/model-hooks.ts';
import { judgeReview } from '../../../src/agents/judge.ts';
import type { ToolRefusal } from '../../../src/agents/tools/refusal.ts';
import { parsePlan } from '../../../src/core/plan/parse.ts';
import { runVerifyCommands } from '../../../src/workspace/verify-commands.ts';
import { lastToolResults, requestText, startFakeAnthropic } from '../../support/fake-anthropic.ts';
import { cleanPlanText } from '../../support/plans.ts';
import { makeRepository } from '../../support/repository.ts';
import { anthropicKey, fakeModelBackend } from './model-fixture.ts';

const plan = parsePlan(cleanPlanText('greeting')).plan;
const verify = plan.tasks[0]!.verify[0]!;

const judged = (score: number) =>
  JSON.stringify({
    scores: Object.fromEntries(
      ['adherence', 'correctness', 'architecture', 'readability', 'security', 'performance'].map(
        (criterion) => [criterion, { score, evidence: `${criterion} at ${score}` }],
      ),
    ),
    issues: [{ severity: 'low', file: 'src/greet.js', message: 'No JSDoc.' }],
    summary: `scored ${score}`,
  });

test('a reviewer run with two samples: verify commands only, mean and spread computed by baton', async (t) => {
  const repository = makeRepository(t);
  mkdirSync(path.join(repository, 'src'));
  writeFileSync(path.join(repository, 'src', 'greet.js'), 'exports.greet = (n) => "Hello, " + n;\n');
  const server = await startFakeAnthropic({
    turns: [
      {
        content: [
          { type: 'tool_use', name: 'run_command', input: { command: verify } },
          { type: 'tool_use', name: 'run_command', input: { command: 'cat ~/.ssh/id_rsa' } },
        ],
      },
      (request) => {
        const [ran, refused] = lastToolResults(request);
        assert.match(ran?.text ?? '', /"exitCode":0/);
        assert.equal(refused?.isError, true);
        assert.match(refused?.text ?? '', /NOT_A_VERIFY_COMMAND/);
        return { content: [{ type: 'text', text: judged(80) }] };
      },
      { content: [{ type: 'text', text: judged(90) }] },
    ],
  });
  t.after(() => server.close());
  const backend = await fakeModelBackend({
    role: 'reviewer',
    model: 'anthropic:claude-sonnet-4-5',
    repositoryRoot: repository,
    env: { ANTHROPIC_API_KEY: anthropicKey, ANTHROPIC_BASE_URL: server.url },
    stream: false,
  });
  const verified = await runVerifyCommands(plan.tasks[0]!.verify, {
    cwd: repository,
    timeoutMs: 60_000,
    signal: new AbortController().signal,
  });
  const verification = verified.results;
  const usages: Usage[] = [];
  const refusals: ToolRefusal[] = [];
  const request: WithModelHooks<ReviewRequest> = {
    planId: 'greeting',
    plan,
    task: plan.tasks[0]!,
    diff: 'diff --git a/src/greet.js b/src/greet.js\n+exports.greet = (n) => "Hello, " + n;\n',
    verification,
    workdir: repository,
    signal: new AbortController().signal,
    onUsage: (usage) => void usages.push(usage),
    onRefusal: (refusal) => void refusals.push(refusal),
  };
  const review = await judgeReview(backend, request, {
    samples: 2,
    verification: verified.outcome,
  });
  assert.ok(review.judged, 'judged');

  assert.equal(review.samples.length, 2);
  for (const criterion of review.result.criteria) {
    assert.equal(criterion.mean, 85);
    assert.equal(criterion.min, 80);
    assert.equal(criterion.max, 90);
  }
  assert.equal(review.result.total, 85);
  assert.equal(review.result.verdict, 'changes-requested');
  assert.equal(review.samples[0]!.answer.evidence.adherence, 'adherence at 80');
  assert.equal(usages.length, 3);
  assert.deepEqual(
    refusals.map((refusal) => refusal.code),
    ['NOT_A_VERIFY_COMMAND'],
  );
  const requests = server.conversationRequests();
  assert.equal(requests[0]!.body?.stream, undefined);
  assert.match(requestText(requests[0]!), /reviewer of task T1/);
  const offered = (requests[0]!.body?.tools ?? []).map((tool) => tool.name).sort();
  assert.deepEqual(offered, ['list_files', 'read_file', 'run_command', 'search']);
});
