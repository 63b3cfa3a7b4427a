// `baton demo` from the sources: a scratch repository, a five-task plan approved by the person
// running it, run by the real runner with the scripted agents baton ships. The test reads what
// the demo left behind (git history, the store, the executor's notes), not only its exit code.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parseEvents } from '../runner/support/run-repository.ts';
import { runBaton } from '../support/cli.ts';
import { checkDemoRepository } from '../support/demo.ts';
import { makeTemporaryDirectory } from '../support/repository.ts';

test('baton demo runs its plan to the end, says its agents are scripted, and leaves the repository to look at', (t) => {
  const scratch = makeTemporaryDirectory(t, 'baton-demo-test-');
  const home = makeTemporaryDirectory(t, 'baton-home-');
  const directory = path.join(scratch, 'demo');
  const result = runBaton(scratch, ['demo', '--dir', directory, '--by', 'Ada Lovelace'], {
    env: { HOME: home, XDG_CACHE_HOME: path.join(home, '.cache') },
  });
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  const output = result.stdout;
  assert.match(output, /scripted demo agents — no model is called/i);
  assert.match(output, /Approved by Ada Lovelace \(--by\), recorded as baton approve records it/);
  // The run's own lines: T3 failed its verification in round 1, T4's review was under 90.
  assert.match(output, /task-round-failed T3: `node --test test\/unique-slugs\.test\.js` exit code 1/);
  assert.match(output, /task-reviewed T4: changes-requested with 84\.5 \(threshold 90\)/);
  // The status table, then where the repository is.
  const repository = path.join(directory, 'text-kit');
  assert.match(output, /^ {2}T3 +done +round 2 +score 95/m);
  assert.match(output, /^ {2}T4 +done +round 2 +score 95/m);
  assert.match(output, /^ {2}T5 +done +round 1 +score 95/m);
  assert.ok(output.includes(`The demo repository is ${repository}`), output);
  // What to type next works as printed: cd there, and baton as this PATH can reach it.
  assert.ok(output.includes(`\n  cd ${repository}\n`), output);
  const bin = path.resolve(import.meta.dirname, '../../bin/baton.js');
  assert.ok(
    output.includes(`  ${bin} status; ${bin} show text-helpers; ${bin} events --plan text-helpers`),
    output,
  );
  assert.match(output, /baton is not on your PATH: `npm link`/);
  // What round 2 made of the feedback, on screen.
  assert.match(
    output,
    /^ {2}T3: round 2: .*the feedback said "`node --test test\/unique-slugs\.test\.js`: exit code 1"/m,
  );
  assert.match(output, /^ {2}T4: round 2: .*`camelCase` is exported without a doc comment/m);

  checkDemoRepository(directory, { approvedBy: 'Ada Lovelace' });

  // It is a baton repository like any other: status works there.
  const status = runBaton(repository, ['status', 'text-helpers', '--json'], { env: { HOME: home } });
  assert.equal(status.status, 0, status.stderr);
  const tasks = JSON.parse(status.stdout).plans[0].tasks as Array<{ taskId: string; round: number }>;
  assert.deepEqual(
    tasks.map((task) => [task.taskId, task.round]),
    [
      ['T1', 1],
      ['T2', 1],
      ['T3', 2],
      ['T4', 2],
      ['T5', 1],
    ],
  );
});

test('baton demo --json prints NDJSON: its own events around the run’s', (t) => {
  const scratch = makeTemporaryDirectory(t, 'baton-demo-test-');
  const home = makeTemporaryDirectory(t, 'baton-home-');
  const result = runBaton(scratch, ['demo', '--json', '--dir', 'here'], {
    // A team's Postgres in the environment is not for a scratch plan: the demo keeps its own store.
    env: { HOME: home, USER: 'grace', BATON_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
  });
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  const lines = result.stdout.split('\n').filter((line) => line !== '');
  for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), line);
  const events = parseEvents(result.stdout);
  assert.equal(events[0]!.kind, 'demo-ready');
  assert.equal(events[0]!.data!.approvedBy, 'grace');
  assert.equal((events[0]!.data!.agents as { scripted: boolean }).scripted, true);
  assert.equal(events.at(-1)!.kind, 'demo-finished');
  assert.equal(events.at(-1)!.data!.repository, path.join(scratch, 'here', 'text-kit'));
  const kinds = events.map((event) => event.kind);
  assert.ok(kinds.includes('run-started') && kinds.includes('run-finished'), kinds.join(' '));
  assert.ok(
    events.some((event) => event.kind === 'task-round-failed' && event.taskId === 'T3' && event.round === 1),
    result.stdout,
  );
  const review = events.find((event) => event.kind === 'task-reviewed' && event.taskId === 'T4');
  assert.ok(review && (review.data!.score as number) < 90, JSON.stringify(review));
  assert.equal(events.filter((event) => event.kind === 'task-merged').length, 5);
  checkDemoRepository(path.join(scratch, 'here'), { approvedBy: 'grace' });
});

test('baton demo refuses a folder that is not empty, and an agent, before making anything', (t) => {
  const scratch = makeTemporaryDirectory(t, 'baton-demo-test-');
  const home = makeTemporaryDirectory(t, 'baton-home-');
  const taken = path.join(scratch, 'taken');
  mkdirSync(taken);
  writeFileSync(path.join(taken, 'notes.txt'), 'mine\n');
  const refused = runBaton(scratch, ['demo', '--dir', taken], { env: { HOME: home } });
  assert.equal(refused.status, 2, refused.stderr);
  assert.match(refused.stderr, /USAGE: .*taken is not empty/);
  assert.deepEqual(readdirSync(taken), ['notes.txt']);

  // The demo approves in the name of whoever runs it: an agent may not.
  const fresh = path.join(scratch, 'fresh');
  for (const marker of [{ BATON_ROLE: 'executor' }, { BATON_AGENT: '1' }]) {
    const agent = runBaton(scratch, ['demo', '--dir', fresh, '--by', 'Ada'], {
      env: { HOME: home, ...marker },
    });
    assert.equal(agent.status, 1, agent.stderr);
    assert.match(agent.stderr, /PERSON_ONLY/);
    assert.equal(existsSync(fresh), false);
  }

  // Control: the same command from a person's shell goes ahead (the first test runs it whole);
  // here only --help, which names the scripted agents.
  const help = runBaton(scratch, ['demo', '--help'], { env: { HOME: home } });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /scripted agents \(no model, no API key\)/);
});
