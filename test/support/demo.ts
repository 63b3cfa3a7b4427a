// What a finished `baton demo` must have left in its folder, read from git, the store and the
// run's events in the store: shared by the demo's test from the sources and the fresh-clone test.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { mergeCount } from '../runner/support/run-repository.ts';
import { childEnvironment, runBaton } from './cli.ts';
import { git } from './repository.ts';

export function checkDemoRepository(
  directory: string,
  expected: { approvedBy: string; bin?: string; env?: Record<string, string> },
): void {
  const repository = path.join(directory, 'text-kit');
  const branch = 'baton/text-helpers';
  // A merge commit per task, each with its trailer; the tasks' work is on the branch, main untouched.
  for (const task of ['T1', 'T2', 'T3', 'T4', 'T5'])
    assert.equal(mergeCount(repository, branch, 'text-helpers', task), 1, `the merge of ${task}`);
  assert.equal(git(repository, 'log', '--merges', '--format=%H', branch).split('\n').length, 5);
  assert.equal(git(repository, 'log', '--format=%s', 'main'), 'text-kit: toAscii, with its tests');
  // T3 and T4 took two rounds each (a commit per round on their task branches).
  for (const [task, rounds] of [
    ['T1', 1],
    ['T3', 2],
    ['T4', 2],
  ] as const) {
    const subjects = git(repository, 'log', '--format=%s', branch).split('\n');
    assert.equal(
      subjects.filter((subject) => subject.startsWith(`baton: ${task} round `)).length,
      rounds,
      `${task}: ${subjects.join(' | ')}`,
    );
  }
  assert.match(git(repository, 'show', `${branch}:src/camel-case.js`), /\/\*\* `text` in camelCase/);

  // What the executor was given in round 2, as it reported it (the run keeps it in the store):
  // the failing test's output, then the review's issue.
  const database = new DatabaseSync(path.join(repository, '.baton', 'baton.db'), { readOnly: true });
  const summaries = new Map<string, string>();
  try {
    for (const row of database
      .prepare("SELECT task_id, data FROM events WHERE kind = 'task-executed' ORDER BY id")
      .all() as Array<{ task_id: string; data: string }>) {
      const data = JSON.parse(row.data) as { round?: number; summary?: string };
      if (data.round === 2 && data.summary) summaries.set(row.task_id, data.summary);
    }
  } finally {
    database.close();
  }
  assert.deepEqual([...summaries.keys()].sort(), ['T3', 'T4']);
  assert.match(
    summaries.get('T3')!,
    /the feedback said "`node --test test\/unique-slugs\.test\.js`: exit code 1"/,
  );
  assert.match(summaries.get('T3')!, /it shows 'intro-1' where the test expects 'intro-2'/);
  assert.match(
    summaries.get('T4')!,
    /the feedback said "`src\/camel-case\.js`: `camelCase` is exported without a doc comment/,
  );

  // The approval is the person's, recorded as `baton approve` records it.
  const show = expected.bin
    ? runBatonAt(expected.bin, repository, ['show', 'text-helpers', '--json'], expected.env)
    : runBaton(repository, ['show', 'text-helpers', '--json'], { env: expected.env });
  assert.equal(show.status, 0, show.stderr);
  const approval = JSON.parse(show.stdout).approval as { by: string; current: boolean };
  assert.equal(approval.by, expected.approvedBy);
  assert.equal(approval.current, true);
}

function runBatonAt(bin: string, cwd: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    env: childEnvironment({ BATON_FROM_SOURCE: undefined, ...env }),
    encoding: 'utf8',
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
