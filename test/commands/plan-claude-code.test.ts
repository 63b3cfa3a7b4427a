// `baton plan` with the claude-code planner: the real Claude Code CLI against the local fake
// Anthropic server. The planner's answer is the plan in Markdown; it is linted and lands in
// review. A write the "model" attempts is kept from the disk (the planner's tools and hooks).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { openStore } from '../../src/store/store.ts';
import { claudeEnvironment, claudeUnavailable } from '../support/claude-code.ts';
import { runBaton, startBaton } from '../support/cli.ts';
import { requestText, startFakeAnthropic } from '../support/fake-anthropic.ts';
import { cleanPlanText } from '../support/plans.ts';
import { makeRepository, makeTemporaryDirectory } from '../support/repository.ts';

describe('baton plan through the real Claude Code CLI', { skip: claudeUnavailable }, () => {
  test('the Markdown plan lands in review; the planner cannot write source', {
    timeout: 120_000,
  }, async (t) => {
    const repository = makeRepository(t);
    const home = makeTemporaryDirectory(t, 'baton-home-');
    assert.equal(runBaton(repository, ['init'], { env: { HOME: home } }).status, 0);
    const source = path.join(repository, 'src', 'greet.js');
    const server = await startFakeAnthropic({
      turns: [
        { content: [{ type: 'tool_use', name: 'Write', input: { file_path: source, content: 'x\n' } }] },
        { content: [{ type: 'text', text: `\`\`\`markdown\n${cleanPlanText('something-else')}\`\`\`` }] },
      ],
    });
    t.after(() => server.close());
    const result = await startBaton(
      repository,
      [
        'plan',
        'Add a greeting module',
        '--id',
        'greeting',
        '--no-interview',
        '--planner',
        'claude-code',
        '--json',
      ],
      {
        env: claudeEnvironment(home, server.url),
      },
    );
    assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
    const answer = JSON.parse(result.stdout) as {
      ok: boolean;
      id: string;
      file: string;
      rounds: number;
      planner: string;
    };
    assert.equal(answer.ok, true);
    assert.equal(answer.rounds, 1);
    assert.match(answer.planner, /claude-code/);
    const plan = readFileSync(path.join(repository, '.baton', 'plans', 'review', 'greeting.md'), 'utf8');
    assert.match(plan, /^---\nid: greeting\n/);
    assert.match(plan, /### T1: Create the greeting/);
    assert.equal(runBaton(repository, ['lint', 'greeting']).status, 0);
    assert.equal(existsSync(source), false, 'the planner wrote source');
    const first = server.conversationRequests()[0];
    assert.ok(first);
    assert.match(requestText(first), /You are the planner/);
    assert.match(requestText(first), /Add a greeting module/);
    const store = await openStore({ url: path.join(repository, '.baton', 'baton.db') });
    try {
      const usage = await store.db.selectFrom('usage').selectAll().execute();
      assert.equal(usage.length, 1);
      assert.equal(usage[0]!.role, 'planner');
      assert.equal(usage[0]!.backend, 'claude-code');
      assert.equal(usage[0]!.plan_id, 'greeting');
    } finally {
      await store.close();
    }
  });
});
