// Task Master import defects found by an audit: root files, dependencies on missing or
// cancelled tasks, skipped statuses, commands to run, one summary for derived criteria.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importPlan } from '../../../src/core/import/import-formats.ts';
import { planIdFromTitle } from '../../../src/plans/import-plan.ts';

const tasksJson = JSON.stringify(
  {
    tasks: [
      {
        id: 1,
        title: 'Configure TypeScript',
        details: 'Add a strict tsconfig.json and the build script to package.json.',
        testStrategy: '`npm run build` passes',
        status: 'pending',
      },
      {
        id: 2,
        title: 'Migrate the database',
        description: 'Apply the schema.',
        details: 'Run `npx prisma migrate dev` once the schema is written.',
        status: 'pending',
        dependencies: [1, 99],
      },
      { id: 3, title: 'Support SAML login', details: 'Not this quarter.', status: 'cancelled' },
      {
        id: 4,
        title: 'Add audit log',
        details: 'Write src/audit.ts.',
        status: 'deferred',
        dependencies: [1],
      },
      {
        id: 5,
        title: 'Write the login page',
        details: 'Create src/pages/login.tsx.',
        status: 'pending',
        dependencies: [2, 3, 4],
      },
    ],
  },
  null,
  2,
);

function imported() {
  const result = importPlan(tasksJson, { id: 'x', format: 'task-master' });
  assert.ok(result.ok, JSON.stringify(!result.ok && result.diagnostics));
  return result;
}

test('root-level files named in the details are declared', () => {
  const task = imported().plan.tasks.find((each) => each.id === 'T1')!;
  assert.deepEqual(task.files, ['tsconfig.json', 'package.json']);
});

test('a dependency on a task tasks.json does not have is dropped with a warning', () => {
  const { plan, warnings } = imported();
  assert.deepEqual(plan.tasks.find((each) => each.id === 'T2')!.dependencies, ['T1']);
  assert.ok(
    warnings.some(
      (warning) =>
        warning.code === 'IMPORT_UNKNOWN_DEPENDENCY' && /T2 depends on 99.*dropped/.test(warning.message),
    ),
  );
});

test('cancelled and deferred tasks are left out, with the dependencies on them', () => {
  const { plan, warnings } = imported();
  assert.deepEqual(
    plan.tasks.map((task) => task.id),
    ['T1', 'T2', 'T5'],
  );
  assert.deepEqual(plan.tasks.find((each) => each.id === 'T5')!.dependencies, ['T2']);
  const leftOut = warnings.filter((warning) => warning.code === 'IMPORT_TASK_STATUS').map((w) => w.message);
  assert.deepEqual(leftOut, [
    'T3 was left out: it is cancelled in tasks.json',
    'T4 was left out: it is deferred in tasks.json',
  ]);
  const dropped = warnings
    .filter((warning) => /which was left out/.test(warning.message))
    .map((w) => w.message);
  assert.equal(dropped.length, 2);
  assert.match(dropped[0]!, /^T5 depends on 3, which was left out \(cancelled\)/);
});

test('a command the task says to run becomes its Verify command', () => {
  const task = imported().plan.tasks.find((each) => each.id === 'T2')!;
  assert.deepEqual(task.verify, ['npx prisma migrate dev']);
});

test('derived success criteria are one warning listing the tasks', () => {
  const criteria = imported().warnings.filter((warning) => warning.code === 'IMPORT_CRITERIA_GUESSED');
  assert.equal(criteria.length, 1);
  assert.match(criteria[0]!.message, /^2 tasks .*: T2, T5$/);
});

test('a plan id from a title, for generic file names', () => {
  assert.equal(planIdFromTitle('Tasks: User Registration API'), 'user-registration-api');
  assert.equal(planIdFromTitle('Imported from Task Master (tag feature-x)'), 'task-master-tag-feature-x');
  assert.equal(planIdFromTitle('Çà et là'), 'ca-et-la');
  assert.equal(planIdFromTitle('!!!'), undefined);
  const long = planIdFromTitle('word '.repeat(30))!;
  assert.ok(long.length <= 60 && !long.endsWith('-'), long);
});
