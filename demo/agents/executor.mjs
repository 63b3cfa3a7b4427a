// baton demo's scripted executor: no model is called. It stands where Claude Code, Codex or a
// model would, run by baton's `command` backend exactly like any command a user configures
// (roles.executor in the demo repository's .baton/config.yaml), confined like one (it may
// write its worktree only). What it writes for a task is in work/<task>/; two tasks get a
// flawed first round (work/<task>.round1/) so that the demo shows baton's checks at work, and in
// round 2 it acts on the feedback file baton hands it, and only when that feedback names the
// flaw. Its summary (stdout's last line, kept with the run's events) quotes what it acted on.
//
// Reads BATON_TASK, BATON_ROUND, BATON_TASK_FILES, BATON_FEEDBACK_FILE and BATON_RESULT_FILE.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The flawed first rounds: what the feedback must say for the fix, and the line to quote. */
const flawedFirstRounds = {
  T3: {
    lookFor: "'intro-1'",
    quote: /^### `node --test/,
    fix: "it shows 'intro-1' where the test expects 'intro-2': numbered a repeated slug from 2",
  },
  T4: {
    lookFor: 'without a doc comment',
    quote: /without a doc comment/,
    fix: 'added the doc comment the review asked for',
  },
};

const task = process.env.BATON_TASK ?? '';
const round = Number(process.env.BATON_ROUND ?? '1');
const declared = (process.env.BATON_TASK_FILES ?? '').split(',').filter(Boolean);
const feedbackFile = process.env.BATON_FEEDBACK_FILE;
const feedback = feedbackFile && existsSync(feedbackFile) ? readFileSync(feedbackFile, 'utf8') : undefined;
const work = path.join(import.meta.dirname, 'work');

function finish(result) {
  if (process.env.BATON_RESULT_FILE) writeFileSync(process.env.BATON_RESULT_FILE, JSON.stringify(result));
  process.stdout.write(`${result.summary ?? result.reason}\n`);
}

function filesUnder(folder) {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)));
}

if (!existsSync(path.join(work, task))) {
  finish({ status: 'blocked', reason: `the scripted demo executor has no work for task ${task}` });
  process.exit(0);
}
const flaw = flawedFirstRounds[task];
const folders = [path.join(work, task)];
let note = '';
if (flaw && round === 1) folders.push(path.join(work, `${task}.round1`));
else if (flaw) {
  if (!feedback?.includes(flaw.lookFor)) {
    finish({
      status: 'blocked',
      reason: `the feedback does not mention ${flaw.lookFor}, the only flaw this scripted executor can fix`,
    });
    process.exit(0);
  }
  const quoted = feedback
    .split('\n')
    .find((line) => flaw.quote.test(line))
    ?.replace(/^(?:###|-)\s+/, '');
  note = `; the feedback said "${quoted}"; ${flaw.fix}`;
}
const written = [];
for (const folder of folders)
  for (const file of filesUnder(folder)) {
    mkdirSync(path.dirname(file), { recursive: true });
    cpSync(path.join(folder, file), file);
    if (!written.includes(file)) written.push(file);
  }
const outside = written.filter((file) => !declared.includes(file));
finish({
  status: 'finished',
  summary: `round ${round}: wrote ${written.join(', ')}${outside.length > 0 ? ` (not declared: ${outside.join(', ')})` : ''}${note}`,
});
