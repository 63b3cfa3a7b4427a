// The real Codex CLI, headless (`codex exec`), with baton's server from `baton mcp install
// --client codex --scope user` merged into its config, against the fake Responses server: the
// scripted model posts a pool entry, claims a file, starts a task, writes it with a shell
// command in the task's worktree that the start returned and reports it done (merged into the
// plan's integration branch); the store has them afterwards and a second client sees the claim.
// Without the approval mode that install writes, headless Codex in its workspace-write sandbox
// refuses the MCP tool call (a pool post here: "requires approval, but approval policy is
// never"), so nothing reaches baton: shown first. Last, a Claude Code executor's claim keeps
// Codex from starting the task that declares the claimed file.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { taskWorktree } from '../../../src/runner/integration-branch.ts';
import { worktreesRoot } from '../../../src/workspace/worktrees.ts';
import { claudeUnavailable, describeRun, runClaude } from '../../support/claude-code.ts';
import { childEnvironment } from '../../support/cli.ts';
import { codexEnvironment, codexUnavailable } from '../../support/codex-cli.ts';
import { startFakeAnthropic } from '../../support/fake-anthropic.ts';
import {
  type ResponsesRequest,
  type ResponsesTurn,
  startFakeResponses,
} from '../../support/fake-openai-responses.ts';
import { collectOutput, type ProcessOutput } from '../../support/processes.ts';
import { git, makeTemporaryDirectory } from '../../support/repository.ts';
import { answerOf, callTool, errorOf, makeMcpScratch } from './mcp-scratch.ts';

const call = (name: string, args: Record<string, unknown>): ResponsesTurn => ({
  calls: [{ namespace: 'mcp__baton', name, arguments: args }],
});

/** What Codex sent back for each of baton's tools called in the run the request belongs to, in order. */
function batonOutputs(request: ResponsesRequest): string[] {
  const input = request.body.input ?? [];
  return input
    .filter(
      (item) => item.type === 'function_call' && (item as { namespace?: string }).namespace === 'mcp__baton',
    )
    .map((call) =>
      JSON.stringify(
        input.find((item) => item.type === 'function_call_output' && item.call_id === call.call_id)?.output ??
          '',
      ),
    );
}

function runCodex(
  cwd: string,
  env: Record<string, string>,
  sandbox = 'danger-full-access',
): Promise<ProcessOutput> {
  const child = spawn(
    'codex',
    [
      'exec',
      '--json',
      '--skip-git-repo-check',
      '--sandbox',
      sandbox,
      '-c',
      'mcp_servers.baton.startup_timeout_sec=60',
      'Work on the greeting plan through baton.',
    ],
    { cwd, env: childEnvironment(env), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return collectOutput(child, 120_000);
}

test('Codex through baton mcp: pool entry, claim and a task done land in the store', {
  skip: codexUnavailable,
}, async (t) => {
  const scratch = makeMcpScratch(t);
  const turns: ResponsesTurn[] = [];
  // Headless Codex sends its first request without waiting for its MCP servers to start: until
  // baton's tools are offered, the model waits (a shell `sleep`) instead of taking a turn.
  const offersBaton = (request: ResponsesRequest) =>
    (request.body.tools ?? []).some((tool) => tool.name === 'mcp__baton');
  const server = await startFakeResponses({
    answer: (request) =>
      offersBaton(request) ? (turns.shift() ?? { text: 'Done.' }) : { commands: ['sleep 1'] },
  });
  t.after(() => server.close());
  // Codex's own home: the fake provider, then baton merged in by `mcp install --scope user`.
  const base = codexEnvironment(t, server);
  const home = makeTemporaryDirectory(t, 'baton-codex-user-');
  mkdirSync(path.join(home, '.codex'));
  const configFile = path.join(home, '.codex', 'config.toml');
  writeFileSync(configFile, readFileSync(path.join(base.CODEX_HOME!, 'config.toml')));
  const install = scratch.baton(
    ['mcp', 'install', '--client', 'codex', '--scope', 'user', '--instance', 'X'],
    { HOME: home },
  );
  assert.equal(install.status, 0, install.stderr);
  const config = readFileSync(configFile, 'utf8');
  assert.match(config, /^model_provider = "fake"$/m, 'the provider settings were kept');
  assert.match(config, /^\[mcp_servers\.baton\]$/m);
  const env = { ...base, HOME: home, CODEX_HOME: path.join(home, '.codex') };

  await t.test('without the approval mode install writes, headless Codex refuses the call', async () => {
    writeFileSync(configFile, config.replace(/^default_tools_approval_mode = .*$/m, ''));
    turns.push(call('pool', { action: 'post', kind: 'note', topic: 'refused', summary: 'never posted' }), {
      text: 'no.',
    });
    const run = await runCodex(scratch.repository, env, 'workspace-write');
    assert.equal(run.status, 0, run.stderr);
    assert.match(
      batonOutputs(server.requests.at(-1)!)[0]!,
      /requires approval, but approval policy is never/,
    );
    assert.equal(JSON.parse(scratch.baton(['pool', 'query', '--json']).stdout).entries.length, 0);
    writeFileSync(configFile, config);
  });

  await t.test('with it, the scripted model works a task through baton', async () => {
    const worktree = taskWorktree(worktreesRoot(scratch.repository, undefined), 'greeting', 'T1');
    turns.push(
      call('pool', { action: 'post', kind: 'started', topic: 'greeting', summary: 'Codex on T1' }),
      call('claims', { action: 'claim', paths: ['README.md'], reason: 'docs next' }),
      call('tasks', { action: 'start', plan: 'greeting', task: 'T1' }),
      {
        commands: [
          `cd ${worktree} && mkdir -p src && printf '%s\\n' 'exports.greet = (name) => "Hello, " + name;' > src/greet.js`,
        ],
      },
      call('tasks', { action: 'done', plan: 'greeting', task: 'T1' }),
      { text: 'T1 is done.' },
    );
    const run = await runCodex(scratch.repository, env);
    assert.equal(run.status, 0, run.stderr);
    const outputs = batonOutputs(server.requests.at(-1)!);
    assert.equal(turns.length, 0, outputs.join('\n'));
    assert.match(outputs[0]!, /posted/);
    assert.match(outputs[1]!, /README\.md/);
    assert.match(outputs[2]!, /running/);
    assert.ok(outputs[2]!.includes(worktree), outputs[2]);
    assert.match(outputs[3]!, /\\"accepted\\":true/, outputs[3]);
    assert.match(git(scratch.repository, 'show', 'baton/greeting:src/greet.js'), /Hello, /);

    const pool = JSON.parse(scratch.baton(['pool', 'query', '--instance', 'X', '--json']).stdout);
    // Newest first: the hand-off's milestones, posted as the caller as a run posts its own, and the model's entry.
    const summaries = pool.entries.map((entry: { summary: string }) => entry.summary);
    assert.match(summaries[0], /^merged into baton\/greeting/);
    assert.equal(summaries.at(-1), 'Codex on T1');
    const claims = JSON.parse(scratch.baton(['claims', '--json']).stdout).claims;
    assert.deepEqual(
      claims.map((claim: { instance: string; pattern: string }) => `${claim.instance} ${claim.pattern}`),
      ['X README.md'],
    );
    const show = JSON.parse(scratch.baton(['show', 'greeting', '--json']).stdout);
    assert.match(JSON.stringify(show), /"taskId":"T1","state":"done"/);
    const seen = answerOf(await callTool(scratch, 'claims', { action: 'list' }, { instance: 'D' }));
    assert.ok((seen.claims as Array<{ instance: string }>).some((claim) => claim.instance === 'X'));
    assert.match(
      errorOf(
        await callTool(scratch, 'claims', { action: 'claim', paths: ['README.md'] }, { instance: 'D' }),
      ),
      /CLAIM_HELD/,
    );
  });
  await t.test(
    "a Claude Code executor claims T2's file; Codex cannot start T2",
    { skip: claudeUnavailable },
    async () => {
      assert.equal(scratch.baton(['mcp', 'install', '--client', 'claude-code', '--instance', 'C']).status, 0);
      const claude = await startFakeAnthropic({
        turns: [
          {
            content: [
              {
                type: 'tool_use',
                name: 'mcp__baton__claims',
                input: { action: 'claim', paths: ['test/greet.test.js'] },
              },
            ],
          },
          { content: [{ type: 'text', text: 'Claimed.' }] },
        ],
      });
      t.after(() => claude.close());
      const run = await runClaude({
        cwd: scratch.repository,
        home: makeTemporaryDirectory(t, 'baton-claude-home-'),
        server: claude,
        prompt: 'Claim the test file.',
        allowedTools: ['mcp__baton__claims'],
        args: ['--mcp-config', path.join(scratch.repository, '.mcp.json'), '--strict-mcp-config'],
        timeoutMs: 120_000,
      });
      assert.equal(claude.remainingTurns(), 0, describeRun(run));
      turns.push(call('tasks', { action: 'start', plan: 'greeting', task: 'T2' }), {
        text: 'Held by another.',
      });
      assert.equal((await runCodex(scratch.repository, env)).status, 0);
      const outputs = batonOutputs(server.requests.at(-1)!);
      assert.match(outputs[0]!, /CLAIM_HELD: test\/greet\.test\.js .*instance C/);
      const show = JSON.parse(scratch.baton(['show', 'greeting', '--json']).stdout);
      assert.doesNotMatch(JSON.stringify(show), /"taskId":"T2"/);
    },
  );
});
