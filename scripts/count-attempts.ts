// Counts the attempts to get around baton's enforcement in test/security/ and how they ended:
//
//   node scripts/count-attempts.ts [test/security/some.test.ts …] [--json]
//
// It runs the files (one at a time, as the suite runs on a busy machine) and sorts every test
// by its name: a name with "control" shows an honest action is allowed; every other test is
// an attempt. An attempt that passes was stopped (it "holds"); one marked todo is a hole left,
// with its reason in the file; a failure is a hole (or a broken test). Some tests try several
// commands each, so the attempt count is a lower bound on the commands tried.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const argv = process.argv.slice(2);
const json = argv.includes('--json');
const named = argv.filter((argument) => !argument.startsWith('--'));
const folder = path.resolve(import.meta.dirname, '..', 'test', 'security');
const files =
  named.length > 0
    ? named
    : readdirSync(folder)
        .filter((name) => name.endsWith('.test.ts'))
        .sort()
        .map((name) => path.join('test', 'security', name));

interface Tally {
  attempts: number;
  holds: number;
  todo: number;
  failed: number;
  controls: number;
  controlsFailed: number;
}

const reporter = path.join(import.meta.dirname, 'attempts-reporter.ts');
const result = spawnSync(
  process.execPath,
  ['--test', '--test-concurrency=1', `--test-reporter=${reporter}`, ...files],
  { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
);
const byFile = new Map<string, Tally>();
const through: string[] = [];
for (const line of result.stdout.split('\n')) {
  if (!line.startsWith('{')) continue;
  const test = JSON.parse(line) as { file: string; name: string; outcome: 'pass' | 'fail' | 'todo' };
  const file = path.relative(process.cwd(), test.file);
  const tally = byFile.get(file) ?? {
    attempts: 0,
    holds: 0,
    todo: 0,
    failed: 0,
    controls: 0,
    controlsFailed: 0,
  };
  byFile.set(file, tally);
  if (/control/i.test(test.name)) {
    tally.controls += 1;
    if (test.outcome === 'fail') tally.controlsFailed += 1;
    continue;
  }
  tally.attempts += 1;
  if (test.outcome === 'pass') tally.holds += 1;
  else if (test.outcome === 'todo') tally.todo += 1;
  else {
    tally.failed += 1;
    through.push(`${file}: ${test.name}`);
  }
}
const total: Tally = { attempts: 0, holds: 0, todo: 0, failed: 0, controls: 0, controlsFailed: 0 };
for (const tally of byFile.values())
  for (const key of Object.keys(total) as Array<keyof Tally>) total[key] += tally[key];

if (json) {
  console.log(JSON.stringify({ files: Object.fromEntries(byFile), total, through }, null, 2));
} else {
  const row = (name: string, t: Tally) =>
    console.log(
      `${name.padEnd(48)} ${String(t.attempts).padStart(8)} ${String(t.holds).padStart(6)} ${String(t.todo).padStart(5)} ${String(t.failed).padStart(7)} ${String(t.controls).padStart(9)}`,
    );
  console.log(`${'file'.padEnd(48)} attempts  holds  left  through  controls`);
  for (const [file, tally] of [...byFile].sort()) row(file, tally);
  row('total', total);
  for (const name of through) console.log(`got through (or broke): ${name}`);
  if (total.controlsFailed > 0)
    console.log(`${total.controlsFailed} control(s) failed: an honest action was refused.`);
}
process.exitCode = total.failed > 0 || total.controlsFailed > 0 ? 1 : 0;
