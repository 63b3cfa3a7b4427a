// baton demo's scripted executor: no model is called. It stands where Claude Code, Codex or a
// model would, run by baton's `command` backend exactly like any command a user configures
// (roles.executor in the demo repository's .baton/config.yaml). What it writes for a task is
// in work/<task>/; two tasks get a flawed first round (work/<task>.round1/) so that the demo
// shows baton's checks at work, and in round 2 it acts on the feedback file baton hands it,
// and only when that feedback names the flaw.
//
//   node executor.mjs --transcripts <folder>
// Reads BATON_TASK, BATON_ROUND, BATON_TASK_FILES, BATON_FEEDBACK_FILE and BATON_RESULT_FILE;
// writes into the task's worktree (its working directory), and a note per round into the
// transcripts folder: the feedback it was given, and what it did.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The flawed first rounds, and what the feedback must say for the scripted fix. */
const flawedFirstRounds = {
  T3: { lookFor: 'intro-1', fix: 'number a repeated slug from 2, as the failing test expects' },
  T4: { lookFor: 'doc comment', fix: 'add the doc comment the review asked for' },
};

const task = process.env.BATON_TASK ?? '';
const round = Number(process.env.BATON_ROUND ?? '1');
const declared = (process.env.BATON_TASK_FILES ?? '').split(',').filter(Boolean);
const transcriptsIndex = process.argv.indexOf('--transcripts');
const transcripts = transcriptsIndex > 0 ? process.argv[transcriptsIndex + 1] : undefined;
const feedbackFile = process.env.BATON_FEEDBACK_FILE;
const feedback = feedbackFile && existsSync(feedbackFile) ? readFileSync(feedbackFile, 'utf8') : undefined;
const work = path.join(import.meta.dirname, 'work');

function finish(result, notes) {
  if (process.env.BATON_RESULT_FILE) writeFileSync(process.env.BATON_RESULT_FILE, JSON.stringify(result));
  if (transcripts) {
    mkdirSync(transcripts, { recursive: true });
    const lines = [`# ${task}, round ${round} (scripted demo executor: no model was called)`, ''];
    lines.push('## The feedback baton gave it', '', feedback ?? '(none: this is the first round)', '');
    lines.push('## What it did', '', ...notes.map((note) => `- ${note}`), '');
    writeFileSync(path.join(transcripts, `${task}-round${round}.md`), lines.join('\n'));
  }
  process.stdout.write(`${result.summary ?? result.reason}\n`);
}

function filesUnder(folder) {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)));
}

if (!existsSync(path.join(work, task))) {
  finish({ status: 'blocked', reason: `the scripted demo executor has no work for task ${task}` }, []);
  process.exit(0);
}
const notes = [];
const flaw = flawedFirstRounds[task];
const folders = [path.join(work, task)];
if (flaw && round === 1) {
  folders.push(path.join(work, `${task}.round1`));
  notes.push('wrote a first version with a flaw (this demo shows how baton catches it)');
} else if (flaw) {
  if (!feedback?.includes(flaw.lookFor)) {
    finish(
      {
        status: 'blocked',
        reason: `the feedback does not mention "${flaw.lookFor}", the only flaw this scripted executor can fix`,
      },
      notes,
    );
    process.exit(0);
  }
  notes.push(`read in the feedback "${flaw.lookFor}": ${flaw.fix}`);
}
const written = new Set();
for (const folder of folders)
  for (const file of filesUnder(folder)) {
    if (!declared.includes(file)) notes.push(`wrote ${file}, which the task does not declare`);
    mkdirSync(path.dirname(file), { recursive: true });
    cpSync(path.join(folder, file), file);
    written.add(file);
  }
notes.push(`wrote ${[...written].join(', ')}`);
finish({ status: 'finished', summary: `round ${round}: wrote ${[...written].join(', ')}` }, notes);
