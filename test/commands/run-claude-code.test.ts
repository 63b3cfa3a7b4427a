// `baton run --executor claude-code` with the real Claude Code CLI against the local fake
// Anthropic server. The runner claims a task's declared files for the task's instance
// (`run.<plan>.<task>`) and starts the executor session as that instance, so baton's own
// PreToolUse hook lets it write them; a write outside them is still denied, with the reason.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { lastSessionStart } from '../../src/store/sessions.ts';
import { openStore } from '../../src/store/store.ts';
import { makeRunRepository, parseEvents, reviewerSpec } from '../runner/support/run-repository.ts';
import { claudeEnvironment, claudeUnavailable } from '../support/claude-code.ts';
import { runBaton, startBaton } from '../support/cli.ts';
import {
  lastToolResults,
  requestText,
  type ScriptedTurn,
  startFakeAnthropic,
} from '../support/fake-anthropic.ts';
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
    const run = makeRunRepository(t, 'solo', [{ id: 'T1', files: ['notes/t1.txt'] }], {
      sandbox: 'auto',
    });
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

describe('what baton refused the executor reaches the next round and the people', {
  skip: claudeUnavailable,
}, () => {
  test('a denial goes into the round feedback, the blocked reason, baton status, baton events and the NDJSON', {
    timeout: 300_000,
  }, async (t) => {
    const run = makeRunRepository(t, 'denied', [
      { id: 'T1', files: ['notes/t1.txt'] },
      { id: 'T2', files: ['notes/t2.txt'], dependencies: ['T1'] },
    ]);
    const home = makeTemporaryDirectory(t, 'baton-home-');
    const worktree = (task: string) => path.join(run.worktrees, 'denied', task);
    let feedbackSeen = '';
    const server = await startFakeAnthropic({
      turns: [
        // T1, round 1: a write outside the declared files (denied), then the wrong line.
        write(path.join(worktree('T1'), 'notes', 'other.txt'), 'stray\n'),
        write(path.join(worktree('T1'), 'notes', 't1.txt'), 'T1 not yet\n'),
        say('Wrote notes/t1.txt.'),
        // T1, round 2: the model reads the feedback file its prompt names, then fixes the line.
        (request) => {
          const feedback = /\S*FEEDBACK_T1_round2\.md/.exec(requestText(request))?.[0];
          return {
            content: [{ type: 'tool_use', name: 'Read', input: { file_path: feedback ?? 'missing' } }],
          };
        },
        (request) => {
          feedbackSeen = lastToolResults(request)[0]?.text ?? '';
          return write(path.join(worktree('T1'), 'notes', 't1.txt'), 'T1 OK\n');
        },
        say('Fixed notes/t1.txt.'),
        // T2, both rounds: only a write outside its files.
        write(path.join(worktree('T2'), 'README.md'), 'stray\n'),
        say('Done.'),
        write(path.join(worktree('T2'), 'README.md'), 'stray again\n'),
        say('Done.'),
      ],
    });
    t.after(() => server.close());
    const environment = { ...run.env, ...claudeEnvironment(home, server.url) };
    const result = await startBaton(
      run.repository,
      [
        'run',
        'denied',
        '--executor',
        'claude-code',
        '--reviewer',
        reviewerSpec,
        '--concurrency',
        '1',
        '--json',
      ],
      { env: environment },
    );
    assert.equal(result.status, 1, `${result.stderr}\n${result.stdout}`);
    assert.equal(server.remainingTurns(), 0);
    assert.equal(git(run.repository, 'show', 'baton/denied:notes/t1.txt'), 'T1 OK');

    // The executor's next round read what was refused, in baton's feedback.
    assert.match(feedbackSeen, /## Refused during this round/);
    assert.match(
      feedbackSeen,
      /Write notes\/other\.txt: notes\/other\.txt is not among this task's declared files/,
    );

    // The NDJSON progress says it as it happens.
    const events = parseEvents(result.stdout);
    const denied = events.filter((event) => event.kind === 'task-denied');
    assert.deepEqual(
      denied.map((event) => [event.taskId, event.round, event.data?.role]),
      [
        ['T1', 1, 'executor'],
        ['T2', 1, 'executor'],
        ['T2', 2, 'executor'],
      ],
    );
    assert.match(denied[0]!.message, /executor: refused by baton: Write notes\/other\.txt: /);

    // The blocked reason names the refusal, not only the failed check.
    const blocked = events.find((event) => event.kind === 'task-blocked' && event.taskId === 'T2');
    assert.match(
      blocked?.message ?? '',
      /not approved after 2 round\(s\): `grep -q "T2 OK" notes\/t2\.txt` exit code 2; refused by baton: Write README\.md: README\.md is not among this task's declared files/,
    );

    // baton status shows it under the task.
    const status = runBaton(run.repository, ['status', 'denied'], { env: environment });
    assert.equal(status.status, 0, status.stderr);
    assert.match(status.stdout, /T2 +blocked .*refused by baton: Write README\.md/);
    assert.match(status.stdout, /refused \(round 2, executor\): Write README\.md: README\.md is not among/);
    const statusJson = JSON.parse(
      runBaton(run.repository, ['status', 'denied', '--json'], { env: environment }).stdout,
    );
    const t2 = statusJson.plans[0].tasks.find((task: { taskId: string }) => task.taskId === 'T2');
    assert.equal(t2.denials.length, 2);

    // baton events finds the hooks' denials by plan and task.
    const listed = runBaton(
      run.repository,
      ['events', '--kind', 'denials', '--plan', 'denied', '--task', 'T2', '--json'],
      {
        env: environment,
      },
    );
    assert.equal(listed.status, 0, listed.stderr);
    const found = JSON.parse(listed.stdout).events as Array<{ kind: string; instance: string }>;
    assert.deepEqual(
      found.map((event) => [event.kind, event.instance]),
      [
        ['edit-denied', 'run.denied.T2'],
        ['edit-denied', 'run.denied.T2'],
      ],
    );
  });
});
