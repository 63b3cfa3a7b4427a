// A planner's Bash under Claude Code's sandbox, with the real CLI against the fake Anthropic
// server. First the sandbox alone (no hooks, so nothing but the sandbox stands in the way): every
// Bash write anywhere in the repository fails, while a read and a write to its private
// temporary folder work. Then a whole `baton claude --role planner` session, hooks and sandbox
// together: the same writes fail, and its plan, written through the Write tool (the hook's to
// decide), is written.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { claudeSandboxSettings } from '../../src/agents/backends/claude-settings.ts';
import { claudeSandboxAvailability } from '../../src/workspace/sandbox/availability.ts';
import {
  claudeBin,
  claudeEnvironment,
  claudeUnavailable,
  describeRun,
  runClaude,
} from '../support/claude-code.ts';
import { startBaton } from '../support/cli.ts';
import { lastToolResults, type ScriptedTurn, startFakeAnthropic } from '../support/fake-anthropic.ts';
import {
  breaches,
  executorAttempts,
  executorControls,
  makeLayout,
  plannerAttempts,
} from './sandbox-fixture.ts';

const skip =
  claudeUnavailable ??
  (claudeSandboxAvailability().available
    ? undefined
    : `Claude Code's sandbox is not available here (${claudeSandboxAvailability().missing.join('; ')})`);
if (skip) process.stderr.write(`notice: ${skip}: confined planner tests skipped\n`);

const bash = (command: string): ScriptedTurn => ({
  content: [{ type: 'tool_use', name: 'Bash', input: { command, description: 'try' } }],
});

describe("a planner's Bash under Claude Code's sandbox", { skip }, () => {
  test('the sandbox alone: every write in the repository fails; reading and its temporary folder work', async (t) => {
    const layout = makeLayout(t);
    const attempts = plannerAttempts(layout, 'demo');
    const server = await startFakeAnthropic({
      turns: [
        ...attempts.map((attempt) => bash(attempt.command)),
        bash('cat README.md'),
        bash('echo scratch > "$TMPDIR/scratch" && cat "$TMPDIR/scratch"'),
        { content: [{ type: 'text', text: 'Done.' }] },
      ],
    });
    t.after(() => server.close());
    const settings = claudeSandboxSettings({
      role: 'planner',
      cwd: layout.repository,
      repositoryRoot: layout.repository,
      storeUrl: layout.store,
      confined: true,
    });
    const run = await runClaude({
      cwd: layout.repository,
      home: layout.home,
      server,
      prompt: 'Plan.',
      allowedTools: ['Bash'],
      args: ['--settings', JSON.stringify(settings)],
      timeoutMs: 180_000,
    });
    assert.equal(run.status, 0, describeRun(run));
    assert.equal(server.remainingTurns(), 0, describeRun(run));
    assert.deepEqual(breaches(attempts), [], 'a Bash write got through the sandbox');
    const requests = server.conversationRequests();
    const read = lastToolResults(requests[attempts.length + 1]!)[0];
    assert.equal(read?.isError, false, read?.text);
    assert.match(read?.text ?? '', /hello/);
    const scratch = lastToolResults(requests[attempts.length + 2]!)[0];
    assert.equal(scratch?.isError, false, scratch?.text);
    assert.match(scratch?.text ?? '', /scratch/);
  });

  test('baton claude --role planner: Bash writes fail, its plan through the Write tool is written', async (t) => {
    const layout = makeLayout(t);
    const attempts = plannerAttempts(layout, 'demo');
    const plan = path.join(layout.repository, '.baton', 'plans', 'review', 'demo.md');
    const planText = '# Plan: demo\n\nA plan written through the Write tool.\n';
    const server = await startFakeAnthropic({
      turns: [
        ...attempts.map((attempt) => bash(attempt.command)),
        { content: [{ type: 'tool_use', name: 'Write', input: { file_path: plan, content: planText } }] },
        { content: [{ type: 'text', text: 'Planned.' }] },
      ],
    });
    t.after(() => server.close());
    const result = await startBaton(
      layout.repository,
      [
        'claude',
        '--role',
        'planner',
        '--instance',
        'planner-1',
        '--plan',
        'demo',
        '--claude',
        claudeBin,
        '--',
        '-p',
        'Plan the demo.',
        '--output-format',
        'json',
        '--allowedTools',
        'Bash,Write',
      ],
      { env: claudeEnvironment(layout.home, server.url) },
    );
    assert.equal(result.status, 0, `${result.stderr}\n${result.stdout.slice(-2000)}`);
    assert.equal(server.remainingTurns(), 0, result.stdout.slice(-2000));
    assert.deepEqual(breaches(attempts), [], 'a Bash write got through');
    assert.ok(existsSync(plan), 'the plan was not written through the Write tool');
    assert.equal(readFileSync(plan, 'utf8'), planText);
  });

  test("the reviewer's sandbox alone: nowhere, not even in the worktree it reviews", async (t) => {
    const layout = makeLayout(t);
    const attempts = [
      ...executorAttempts(layout),
      // The executor's honest writes are the reviewer's attempts.
      ...executorControls(layout).map((control) => ({
        name: `reviewer: ${control.name}`,
        command: control.command,
        breach: () => (control.missing() === undefined ? 'written' : undefined),
      })),
    ];
    const server = await startFakeAnthropic({
      turns: [
        ...attempts.map((attempt) => bash(attempt.command)),
        bash('git status --short && cat README.md'),
        { content: [{ type: 'text', text: 'Reviewed.' }] },
      ],
    });
    t.after(() => server.close());
    const settings = claudeSandboxSettings({
      role: 'reviewer',
      cwd: layout.worktree,
      repositoryRoot: layout.repository,
      storeUrl: layout.store,
      confined: true,
    });
    const run = await runClaude({
      cwd: layout.worktree,
      home: layout.home,
      server,
      prompt: 'Review.',
      allowedTools: ['Bash'],
      args: ['--settings', JSON.stringify(settings)],
      timeoutMs: 240_000,
    });
    assert.equal(run.status, 0, describeRun(run));
    assert.equal(server.remainingTurns(), 0, describeRun(run));
    assert.deepEqual(breaches(attempts), [], 'a Bash write got through the sandbox');
    const read = lastToolResults(server.conversationRequests()[attempts.length + 1]!)[0];
    assert.equal(read?.isError, false, read?.text);
    assert.match(read?.text ?? '', /hello/);
  });
});
