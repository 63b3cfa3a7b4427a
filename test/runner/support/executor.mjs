// A scripted executor for the `command` backend. It writes a line into each of its task's
// declared files, sleeps a little, and logs when it started and ended (for the tests to compare
// intervals). TEST_SCENARIO (a JSON file) bends it per task:
//   { "T2": { "badFirstRound": true }, "T5": { "alwaysBad": true }, "T6": { "outside": "stray.txt" },
//     "T4": { "blocked": "needs a decision" }, "T3": { "sleepMs": 800 } }
// "bad" writes BAD instead of OK, so a verify command grepping for OK fails. More:
//   "waitFor": ["/tmp/go-1", "/tmp/go-2"]  the n-th start of the task waits until the n-th file exists
//   "show": "file"                        the start entry records the file's content ("seen"; null if absent)
//   "usage": { "cost_usd": 0.1, … }       reported in BATON_RESULT_FILE as the executor's usage
//   "reviewFails": 1                      the reviewer (reviewer.mjs) fails outright this many times
//   "shell": "command"                    runs the bash command in the worktree on round 1
//   "blockedUnlessFeedback": "reason"     reports itself blocked unless it was given a feedback file
// Each start entry records the feedback file's text, if any ("feedbackText").
// Each start entry records the executor's pid.
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const task = process.env.BATON_TASK;
const round = Number(process.env.BATON_ROUND ?? '1');
const files = (process.env.BATON_TASK_FILES ?? '').split(',').filter(Boolean);
const scenario = process.env.TEST_SCENARIO ? JSON.parse(readFileSync(process.env.TEST_SCENARIO, 'utf8')) : {};
const behaviour = scenario[task] ?? {};
const log = process.env.TEST_LOG;
const now = () => performance.timeOrigin + performance.now();
const record = (what) =>
  log &&
  appendFileSync(
    log,
    `${JSON.stringify({ task, round, what, at: now(), feedback: Boolean(process.env.BATON_FEEDBACK_FILE && existsSync(process.env.BATON_FEEDBACK_FILE)) })}\n`,
  );

const feedbackText =
  process.env.BATON_FEEDBACK_FILE && existsSync(process.env.BATON_FEEDBACK_FILE)
    ? readFileSync(process.env.BATON_FEEDBACK_FILE, 'utf8')
    : undefined;
const previousStarts = log
  ? readFileSync(log, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line))
      .filter((entry) => entry.task === task && entry.what === 'start').length
  : 0;
const seen =
  behaviour.show === undefined
    ? undefined
    : existsSync(behaviour.show)
      ? readFileSync(behaviour.show, 'utf8')
      : null;
log &&
  appendFileSync(
    log,
    `${JSON.stringify({ task, round, what: 'start', at: now(), feedback: Boolean(process.env.BATON_FEEDBACK_FILE && existsSync(process.env.BATON_FEEDBACK_FILE)), attempt: previousStarts + 1, seen, pid: process.pid, feedbackText })}\n`,
  );
const gate = behaviour.waitFor?.[previousStarts];
while (gate && !existsSync(gate)) await new Promise((resolve) => setTimeout(resolve, 25));
const blockedBecause =
  behaviour.blocked ?? (feedbackText === undefined ? behaviour.blockedUnlessFeedback : undefined);
if (blockedBecause) {
  writeFileSync(process.env.BATON_RESULT_FILE, JSON.stringify({ status: 'blocked', reason: blockedBecause }));
  record('end');
  process.exit(0);
}
const bad = behaviour.alwaysBad || (behaviour.badFirstRound && round === 1);
for (const file of files) {
  mkdirSync(path.dirname(file), { recursive: true });
  const line = `${task} ${bad ? 'BAD' : 'OK'}\n`;
  // Shared files collect one line per task; a task's own file holds its latest line only.
  if (behaviour.append) appendFileSync(file, line);
  else writeFileSync(file, line);
}
if (behaviour.shell && round === 1) execFileSync('bash', ['-c', behaviour.shell], { stdio: 'ignore' });
if (behaviour.outside && (round === 1 || behaviour.outsideEveryRound))
  writeFileSync(behaviour.outside, 'stray\n');
await new Promise((resolve) =>
  setTimeout(resolve, behaviour.sleepMs ?? Number(process.env.TEST_SLEEP_MS ?? 150)),
);
if (behaviour.usage)
  writeFileSync(
    process.env.BATON_RESULT_FILE,
    JSON.stringify({ status: 'finished', usage: behaviour.usage }),
  );
record('end');
