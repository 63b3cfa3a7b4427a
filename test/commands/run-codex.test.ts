// `baton run --executor codex` with the real Codex CLI against the local fake Responses API:
// Codex runs the scripted commands in the task's worktree, baton commits, verifies, reviews
// (the scripted reviewer) and merges; a second round gets the feedback of the first.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { openStore } from '../../src/store/store.ts';
import { makeRunRepository, reviewerSpec } from '../runner/support/run-repository.ts';
import { startBaton } from '../support/cli.ts';
import { codexEnvironment, codexUnavailable } from '../support/codex-cli.ts';
import { responsesRequestText, startFakeResponses } from '../support/fake-openai-responses.ts';
import { git } from '../support/repository.ts';

test('a Codex executor in a run: a failing verify goes back as feedback, the second round merges', {
  skip: codexUnavailable,
}, async (t) => {
  const run = makeRunRepository(t, 'codexed', [{ id: 'T1', files: ['notes/t1.txt'] }]);
  const server = await startFakeResponses({
    turns: [
      // Round 1: the wrong content, so `grep -q "T1 OK"` fails.
      { commands: ["mkdir -p notes && printf 'T1 not yet\\n' > notes/t1.txt"] },
      { text: 'Wrote notes/t1.txt.' },
      // Round 2, after the feedback.
      { commands: ["printf 'T1 OK\\n' > notes/t1.txt"] },
      { text: 'Fixed notes/t1.txt.' },
    ],
  });
  t.after(() => server.close());
  const result = await startBaton(
    run.repository,
    ['run', 'codexed', '--executor', 'codex', '--reviewer', reviewerSpec, '--json'],
    { env: { ...run.env, ...codexEnvironment(t, server) } },
  );
  assert.equal(result.status, 0, result.stderr + result.stdout);
  assert.equal(git(run.repository, 'show', 'baton/codexed:notes/t1.txt'), 'T1 OK');
  assert.equal(server.remainingTurns(), 0);
  // The second round's prompt sends Codex to the review feedback of the first.
  assert.match(responsesRequestText(server.requests[2]!), /This is round 2.*FEEDBACK_T1_round2\.md/);

  const store = await openStore({ url: path.join(run.repository, '.baton', 'baton.db') });
  t.after(() => store.close());
  const usage = await store.db.selectFrom('usage').selectAll().where('plan_id', '=', 'codexed').execute();
  assert.equal(usage.filter((row) => row.role === 'executor' && row.task_id === 'T1').length, 2);
});
