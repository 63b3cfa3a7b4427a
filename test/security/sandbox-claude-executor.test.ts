// An executor baton starts through the claude-code backend, with the real Claude Code CLI and
// its Bash sandbox on (sandbox: required), in a task worktree: a scripted model tries to write
// outside the worktree and into git's, baton's and Claude Code's own files by every means a
// shell offers; each attempt fails, and each honest write inside the worktree succeeds. baton's
// hooks run outside the sandbox, so they still write the store (an edit-denied event here).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { createBackend } from '../../src/agents/backends/load-backend.ts';
import { selectBackend } from '../../src/agents/select-backend.ts';
import { openStore } from '../../src/store/store.ts';
import { claudeSandboxAvailability } from '../../src/workspace/sandbox/availability.ts';
import { greetingRequest } from '../agents/backends/execute-request.ts';
import { claudeBin, claudeEnvironment, claudeUnavailable } from '../support/claude-code.ts';
import { childEnvironment } from '../support/cli.ts';
import { lastToolResults, type ScriptedTurn, startFakeAnthropic } from '../support/fake-anthropic.ts';
import {
  breaches,
  executorAttempts,
  executorControls,
  makeLayout,
  missingControls,
} from './sandbox-fixture.ts';

const sandboxMissing = claudeSandboxAvailability().available
  ? undefined
  : `Claude Code's sandbox is not available here (${claudeSandboxAvailability().missing.join('; ')})`;
const skip = claudeUnavailable ?? sandboxMissing;
if (skip) process.stderr.write(`notice: ${skip}: confined Claude Code tests skipped\n`);

const bash = (command: string): ScriptedTurn => ({
  content: [{ type: 'tool_use', name: 'Bash', input: { command, description: 'try' } }],
});

describe('a Claude Code executor under the sandbox', { skip }, () => {
  test('every write outside its worktree fails, every honest write inside succeeds', async (t) => {
    const layout = makeLayout(t);
    const attempts = executorAttempts(layout);
    const controls = executorControls(layout);
    const declared = path.join(layout.worktree, 'src', 'ok.js');
    const undeclared = path.join(layout.worktree, 'src', 'other.js');
    const commands = [...attempts.map((a) => a.command), ...controls.map((c) => c.command)];
    const server = await startFakeAnthropic({
      turns: [
        ...commands.map(bash),
        // The Write tool is the hooks' to decide: a file outside the declared ones is denied
        // (and recorded in the store by the hook, which runs outside the sandbox).
        { content: [{ type: 'tool_use', name: 'Write', input: { file_path: undeclared, content: 'x\n' } }] },
        { content: [{ type: 'text', text: 'Done.' }] },
      ],
    });
    t.after(() => server.close());
    const env = childEnvironment(claudeEnvironment(layout.home, server.url));
    const descriptor = await selectBackend({
      role: 'executor',
      config: {
        roles: { executor: { backend: 'claude-code', command: claudeBin, args: [], timeout: 240_000 } },
      },
    });
    const executor = await createBackend(descriptor, {
      repositoryRoot: layout.repository,
      storeUrl: layout.store,
      env,
      sandbox: { mode: 'required' },
    });
    const { request } = greetingRequest(
      layout.worktree,
      ['src/ok.js', 'README.md', 'ok.py', 'build/**'],
      path.join(layout.repository, '.baton', 'BUILD.md'),
    );
    const outcome = await executor.execute!({ ...request, instance: 'exec-1' });
    assert.equal(outcome.status, 'finished', JSON.stringify(outcome));
    assert.equal(server.remainingTurns(), 0, 'the session ended before the script did');

    assert.deepEqual(breaches(attempts), [], 'an attempt got through');
    assert.deepEqual(missingControls(controls), [], 'an honest write inside the worktree failed');
    assert.equal(readFileSync(declared, 'utf8'), 'honest\n');

    // The attempts met the sandbox's read-only mounts (not only a hook): most say so in their
    // answer (others are refused by Claude Code itself, e.g. .git/config as a sensitive file).
    const results = server
      .conversationRequests()
      .slice(1, attempts.length + 1)
      .map((request) => lastToolResults(request)[0]);
    const readOnly = results.filter((result) =>
      /Read-only file system|readonly database|Permission denied|unable to open/i.test(result?.text ?? ''),
    );
    assert.ok(
      readOnly.length >= attempts.length / 2,
      `only ${readOnly.length} of ${attempts.length} attempts met the sandbox:\n${results.map((r) => r?.text).join('\n---\n')}`,
    );

    const store = await openStore({ url: layout.store });
    try {
      const denied = await store.db
        .selectFrom('events')
        .selectAll()
        .where('kind', '=', 'edit-denied')
        .execute();
      assert.equal(denied.length, 1, 'the hook could not record the denial in the store');
      const forged = await store.db
        .selectFrom('events')
        .selectAll()
        .where('kind', '=', 'sandbox-breach')
        .execute();
      assert.equal(forged.length, 0);
    } finally {
      await store.close();
    }
  });
});
