// The live task list of `baton run` on a terminal: frames rendered from a sequence of events
// into a fake TTY stream, and one real run under a pseudo-terminal (`script`, util-linux).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { reporterFor, type TaskView, terminalReporter } from '../../src/runner/progress.ts';
import type { RunEvent } from '../../src/runner/run-events.ts';
import { batonBin, childEnvironment } from '../support/cli.ts';
import { git } from '../support/repository.ts';
import { executorSpec, makeRunRepository, reviewerSpec } from './support/run-repository.ts';

/** A stream that says it is a terminal and keeps every write (one write is one frame). */
function fakeTerminal(columns = 120) {
  const frames: string[] = [];
  return { isTTY: true, columns, frames, write: (text: string) => frames.push(text) };
}

/** A frame without its cursor movement: the lines it draws. */
function linesOf(frame: string): string[] {
  return frame
    .replace(/^(\x1b\[\d+F)?\x1b\[J/, '')
    .replace(/\n$/, '')
    .split('\n');
}

const event = (kind: RunEvent['kind'], taskId: string, message: string, at: number): RunEvent => ({
  kind,
  taskId,
  message,
  at,
  planId: 'p',
});

test('the live list redraws in place with state, round, score and elapsed time per task', () => {
  let now = Date.parse('2026-11-22T10:00:00Z');
  const frames: string[] = [];
  const reporter = terminalReporter((text) => frames.push(text), {
    now: () => now,
    refreshMs: 0,
    columns: () => 60,
  });
  const t1: TaskView = { id: 'T1', title: 'Write one', state: 'pending', round: 0 };
  const t2: TaskView = {
    id: 'T2',
    title: 'A title far too long for a sixty-column terminal',
    state: 'pending',
    round: 0,
  };
  reporter.start([t1, t2]);
  const first = linesOf(frames[0]!);
  assert.equal(first.length, 2);
  assert.match(first[0]!, /^T1 +pending +Write one$/);
  // A line longer than the terminal is cut, so the redraw never miscounts wrapped lines.
  assert.match(first[1]!, /^T2 +pending +A title far t…$/);
  assert.equal(first[1]!.length, 59);
  assert.doesNotMatch(frames[0]!, /\x1b\[\d+F/, 'nothing to move over on the first frame');

  const started = now;
  now += 3_000;
  const running = new Map([
    ['T1', { ...t1, state: 'running', round: 1, startedAt: started }],
    ['T2', t2],
  ]);
  reporter.event(event('task-started', 'T1', 'started from 0123abcd', now), running);
  const second = frames[1]!;
  // The cursor goes back up over the two lines drawn before, then clears below.
  assert.ok(second.startsWith('\x1b[2F\x1b[J'), JSON.stringify(second));
  const lines = linesOf(second);
  assert.match(lines[0]!, /^T1 +running +round 1 +3s +Write one$/);
  assert.equal(lines[2], '');
  assert.match(lines[3]!, /^\d\d:\d\d:\d\d task-started T1: started from 0123abcd$/);
  assert.ok(
    lines.every((line) => line.length < 60),
    JSON.stringify(lines),
  );
  assert.match(lines[1]!, /…$/);

  now += 62_000;
  const reviewed = new Map([
    ['T1', { ...t1, state: 'merging', round: 2, score: 93, startedAt: started }],
    ['T2', { ...t2, state: 'blocked', round: 0, note: 'depends on T9' }],
  ]);
  reporter.event(event('task-reviewed', 'T1', 'approved with 93 (threshold 90)', now), reviewed);
  const third = linesOf(frames[2]!);
  assert.ok(frames[2]!.startsWith('\x1b[4F\x1b[J'));
  assert.match(third[0]!, /^T1 +merging +round 2 +score 93 +1m05s +Write one$/);
  assert.match(third[1]!, /^T2 +blocked +/);

  now += 10_000;
  const done = new Map([
    ['T1', { ...t1, state: 'done', round: 2, score: 93, startedAt: started, finishedAt: started + 66_000 }],
    ['T2', reviewed.get('T2')!],
  ]);
  reporter.event(event('task-merged', 'T1', 'merged', now), done);
  reporter.stop();
  // Elapsed time stops at the task's end.
  assert.match(linesOf(frames.at(-1)!)[0]!, /^T1 +done +round 2 +score 93 +1m06s /);
});

test('reporterFor picks the live list for a terminal, lines for a pipe, NDJSON with --json', () => {
  const terminal = fakeTerminal();
  const task: TaskView = { id: 'T1', title: 'One', state: 'pending', round: 0 };
  const live = reporterFor(terminal, false);
  live.start([task]);
  live.stop();
  assert.match(terminal.frames[0]!, /\x1b\[J/);

  const pipe = { ...fakeTerminal(), isTTY: false };
  const lines = reporterFor(pipe, false);
  lines.start([task]);
  lines.event(event('task-started', 'T1', 'go', 0), new Map([['T1', task]]));
  assert.deepEqual(pipe.frames, ['1 task(s): T1 pending\n', '00:00:00 task-started T1: go\n']);

  const json = fakeTerminal();
  reporterFor(json, true).event(event('task-started', 'T1', 'go', 0), new Map());
  assert.equal(JSON.parse(json.frames[0]!).kind, 'task-started');
});

const hasScript = spawnSync('script', ['--version']).status === 0;

test('baton run under a pseudo-terminal draws the live list and finishes', {
  skip: !hasScript && 'no `script` (util-linux)',
}, (t) => {
  const planId = 'tty';
  const run = makeRunRepository(t, planId, [
    { id: 'T1', files: ['one.txt'] },
    { id: 'T2', files: ['two.txt'], dependencies: ['T1'] },
  ]);
  const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;
  const command = [
    process.execPath,
    batonBin,
    'run',
    planId,
    '--executor',
    executorSpec,
    '--reviewer',
    reviewerSpec,
  ]
    .map(quote)
    .join(' ');
  const result = spawnSync('script', ['--quiet', '--return', '--command', command, '/dev/null'], {
    cwd: run.repository,
    env: childEnvironment({ ...run.env, COLUMNS: '100', LINES: '40', TERM: 'xterm' }),
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  // Drawn in place (cursor up, clear below), ending with every task done.
  assert.match(result.stdout, /\x1b\[\d+F\x1b\[J/);
  assert.match(result.stdout, /T1 +done +round 1 +score 95/);
  assert.match(result.stdout, /T2 +done +round 1 +score 95/);
  assert.match(result.stdout, /tty: done — 2 done, 0 blocked/);
  assert.equal(git(run.repository, 'show', `baton/${planId}:two.txt`), 'T2 OK');
});
