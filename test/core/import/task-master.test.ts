import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importPlan } from '../../../src/core/import/import-formats.ts';
import { parsePlan } from '../../../src/core/plan/parse.ts';
import { renderPlan } from '../../../src/core/plan/render.ts';
import { errorsOf, fixture, lineContaining, lintImported } from './support.ts';

const source = fixture('task-master-tasks.json');

function imported(tag?: string) {
  const result = importPlan(source, { id: 'api', fileName: 'tasks.json', ...(tag ? { tag } : {}) });
  assert.ok(result.ok, JSON.stringify(!result.ok && result.diagnostics));
  assert.equal(result.format, 'task-master');
  return result;
}

/** The line of the `{` that opens the task whose `"title"` is given. */
function taskLine(title: string): number {
  return lineContaining(source, `"title": "${title}"`) - 2;
}

// Read by hand from the fixture. Task 2's subtasks become T2.1–T2.3; T2 itself becomes a test
// task that waits for them; a subtask's number dependency names a sibling, "2.3" a subtask.
const expected = [
  { id: 'T1', action: 'create', files: ['src/server.ts', 'src/app.ts'], dependencies: [] },
  { id: 'T2', action: 'test', files: [], dependencies: ['T1', 'T2.1', 'T2.2', 'T2.3'] },
  { id: 'T2.1', action: 'create', files: ['src/models/user.ts'], dependencies: ['T1'] },
  { id: 'T2.2', action: 'create', files: ['src/auth/password.ts'], dependencies: ['T2.1'] },
  {
    id: 'T2.3',
    action: 'create',
    files: ['src/routes/auth.ts', 'src/models/user.ts', 'src/auth/password.ts'],
    dependencies: ['T2.1', 'T2.2'],
  },
  { id: 'T3', action: 'modify', files: ['src/routes/auth.ts'], dependencies: ['T2.3'] },
  { id: 'T4', action: 'create', files: ['docs/api.md'], dependencies: ['T2', 'T3'] },
  { id: 'T5', action: 'modify', files: [], dependencies: ['T1'] },
] as const;

test('task master: tasks and subtasks become tasks with actions, files and dependencies', () => {
  const { plan } = imported();
  assert.equal(plan.tasks.length, expected.length);
  expected.forEach((want, index) => {
    const task = plan.tasks[index]!;
    assert.equal(task.id, want.id);
    assert.equal(task.action, want.action, want.id);
    assert.deepEqual(task.files, [...want.files], want.id);
    assert.deepEqual(task.dependencies, [...want.dependencies], want.id);
  });
});

test('task master: title, description, details, testStrategy and verify commands', () => {
  const { plan } = imported();
  const [server, auth, , , login] = plan.tasks;
  assert.equal(server!.title, 'Create Express server skeleton');
  assert.match(
    server!.description,
    /^Set up the HTTP server the API runs in\. Priority: high\. Status in Task Master: done\.$/,
  );
  assert.match(server!.notes ?? '', /^Create src\/server\.ts that starts the app/);
  assert.deepEqual(server!.successCriteria, [
    'Run `npm run build`, start the server and check that GET /health returns 200.',
  ]);
  assert.deepEqual(server!.verify, ['npm run build']);
  assert.deepEqual(auth!.successCriteria, [
    'Unit tests cover hashing and verification',
    '`npm test` passes',
    'Logging in with valid credentials returns a token',
  ]);
  assert.deepEqual(auth!.verify, ['npm test']);
  assert.deepEqual(login!.verify, ['npm test -- auth']);
  assert.match(login!.description, /Subtask 3 of task 2 \(Implement user authentication\)/);
});

test('task master: every guess is a warning at the task it concerns', () => {
  const { warnings } = imported();
  for (const warning of warnings) assert.equal(warning.severity, 'warning');
  const at = (code: string) =>
    warnings.filter((warning) => warning.code === code).map((warning) => warning.line);
  assert.deepEqual(at('IMPORT_NO_FILES'), [taskLine('Refactor error handling')]);
  assert.deepEqual(at('IMPORT_TASK_STATUS'), [taskLine('Create Express server skeleton')]);
  // One warning, at the first task, naming every task whose criteria were derived.
  assert.deepEqual(at('IMPORT_CRITERIA_GUESSED'), [taskLine('Create user model')]);
  const criteria = warnings.find((warning) => warning.code === 'IMPORT_CRITERIA_GUESSED')!;
  assert.match(criteria.message, /^3 tasks .*: T2\.1, T2\.2, T4$/);
  assert.equal(at('IMPORT_FILES_GUESSED').length, 6);
  assert.deepEqual(at('IMPORT_GUESS'), [taskLine('Implement user authentication')]);
  const noFiles = warnings.find((warning) => warning.code === 'IMPORT_NO_FILES')!;
  assert.match(noFiles.hint ?? '', /Files.*PLAN_NO_FILES/);
});

test('task master: the plan renders and parses back; lint asks for the missing files, nothing else', () => {
  const { plan } = imported();
  const parsed = parsePlan(renderPlan(plan));
  assert.deepEqual(errorsOf(parsed.diagnostics), []);
  assert.deepEqual(
    parsed.plan.tasks.map((task) => [task.id, task.action, task.files, task.dependencies]),
    plan.tasks.map((task) => [task.id, task.action, task.files, task.dependencies]),
  );
  const diagnostics = lintImported(plan);
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  assert.deepEqual(
    errors.map((diagnostic) => diagnostic.code),
    ['PLAN_NO_FILES'],
  );
  assert.match(errors[0]!.message, /T5/);
});

test('task master: --tag picks another tag', () => {
  const { plan } = imported('feature-dark-mode');
  assert.equal(plan.meta.title, 'Dark mode');
  assert.equal(plan.meta.created, '2026-01-11T10:00:00.000Z');
  assert.deepEqual(
    plan.tasks.map((task) => [task.id, task.files, task.dependencies]),
    [
      ['T1', ['src/ui/theme.ts'], []],
      ['T2', ['src/ui/storage.ts', 'src/ui/theme.ts'], ['T1']],
    ],
  );
});

test('task master: a missing tag is an error naming the tags there are', () => {
  const result = importPlan(source, { id: 'api', tag: 'nope', format: 'task-master' });
  assert.ok(!result.ok);
  assert.equal(result.diagnostics[0]!.code, 'IMPORT_TAG_MISSING');
  assert.match(result.diagnostics[0]!.message, /"nope".*master, feature-dark-mode/);
});

const legacy = JSON.stringify(
  {
    tasks: [
      { id: 1, title: 'Create config loader', details: 'Write src/config.ts', dependencies: [] },
      {
        id: '2',
        title: 'Update CLI',
        details: 'Use the loader in src/cli.ts',
        dependencies: ['1'],
        subtasks: [
          { id: 1, title: 'Parse flags', details: 'in src/flags.ts', dependencies: [] },
          { id: 2, title: 'Wire flags', details: 'in src/cli.ts', dependencies: [1, '1.9'] },
        ],
      },
    ],
  },
  null,
  2,
);

test('task master: the legacy shape, string ids and dotted dependencies', () => {
  const result = importPlan(legacy, { id: 'cli', fileName: 'tasks.json' });
  assert.ok(result.ok);
  assert.deepEqual(
    result.plan.tasks.map((task) => [task.id, task.action, task.dependencies]),
    [
      ['T1', 'create', []],
      ['T2', 'test', ['T1', 'T2.1', 'T2.2']],
      ['T2.1', 'create', ['T1']],
      // "Wire" says the file is changed, not made; T1.9 does not exist, so that dependency is dropped.
      ['T2.2', 'modify', ['T2.1']],
    ],
  );
  const unknown = result.warnings.find((warning) => warning.code === 'IMPORT_UNKNOWN_DEPENDENCY');
  assert.match(unknown?.message ?? '', /1\.9, which tasks\.json does not have; the dependency was dropped/);
  assert.equal(unknown?.line, lineContaining(legacy, '"title": "Wire flags"') - 2);

  const tagged = importPlan(legacy, { id: 'cli', tag: 'feature', format: 'task-master' });
  assert.ok(!tagged.ok);
  assert.equal(tagged.diagnostics[0]!.code, 'IMPORT_TAG_MISSING');
});

test('task master: malformed JSON is an error with its line and column', () => {
  const text = '{\n  "tasks": [\n    { "id": 1, "title": "a" }\n    { "id": 2, "title": "b" }\n  ]\n}\n';
  const result = importPlan(text, { id: 'broken', fileName: 'tasks.json' });
  assert.ok(!result.ok);
  assert.equal(result.format, 'task-master');
  assert.equal(result.diagnostics[0]!.code, 'IMPORT_MALFORMED');
  assert.equal(result.diagnostics[0]!.line, 4);
  assert.equal(result.diagnostics[0]!.column, 5);
});

test('task master: a task the schema rejects is an error at that task', () => {
  const text =
    '{\n  "tasks": [\n    { "id": 1, "title": "a" },\n    { "id": 2, "dependencies": [] }\n  ]\n}\n';
  const result = importPlan(text, { id: 'broken', format: 'task-master' });
  assert.ok(!result.ok);
  assert.equal(result.diagnostics[0]!.code, 'IMPORT_MALFORMED');
  assert.match(result.diagnostics[0]!.message, /tasks\.1\.title/);
  assert.equal(result.diagnostics[0]!.line, 4);
});
