import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importPlan } from '../../../src/core/import/import-formats.ts';
import { commandsIn } from '../../../src/core/plan/model.ts';
import { parsePlan } from '../../../src/core/plan/parse.ts';
import { renderPlan } from '../../../src/core/plan/render.ts';
import { errorsOf, fixture, lineContaining, lintImported } from './support.ts';

const source = fixture('seed-000-auth-jwt.md');

function imported(text = source) {
  const result = importPlan(text, { id: 'auth-jwt', format: 'seed-template' });
  assert.ok(result.ok, JSON.stringify(!result.ok && result.diagnostics));
  return result;
}

// The seed's nine implementation steps, read by hand from seed 000's auth-jwt.md.
const expected = [
  { id: 'T1', title: 'Install dependencies', action: 'run', files: [] },
  { id: 'T2', title: 'Create JWT utilities', action: 'create', files: ['src/auth/jwt.ts'] },
  {
    id: 'T3',
    title: 'Run database migration',
    action: 'create',
    files: ['src/db/migrations/YYYYMMDD_create_refresh_tokens.ts'],
  },
  { id: 'T4', title: 'Create auth middleware', action: 'create', files: ['src/middleware/auth.ts'] },
  { id: 'T5', title: 'Create/update auth routes', action: 'modify', files: ['src/routes/auth.ts'] },
  { id: 'T6', title: 'Protect existing routes', action: 'modify', files: ['src/routes/api.ts'] },
  // `.env` holds the secrets and is never committed; the committed files the plan lists for them are
  // .env.example and src/config/env.ts (both under Files to Modify).
  {
    id: 'T7',
    title: 'Add JWT secrets to .env',
    action: 'modify',
    files: ['.env.example', 'src/config/env.ts'],
  },
  { id: 'T8', title: 'Write tests', action: 'test', files: [] },
  { id: 'T9', title: 'Create Postman collection', action: 'run', files: [] },
] as const;

test('seed 000: each implementation step becomes a task with its title, action and files', () => {
  const { plan } = imported();
  assert.equal(plan.tasks.length, 9);
  expected.forEach((want, index) => {
    const task = plan.tasks[index]!;
    assert.equal(task.id, want.id);
    assert.equal(task.title, want.title, want.id);
    assert.equal(task.action, want.action, want.id);
    assert.deepEqual([...task.files].sort(), [...want.files], want.id);
  });
});

test('seed 000: "Sequential" chains every step to the one before it', () => {
  const { plan } = imported();
  assert.deepEqual(plan.tasks[0]!.dependencies, []);
  for (let index = 1; index < 9; index++) assert.deepEqual(plan.tasks[index]!.dependencies, [`T${index}`]);
});

test('seed 000: the install step runs its bash block as verify commands', () => {
  const { plan } = imported();
  assert.deepEqual(plan.tasks[0]!.verify, [
    'npm install jsonwebtoken uuid',
    'npm install --save-dev @types/jsonwebtoken @types/uuid',
  ]);
  assert.match(plan.tasks[0]!.notes ?? '', /```bash\nnpm install jsonwebtoken uuid/);
});

test('seed 000: step descriptions keep the sub-bullets and the Files sections purpose', () => {
  const { plan } = imported();
  const [, jwt, , , routes] = plan.tasks;
  assert.equal(jwt!.description, 'Implement all 4 functions; Add error handling (try/catch on verify)');
  assert.match(jwt!.notes ?? '', /`src\/auth\/jwt.ts` \(create, ~120 lines\): JWT utility functions/);
  assert.equal(routes!.description, 'POST /auth/login; POST /auth/refresh; POST /auth/logout');
  assert.match(routes!.notes ?? '', /POST \/auth\/logout → revoke refresh token/);
});

test('seed 000: every task has success criteria, each derived one reported as a guess', () => {
  const { plan, warnings } = imported();
  for (const task of plan.tasks) assert.ok(task.successCriteria.length > 0, task.id);
  assert.equal(plan.tasks[1]!.successCriteria[0], 'Step 2 done: Create JWT utilities');
  const routes = plan.tasks[4]!.successCriteria;
  assert.ok(routes.includes('POST /auth/login returns accessToken + refreshToken'));
  assert.ok(routes.includes('POST /auth/logout revokes refresh token'));
  assert.ok(
    plan.tasks[5]!.successCriteria.includes('Protected routes return 401 without valid access token'),
  );
  assert.ok(plan.tasks[8]!.successCriteria.includes('Postman collection works end-to-end'));
  // The criterion naming `npm test` belongs to the tests step, which then verifies with it.
  assert.ok(plan.tasks[7]!.successCriteria.includes('All tests pass (`npm test`)'));
  assert.deepEqual(plan.tasks[7]!.verify, ['npm test']);

  // One summary warning for the nine steps, at the first of them.
  const guessed = warnings.filter((warning) => warning.code === 'IMPORT_CRITERIA_GUESSED');
  assert.equal(guessed.length, 1);
  assert.match(guessed[0]!.message, /^9 tasks .*: T1, T2, T3, T4, T5, T6, T7, T8, T9$/);
  for (const warning of warnings) assert.equal(warning.severity, 'warning');
});

test('seed 000: plan-level sections are kept', () => {
  const { plan } = imported();
  assert.deepEqual(plan.meta, {
    id: 'auth-jwt',
    title: 'JWT Authentication',
    created: '2026-02-04',
    author: 'Claude Zero',
    effort: '3-4 hours',
    risk: 'medium',
  });
  assert.match(plan.summary, /^Implement JWT-based authentication/);
  assert.equal(plan.requirements.length, 5);
  assert.equal(plan.requirements[0], 'Multiple sessions per user: YES');
  assert.equal(plan.verification.length, 10);
  assert.equal(plan.verification[0], 'POST /auth/login returns accessToken + refreshToken');
  assert.equal(plan.verification[8], 'All tests pass (`npm test`)');
  assert.deepEqual(commandsIn(plan.verification), ['npm test']);
  assert.equal(plan.securityChecklist.length, 7);
  assert.equal(plan.securityChecklist[0], 'JWT secrets are in .env (never committed)');
  assert.equal(plan.risks.length, 4);
  assert.deepEqual(plan.risks[0], {
    risk: 'JWT secrets leaked',
    impact: 'High',
    mitigation: '.env in .gitignore, never log secrets',
  });
  assert.equal(plan.questions.length, 3);
  assert.match(plan.questions[1]!, /^\*\*Database ORM\*\*: Use existing ORM/);
  assert.deepEqual(
    plan.extraSections.map((section) => section.title),
    ['Files to Create', 'Files to Modify', 'Estimated Effort Breakdown'],
  );
  assert.match(plan.extraSections[0]!.body, /CREATE TABLE refresh_tokens/);
});

test('seed 000: the guesses about files are reported at the step they concern', () => {
  const { warnings } = imported();
  const files = warnings.filter((warning) => warning.code === 'IMPORT_FILES_GUESSED');
  assert.deepEqual(
    files.map((warning) => warning.line),
    [
      lineContaining(source, '3. **Run database migration**'),
      lineContaining(source, '7. **Add JWT secrets to .env**'),
    ],
  );
  assert.match(files[1]!.message, /\.env is not in Files to Create\/Modify/);
  const actions = warnings.filter((warning) => warning.code === 'IMPORT_ACTION_GUESSED');
  assert.deepEqual(
    actions.map((warning) => warning.line),
    [
      lineContaining(source, '8. **Write tests**'),
      lineContaining(source, '9. **Create Postman collection**'),
    ],
  );
  assert.equal(warnings.filter((warning) => warning.code === 'IMPORT_UNUSED_FILE').length, 0);
});

test('seed 000: the import renders, parses back to the same tasks and lints clean', () => {
  const { plan } = imported();
  const parsed = parsePlan(renderPlan(plan));
  assert.deepEqual(errorsOf(parsed.diagnostics), []);
  assert.deepEqual(
    parsed.plan.tasks.map((task) => [task.id, task.action, task.files, task.dependencies, task.verify]),
    plan.tasks.map((task) => [task.id, task.action, task.files, task.dependencies, task.verify]),
  );
  const diagnostics = lintImported(plan);
  assert.deepEqual(errorsOf(diagnostics), []);
});

test('steps not marked Sequential get no dependencies, and a warning at the heading', () => {
  const text = source.replace('## Implementation Steps (Sequential)', '## Implementation Steps');
  const { plan, warnings } = imported(text);
  for (const task of plan.tasks) assert.deepEqual(task.dependencies, [], task.id);
  const warning = warnings.find((each) => each.code === 'IMPORT_DEPENDENCIES_GUESSED');
  assert.equal(warning?.line, lineContaining(text, '## Implementation Steps'));
});

const twoAuthFiles = `# Plan: Auth

## Files to Create

### 1. src/middleware/auth.ts (~60 lines)

**Purpose**: Authentication middleware

### 2. src/routes/auth.ts

**Purpose**: Auth routes

## Implementation Steps (Sequential)

1. **Create auth middleware** (auth.ts)
2. **Create auth routes** (auth.ts)
3. **Wire up auth** (auth.ts)
4. **Touch the handler in src/routes/auth.ts**

## Success Criteria

- [ ] Logging in works
`;

test('an ambiguous file name is settled by the step name, else both files are taken with a warning', () => {
  const result = importPlan(twoAuthFiles, { id: 'auth' });
  assert.ok(result.ok);
  assert.equal(result.format, 'seed-template');
  const [middleware, routes, wire, explicit] = result.plan.tasks;
  assert.deepEqual(middleware!.files, ['src/middleware/auth.ts']);
  assert.deepEqual(routes!.files, ['src/routes/auth.ts']);
  assert.deepEqual([...wire!.files].sort(), ['src/middleware/auth.ts', 'src/routes/auth.ts']);
  assert.deepEqual(explicit!.files, ['src/routes/auth.ts']);
  const ambiguous = result.warnings.filter((warning) => warning.code === 'IMPORT_FILES_GUESSED');
  assert.equal(ambiguous.length, 1);
  assert.equal(ambiguous[0]!.line, lineContaining(twoAuthFiles, '3. **Wire up auth**'));
});

test('a listed file no step names is reported', () => {
  const text = twoAuthFiles.replace(/\n2\. .*\n3\. .*\n4\. .*\n/, '\n');
  const result = importPlan(text, { id: 'auth', format: 'seed-template' });
  assert.ok(result.ok);
  const unused = result.warnings.filter((warning) => warning.code === 'IMPORT_UNUSED_FILE');
  assert.deepEqual(
    unused.map((warning) => warning.line),
    [lineContaining(text, '### 2. src/routes/auth.ts')],
  );
});

test('a plan without implementation steps cannot be imported, and says why', () => {
  const result = importPlan('# Plan: Nothing\n\n## Summary\n\nNo steps.\n', {
    id: 'x',
    format: 'seed-template',
  });
  assert.equal(result.ok, false);
  assert.ok(!result.ok);
  assert.equal(result.diagnostics[0]!.code, 'IMPORT_NO_TASKS');
  assert.equal(result.diagnostics[0]!.severity, 'error');
});

test('seed 000 template, unfilled: imports, and lint reports its placeholders', () => {
  const template = fixture('seed-000-template.md');
  const result = importPlan(template, { id: 'template' });
  assert.ok(result.ok);
  assert.equal(result.format, 'seed-template');
  assert.equal(result.plan.meta.title, '[Feature Name]');
  assert.deepEqual(
    result.plan.tasks.map((task) => task.title),
    ['[Step name]', '[Step name]'],
  );
  assert.equal(result.plan.meta.risk, undefined);
  assert.ok(result.warnings.some((warning) => /Low \| Medium \| High/.test(warning.message)));
  const diagnostics = lintImported(result.plan);
  const placeholders = diagnostics.filter(
    (diagnostic) => diagnostic.code === 'PLAN_PLACEHOLDER' && diagnostic.severity === 'error',
  );
  assert.ok(placeholders.length >= 3, JSON.stringify(diagnostics));
});
