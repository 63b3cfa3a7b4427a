// `baton events`: the denials and other events in the store, filtered, for a person and as JSON.
// The events are made the real way: hooks denying an edit and a command, a refused claim, pool posts.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runBaton } from '../support/cli.ts';
import { makeRepository, makeTemporaryDirectory } from '../support/repository.ts';

function writePayload(repository: string, file: string): string {
  return JSON.stringify({
    session_id: 's',
    cwd: repository,
    hook_event_name: 'PreToolUse',
    tool_name: 'Write',
    tool_input: { file_path: path.join(repository, file), content: 'x' },
  });
}

interface EventJson {
  kind: string;
  instance: string | null;
  planId: string | null;
  taskId: string | null;
  description: string;
  data: Record<string, unknown>;
}

test('baton events lists denials with their reason and file, filtered by kind, instance, plan, task, time, limit', (t) => {
  const repository = makeRepository(t);
  const home = makeTemporaryDirectory(t, 'baton-home-');
  const as = (instance: string) => ({ env: { HOME: home, BATON_INSTANCE: instance } });
  mkdirSync(path.join(repository, '.baton'), { recursive: true });
  // A edits src/app.ts and so holds it; B's edit of it is denied, and so is B's claim.
  const first = runBaton(repository, ['hook', 'pre-tool-use'], {
    ...as('A'),
    input: writePayload(repository, 'src/app.ts'),
  });
  assert.equal(first.status, 0, first.stderr);
  const denied = runBaton(repository, ['hook', 'pre-tool-use'], {
    ...as('B'),
    input: writePayload(repository, 'src/app.ts'),
  });
  assert.match(denied.stdout, /"permissionDecision":\s*"deny"/);
  assert.equal(runBaton(repository, ['claim', 'src/app.ts'], as('B')).status, 1);
  for (const [task, summary] of [
    ['T1', 'first task done'],
    ['T2', 'second task done'],
  ] as const) {
    const posted = runBaton(
      repository,
      [
        'pool',
        'post',
        '--action',
        'completed',
        '--topic',
        task,
        '--summary',
        summary,
        '--plan',
        'p1',
        '--task',
        task,
      ],
      as('A'),
    );
    assert.equal(posted.status, 0, posted.stderr);
  }

  // Human output: time, kind, instance, plan/task and what happened; a denial names file and reason.
  const human = runBaton(repository, ['events', '--kind', 'edit-denied'], as('C'));
  assert.equal(human.status, 0, human.stderr);
  const lines = human.stdout.trim().split('\n');
  assert.equal(lines.length, 1, human.stdout);
  assert.match(
    lines[0]!,
    /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}\s+edit-denied\s+B\s+-\s+Write src\/app\.ts: .*held by instance A/,
  );

  // --kind: repeatable, comma lists, and "denials" for every refusal.
  const kinds = (args: string[]) =>
    (
      JSON.parse(runBaton(repository, ['events', '--json', ...args], as('C')).stdout).events as EventJson[]
    ).map((event) => event.kind);
  assert.deepEqual(kinds(['--kind', 'denials']), ['edit-denied', 'claim-denied']);
  assert.deepEqual(kinds(['--kind', 'claim-denied,pool-posted']), [
    'claim-denied',
    'pool-posted',
    'pool-posted',
  ]);
  assert.deepEqual(kinds(['--kind', 'edit-denied', '--kind', 'claim-denied']), [
    'edit-denied',
    'claim-denied',
  ]);

  // JSON: the stored event with its description.
  const all = JSON.parse(runBaton(repository, ['events', '--json'], as('C')).stdout).events as EventJson[];
  const edit = all.find((event) => event.kind === 'edit-denied')!;
  assert.equal(edit.instance, 'B');
  assert.equal(edit.data.path, 'src/app.ts');
  assert.match(edit.description, /^Write src\/app\.ts: /);
  const claim = all.find((event) => event.kind === 'claim-denied')!;
  assert.match(claim.description, /src\/app\.ts \(held by A\)/);

  // --instance, --plan, --task, --limit (the newest), --since.
  assert.deepEqual([...new Set(kinds(['--instance', 'B']))].sort(), ['claim-denied', 'edit-denied']);
  const plan = JSON.parse(runBaton(repository, ['events', '--json', '--plan', 'p1'], as('C')).stdout)
    .events as EventJson[];
  assert.deepEqual(
    plan.map((event) => event.taskId),
    ['T1', 'T2'],
  );
  const task = JSON.parse(
    runBaton(repository, ['events', '--json', '--plan', 'p1', '--task', 'T2'], as('C')).stdout,
  ).events as EventJson[];
  assert.deepEqual(
    task.map((event) => event.description),
    ['completed · T2: second task done'],
  );
  const newest = JSON.parse(runBaton(repository, ['events', '--json', '--limit', '1'], as('C')).stdout)
    .events as EventJson[];
  assert.deepEqual(
    newest.map((event) => event.taskId),
    ['T2'],
  );
  assert.equal(kinds(['--since', '1h']).length, all.length);
  assert.deepEqual(kinds(['--since', '2999-01-01T00:00']), []);
  assert.match(runBaton(repository, ['events', '--since', '2999-01-01'], as('C')).stdout, /no events match/);
  // A kind never recorded (a typo) is named, with the kinds there are; a real one is not.
  const typo = runBaton(
    repository,
    ['events', '--kind', 'edit-denial,claim-denied', '--since', '2999-01-01'],
    as('C'),
  );
  assert.equal(typo.status, 0, typo.stderr);
  assert.match(
    typo.stdout.trimEnd(),
    /^no events match: no edit-denial event is recorded here \(recorded kinds: claim-denied, claim-granted, edit-denied, pool-posted\)$/,
  );
  assert.doesNotMatch(typo.stdout, /claim-denied event/);
});

test('baton events refuses a bad flag before it opens the store', (t) => {
  const repository = makeRepository(t);
  const env = { env: { HOME: makeTemporaryDirectory(t, 'baton-home-') } };
  for (const args of [
    ['--since', 'yesterday'],
    ['--limit', 'ten'],
    ['--instance', 'bad id!'],
  ]) {
    const result = runBaton(repository, ['events', ...args, '--json'], env);
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stdout}`);
    assert.equal(JSON.parse(result.stdout).error.code, 'USAGE');
  }
  assert.equal(existsSync(path.join(repository, '.baton', 'baton.db')), false);
  // Control: good flags on an empty store answer with nothing.
  writeFileSync(path.join(repository, '.keep'), '');
  const empty = runBaton(repository, ['events', '--since', '1h'], env);
  assert.equal(empty.status, 0, empty.stderr);
  assert.match(empty.stdout, /no events match/);
});
