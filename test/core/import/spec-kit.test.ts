import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importPlan } from '../../../src/core/import/import-formats.ts';
import { parsePlan } from '../../../src/core/plan/parse.ts';
import { renderPlan } from '../../../src/core/plan/render.ts';
import { errorsOf, fixture, lineContaining, lintImported } from './support.ts';

const source = fixture('spec-kit-tasks.md');

function imported(text = source) {
  const result = importPlan(text, { id: 'user-registration', fileName: 'tasks.md', now: '2026-03-01' });
  assert.ok(result.ok, JSON.stringify(!result.ok && result.diagnostics));
  assert.equal(result.format, 'spec-kit');
  return result;
}

const setupSinks = ['T002', 'T003'];
const foundationSinks = ['T004', 'T005', 'T006'];

// Read by hand from the fixture: phases are barriers (a phase waits for the tasks of the phase
// before that nothing else in it waits for); inside a phase a task without [P] waits for the
// sequential task before it and the [P] tasks since; a [P] task waits only for the barrier.
const expected = [
  { id: 'T001', action: 'create', files: ['src/__init__.py', 'tests/__init__.py'], dependencies: [] },
  { id: 'T002', action: 'create', files: ['pyproject.toml'], dependencies: ['T001'] },
  { id: 'T003', action: 'modify', files: ['ruff.toml'], dependencies: [] },
  { id: 'T004', action: 'create', files: ['src/db/session.py'], dependencies: setupSinks },
  { id: 'T005', action: 'create', files: ['src/models/base.py'], dependencies: setupSinks },
  { id: 'T006', action: 'modify', files: ['src/api/errors.py'], dependencies: setupSinks },
  {
    id: 'T007',
    action: 'create',
    files: ['tests/contract/test_users_post.py'],
    dependencies: foundationSinks,
  },
  {
    id: 'T008',
    action: 'create',
    files: ['tests/integration/test_registration.py'],
    dependencies: foundationSinks,
  },
  { id: 'T009', action: 'create', files: ['src/models/user.py'], dependencies: foundationSinks },
  {
    id: 'T010',
    action: 'create',
    files: ['src/services/user_service.py'],
    dependencies: ['T007', 'T008', 'T009'],
  },
  { id: 'T011', action: 'create', files: ['src/api/users.py'], dependencies: ['T010'] },
  // The file exists by now (T010 created it): adding to it is a modification.
  { id: 'T012', action: 'modify', files: ['src/services/user_service.py'], dependencies: ['T011'] },
  { id: 'T013', action: 'run', files: [], dependencies: ['T012'] },
] as const;

test('spec-kit: every task line becomes a task with its id, action, files and dependencies', () => {
  const { plan } = imported();
  assert.equal(plan.tasks.length, expected.length);
  expected.forEach((want, index) => {
    const task = plan.tasks[index]!;
    assert.equal(task.id, want.id);
    assert.equal(task.action, want.action, want.id);
    assert.deepEqual(task.files, [...want.files], want.id);
    assert.deepEqual([...task.dependencies].sort(), [...want.dependencies], want.id);
  });
});

test('spec-kit: titles drop the markers and the dependency note; labels go to the description', () => {
  const { plan } = imported();
  const byId = new Map(plan.tasks.map((task) => [task.id, task]));
  assert.equal(byId.get('T009')!.title, 'Create User model in src/models/user.py');
  assert.equal(byId.get('T010')!.title, 'Implement UserService.register in src/services/user_service.py');
  assert.match(byId.get('T009')!.description, /User story: US1\./);
  assert.match(byId.get('T009')!.description, /Phase 3: User Story 1 - Register an account/);
  assert.match(byId.get('T009')!.description, /parallel/);
  assert.doesNotMatch(byId.get('T010')!.description, /parallel/);
  assert.match(byId.get('T007')!.description, /Tests for User Story 1/);
  assert.match(byId.get('T001')!.description, /Marked done in tasks\.md/);
});

test('spec-kit: a command in backticks is the verify of a run task', () => {
  const { plan } = imported();
  const run = plan.tasks.find((task) => task.id === 'T013')!;
  assert.deepEqual(run.verify, ['pytest tests/contract tests/integration']);
});

test('spec-kit: success criteria are derived, and the phase independent test closes the phase', () => {
  const { plan, warnings } = imported();
  for (const task of plan.tasks) assert.ok(task.successCriteria.length > 0, task.id);
  const last = plan.tasks.find((task) => task.id === 'T013')!;
  assert.ok(
    last.successCriteria.includes(
      'Phase 3 independent test: POST /users with a new email returns 201 and the user can be read back',
    ),
  );
  const guessed = warnings.filter((warning) => warning.code === 'IMPORT_CRITERIA_GUESSED');
  assert.equal(guessed.length, 1);
  assert.match(guessed[0]!.message, /^13 tasks .*: T001, T002, .*, T013$/);
  assert.equal(guessed[0]!.line, lineContaining(source, 'T001 Create project structure'));
});

test('spec-kit: every guess is a warning at the task line', () => {
  const { warnings } = imported();
  for (const warning of warnings) assert.equal(warning.severity, 'warning');
  const done = warnings.filter((warning) => warning.code === 'IMPORT_TASK_STATUS');
  assert.deepEqual(
    done.map((warning) => warning.line),
    [lineContaining(source, 'T001 Create project structure')],
  );
  const actions = new Map(
    warnings
      .filter((warning) => warning.code === 'IMPORT_ACTION_GUESSED')
      .map((warning) => [warning.message.slice(0, 4), warning.line]),
  );
  // "Implement … in src/services/user_service.py": nothing says whether the file exists.
  assert.equal(actions.get('T010'), lineContaining(source, 'T010 [US1] Implement'));
  assert.equal(actions.get('T011'), lineContaining(source, 'T011 [US1] Implement'));
  // "Create" and "Contract test … in <file>" state the action: no guess.
  assert.equal(actions.has('T009'), false);
  assert.equal(actions.has('T007'), false);
});

test('spec-kit: the title, the summary and the non-phase sections are kept; the notation legend is not', () => {
  const { plan } = imported();
  assert.equal(plan.meta.title, 'User Registration');
  assert.equal(plan.meta.created, '2026-03-01');
  assert.match(plan.summary, /Design documents from `\/specs\/001-user-registration\/`/);
  assert.deepEqual(
    plan.extraSections.map((section) => section.title),
    ['Dependencies & Execution Order', 'Parallel Example: User Story 1', 'Phases'],
  );
  assert.match(plan.extraSections[2]!.body, /Foundation ready/);
});

test('spec-kit: the import renders, parses back to the same tasks and lints clean', () => {
  const { plan } = imported();
  const parsed = parsePlan(renderPlan(plan));
  assert.deepEqual(errorsOf(parsed.diagnostics), []);
  assert.deepEqual(
    parsed.plan.tasks.map((task) => [task.id, task.action, task.files, task.dependencies]),
    plan.tasks.map((task) => [task.id, task.action, task.files, task.dependencies]),
  );
  const diagnostics = lintImported(plan);
  assert.deepEqual(errorsOf(diagnostics), []);
});

const small = `# Tasks: Small

## Phase 1: Setup

- [ ] T001 Create project structure per implementation plan
- [ ] T002 [P] Delete the old scripts/legacy.sh
- [ ] T003 Update README.md with setup steps (depends on T099)

## Phase 2: Polish

- [ ] T004 [P] Run quickstart validation
- [ ] T005 [P] Remove dead code in src/old/thing.ts
`;

test('spec-kit: a create task without a path, an unknown dependency, delete and run verbs', () => {
  const result = importPlan(small, { id: 'small' });
  assert.ok(result.ok);
  const [structure, legacy, readme, quickstart, dead] = result.plan.tasks;
  assert.deepEqual([structure!.action, structure!.files], ['create', []]);
  assert.deepEqual(
    [legacy!.action, legacy!.files, legacy!.dependencies],
    ['delete', ['scripts/legacy.sh'], []],
  );
  assert.deepEqual([readme!.action, readme!.files], ['modify', ['README.md']]);
  assert.deepEqual([...readme!.dependencies].sort(), ['T001', 'T002', 'T099']);
  // T003 waits for T001 and T002, so T003 alone closes phase 1.
  assert.deepEqual([quickstart!.action, quickstart!.dependencies], ['run', ['T003']]);
  assert.deepEqual(dead!.dependencies, ['T003']);
  assert.deepEqual([dead!.action, dead!.files], ['delete', ['src/old/thing.ts']]);

  const noFiles = result.warnings.find((warning) => warning.code === 'IMPORT_NO_FILES');
  assert.equal(noFiles?.line, lineContaining(small, 'T001'));
  assert.match(noFiles?.hint ?? '', /Files/);
  const unknown = result.warnings.find((warning) => warning.code === 'IMPORT_UNKNOWN_DEPENDENCY');
  assert.equal(unknown?.line, lineContaining(small, 'T003'));
  assert.match(unknown?.message ?? '', /T099/);
});

test('spec-kit: a file with no task lines cannot be imported', () => {
  const result = importPlan('# Tasks: none\n\n## Phase 1: Setup\n\nNothing yet.\n', {
    id: 'none',
    format: 'spec-kit',
  });
  assert.equal(result.ok, false);
  assert.ok(!result.ok);
  assert.equal(result.diagnostics[0]!.code, 'IMPORT_NO_TASKS');
});

test('spec-kit: front matter, an uppercase [X] and underscores that Markdown would read as emphasis', () => {
  const text = [
    '---',
    'description: "Task list for the CLI"',
    '---',
    '',
    '# Tasks: CLI',
    '',
    '## Phase 1: Setup',
    '',
    '- [X] T001 Create package with src/cli/__init__.py and src/cli/__main__.py',
    '',
  ].join('\n');
  const result = importPlan(text, { id: 'cli' });
  assert.ok(result.ok);
  assert.equal(result.plan.summary, 'Task list for the CLI');
  const [task] = result.plan.tasks;
  assert.deepEqual(task!.files, ['src/cli/__init__.py', 'src/cli/__main__.py']);
  assert.equal(task!.title, 'Create package with src/cli/__init__.py and src/cli/__main__.py');
  assert.ok(result.warnings.some((warning) => warning.code === 'IMPORT_TASK_STATUS' && warning.line === 9));
});
