// The real Claude Code CLI, headless, with baton's MCP server from `baton mcp install --client
// claude-code` passed as --mcp-config, against the fake Anthropic server: the scripted model
// posts a pool entry, claims a file, starts a task, writes it in the task's worktree that the
// start returned and reports it done: it is merged into the plan's integration branch. The store
// has all of it afterwards, and a second client (another instance, through the Inspector) sees
// the claim and is kept out by it.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { taskWorktree } from '../../../src/runner/integration-branch.ts';
import { worktreesRoot } from '../../../src/workspace/worktrees.ts';
import { claudeUnavailable, describeRun, runClaude } from '../../support/claude-code.ts';
import { allToolResults, type ScriptedTurn, startFakeAnthropic } from '../../support/fake-anthropic.ts';
import { git } from '../../support/repository.ts';
import { answerOf, callTool, errorOf, makeMcpScratch } from './mcp-scratch.ts';

const use = (name: string, input: Record<string, unknown>): ScriptedTurn => ({
  content: [{ type: 'tool_use', name, input }],
});

test('Claude Code through baton mcp: pool entry, claim and a task done land in the store', {
  skip: claudeUnavailable,
}, async (t) => {
  const scratch = makeMcpScratch(t);
  const install = scratch.baton(['mcp', 'install', '--client', 'claude-code', '--instance', 'C', '--json']);
  assert.equal(install.status, 0, install.stderr);
  const configFile = path.join(scratch.repository, '.mcp.json');
  assert.equal(JSON.parse(install.stdout).file, configFile);
  assert.equal(JSON.parse(readFileSync(configFile, 'utf8')).mcpServers.baton.env.BATON_INSTANCE, 'C');
  // The project's MCP config is committed, as a team shares it (and it is no task's change).
  git(scratch.repository, 'add', '.mcp.json');
  git(scratch.repository, 'commit', '-q', '-m', 'baton as an MCP server');
  // Where `tasks start` puts T1's worktree (the scripted model writes there; Claude Code may).
  const worktrees = worktreesRoot(scratch.repository, undefined);
  const worktree = taskWorktree(worktrees, 'greeting', 'T1');
  const server = await startFakeAnthropic({
    turns: [
      use('mcp__baton__pool', {
        action: 'post',
        kind: 'started',
        topic: 'greeting',
        summary: 'Claude Code on T1',
      }),
      use('mcp__baton__claims', { action: 'claim', paths: ['README.md'], reason: 'docs next' }),
      use('mcp__baton__tasks', { action: 'start', plan: 'greeting', task: 'T1' }),
      use('Write', {
        file_path: path.join(worktree, 'src/greet.js'),
        content: 'exports.greet = (name) => "Hello, " + name;\n',
      }),
      use('mcp__baton__tasks', { action: 'done', plan: 'greeting', task: 'T1' }),
      { content: [{ type: 'text', text: 'T1 is done.' }] },
    ],
  });
  t.after(() => server.close());
  const run = await runClaude({
    cwd: scratch.repository,
    home: scratch.home,
    server,
    prompt: 'Work on the greeting plan through baton.',
    allowedTools: ['Write', 'mcp__baton__pool', 'mcp__baton__claims', 'mcp__baton__tasks'],
    args: ['--mcp-config', configFile, '--strict-mcp-config', '--add-dir', worktrees],
    timeoutMs: 120_000,
  });
  assert.equal(run.status, 0, describeRun(run));
  assert.equal(server.remainingTurns(), 0, describeRun(run));
  const results = allToolResults(server.conversationRequests().at(-1)!);
  assert.equal(results.length, 5, describeRun(run));
  for (const result of results) assert.equal(result.isError, false, result.text);
  assert.ok(results[2]!.text.includes(JSON.stringify(worktree).slice(1, -1)), results[2]!.text);
  assert.match(results[4]!.text, /"accepted":true/);
  // Merged into the plan's integration branch; the person's checkout is untouched.
  assert.match(git(scratch.repository, 'show', 'baton/greeting:src/greet.js'), /Hello, /);
  assert.equal(existsSync(path.join(scratch.repository, 'src/greet.js')), false);

  // The store has them: the entry, the claim and the task state, all as instance C.
  const pool = JSON.parse(scratch.baton(['pool', 'query', '--instance', 'C', '--json']).stdout);
  // Newest first: the hand-off's milestones, posted as the caller as a run posts its own, and the model's entry.
  const summaries = pool.entries.map((entry: { summary: string }) => entry.summary);
  assert.match(summaries[0], /^merged into baton\/greeting/);
  assert.equal(summaries.at(-1), 'Claude Code on T1');
  const claims = JSON.parse(scratch.baton(['claims', '--json']).stdout).claims;
  assert.deepEqual(
    claims.map((claim: { instance: string; pattern: string }) => `${claim.instance} ${claim.pattern}`),
    ['C README.md'],
  );
  const show = JSON.parse(scratch.baton(['show', 'greeting', '--json']).stdout);
  const runs = show.runs ?? show.plan?.runs;
  assert.ok(
    JSON.stringify(runs).includes('"taskId":"T1"') && JSON.stringify(runs).includes('"state":"done"'),
    JSON.stringify(show),
  );

  // A second client, instance D, sees C's claim and is kept out of the file.
  const seen = answerOf(await callTool(scratch, 'claims', { action: 'list' }, { instance: 'D' }));
  assert.ok((seen.claims as Array<{ instance: string }>).some((claim) => claim.instance === 'C'));
  assert.match(
    errorOf(await callTool(scratch, 'claims', { action: 'claim', paths: ['README.md'] }, { instance: 'D' })),
    /CLAIM_HELD/,
  );
});
