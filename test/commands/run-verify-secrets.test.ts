// A verify command run by `baton run` gets no secret variable from baton's environment, and what
// it prints is scrubbed before it reaches the next round's feedback file or the reviewer's
// request: the same rule as `baton review`'s verification (one set of task steps).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { makeRunRepository, parseEvents, scriptedBackends } from '../runner/support/run-repository.ts';
import { runBaton } from '../support/cli.ts';
import { git } from '../support/repository.ts';

test("baton run's verify commands see no secret variable; their output is scrubbed in feedback and review", (t) => {
  const secret = 'verysecret-0123456789-value';
  const run = makeRunRepository(
    t,
    'keys',
    [
      {
        id: 'T1',
        files: ['one.txt'],
        verify: ['cat leak.txt; echo "variable: [$DEMO_API_KEY]"; grep -q "T1 OK" one.txt'],
      },
    ],
    { scenario: { T1: { badFirstRound: true } } },
  );
  // A file in the repository holds the key's value, so the command can print it without the variable.
  writeFileSync(path.join(run.repository, 'leak.txt'), `the key is ${secret}\n`);
  git(run.repository, 'add', 'leak.txt');
  git(run.repository, 'commit', '-qm', 'a file holding the key');
  const reviewLog = path.join(path.dirname(run.log), 'reviews.txt');
  writeFileSync(reviewLog, '');
  const result = runBaton(run.repository, ['run', 'keys', '--json', ...scriptedBackends], {
    env: { ...run.env, DEMO_API_KEY: secret, TEST_REVIEW_LOG: reviewLog },
  });
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  assert.equal(parseEvents(result.stdout).filter((event) => event.kind === 'task-merged').length, 1);

  const starts = run.readLog().filter((entry) => entry.what === 'start');
  assert.equal(starts.length, 2);
  const feedback = String((starts[1] as { feedbackText?: string }).feedbackText);
  assert.match(feedback, /variable: \[\]/, 'the command did not get the variable');
  assert.match(feedback, /\[redacted DEMO_API_KEY\]/);
  assert.doesNotMatch(feedback, new RegExp(secret));

  const reviews = readFileSync(reviewLog, 'utf8');
  assert.match(reviews, /variable: \[\]/);
  assert.match(reviews, /\[redacted DEMO_API_KEY\]/);
  assert.doesNotMatch(reviews, new RegExp(secret));
  assert.doesNotMatch(result.stdout + result.stderr, new RegExp(secret));
});
