// `baton run --executor claude-code` with the real Claude Code CLI against the local fake
// Anthropic server. The runner claims a task's declared files for the task's instance
// (`run.<plan>.<task>`) and starts the executor session as that instance, so baton's own
// PreToolUse hook lets it write them; a write outside them is still denied, with the reason.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { lastSessionStart } from '../../src/store/sessions.ts';
import { openStore } from '../../src/store/store.ts';
import { makeRunRepository, parseEvents } from '../runner/support/run-repository.ts';
import { claudeEnvironment, claudeUnavailable } from '../support/claude-code.ts';
import { startBaton } from '../support/cli.ts';
import { lastToolResults, type ScriptedTurn, startFakeAnthropic } from '../support/fake-anthropic.ts';
import { git, makeTemporaryDirectory } from '../support/repository.ts';

const write = (filePath: string, content: string): ScriptedTurn => ({
  content: [{ type: 'tool_use', name: 'Write', input: { file_path: filePath, content } }],
});
const say = (text: string): ScriptedTurn => ({ content: [{ type: 'text', text }] });

const judge = (score: number): ScriptedTurn =>
  say(
    JSON.stringify({
      scores: Object.fromEntries(
        ['adherence', 'correctness', 'architecture', 'readability', 'security', 'performance'].map((key) => [
          key,
          score,
        ]),
      ),
      issues: [],
      summary: 'The file holds the line.',
    }),
  );

describe('baton run with the real Claude Code CLI as executor and reviewer', {
  skip: claudeUnavailable,
}, () => {
  test("the executor session writes its task's declared file as the task's instance; the task is merged", {
    timeout: 180_000,
  }, async (t) => {
    const run = makeRunRepository(t, 'solo', [{ id: 'T1', files: ['notes/t1.txt'] }]);
    const home = makeTemporaryDirectory(t, 'baton-home-');
    const worktree = path.join(run.worktrees, 'solo', 'T1');
    const server = await startFakeAnthropic({
      turns: [
        // The executor's session.
        write(path.join(worktree, 'notes', 't1.txt'), 'T1 OK\n'),
        say('Wrote notes/t1.txt.'),
        // The reviewer's session.
        judge(95),
      ],
    });
    t.after(() => server.close());
    const result = await startBaton(
      run.repository,
      ['run', 'solo', '--executor', 'claude-code', '--reviewer', 'claude-code', '--json'],
      { env: { ...run.env, ...claudeEnvironment(home, server.url) } },
    );
    const events = parseEvents(result.stdout);
    assert.equal(result.status, 0, `${result.stderr}\n${result.stdout}`);
    assert.equal(git(run.repository, 'show', 'baton/solo:notes/t1.txt'), 'T1 OK');
    assert.ok(events.some((event) => event.kind === 'task-merged' && event.taskId === 'T1'));
    // The Write was allowed: its tool result is no error.
    const [written] = lastToolResults(server.conversationRequests()[1]!);
    assert.equal(written?.isError, false, written?.text);
    assert.equal(server.remainingTurns(), 0);

    const store = await openStore({ url: path.join(run.repository, '.baton', 'baton.db') });
    t.after(() => store.close());
    assert.deepEqual(
      await store.db
        .selectFrom('events')
        .selectAll()
        .where('kind', 'in', ['edit-denied', 'instance-denied'])
        .execute(),
      [],
    );
    // Both sessions were accepted by the hooks as the task's instances (SessionStart recorded them).
    assert.equal(typeof (await lastSessionStart(store, 'run.solo.T1')), 'number');
    assert.equal(typeof (await lastSessionStart(store, 'run.solo.T1.review')), 'number');
    // The bindings end with the task; so do its claims.
    assert.deepEqual(await store.db.selectFrom('session_bindings').selectAll().execute(), []);
    assert.deepEqual(await store.db.selectFrom('claims').selectAll().execute(), []);
  });
});
