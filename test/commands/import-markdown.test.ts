// `baton import` of a plan already in baton's own Markdown form, or in seed 003's plan output
// format (which baton's parser reads): linted, stored in review as written (its id set), and
// refused with file:line errors — nothing written — when it does not lint clean.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runBaton } from '../support/cli.ts';
import { cleanPlanText } from '../support/plans.ts';
import { makeRepository, makeTemporaryDirectory } from '../support/repository.ts';

/** Seed 003's real example, as its "Real Example" gives it (the fenced plan, unchanged). */
function seed003Example(): string {
  const seed = readFileSync('/work/shared/seeds/003_ea5d33b12f20628c.txt', 'utf8');
  const start = seed.indexOf('# Plan: Express JWT Authentication');
  const end = seed.indexOf('```', start);
  return seed.slice(start, end);
}

const seed003Plan = `# Plan: Express JWT Authentication

## Overview
Add JWT-based authentication with user registration, login, and protected routes.

## Prerequisites
- [ ] Express app exists with basic routing

## Tasks

### Task 1: Create User Model
- **File**: src/models/user.ts
- **Action**: Create
- **Description**: User model with email, passwordHash, createdAt
- **Success Criteria**: Model exports User type

### Task 2: Create Auth Service
- **File**: src/services/auth.ts
- **Action**: Create
- **Description**: Functions: register, login, verifyToken
- **Success Criteria**: All functions exported, types defined
- **Dependencies**: Task 1

## Edge Cases
- Duplicate email registration: Return 409 Conflict

## Verification
- [ ] \`bun test\` passes
`;

function setUp(t: import('node:test').TestContext) {
  const repository = makeRepository(t);
  const env = { HOME: makeTemporaryDirectory(t, 'baton-home-') };
  assert.equal(runBaton(repository, ['init'], { env }).status, 0);
  const review = path.join(repository, '.baton/plans/review');
  return { repository, env, review };
}

test("baton import: baton's own Markdown plan goes into review as written, lint clean", (t) => {
  const { repository, env, review } = setUp(t);
  const text = cleanPlanText('greeting');
  writeFileSync(path.join(repository, 'greeting-plan.md'), text);
  const imported = runBaton(repository, ['import', 'greeting-plan.md', '--as', 'greeting', '--json'], {
    env,
  });
  assert.equal(imported.status, 0, imported.stdout + imported.stderr);
  const result = JSON.parse(imported.stdout);
  assert.equal(result.format, 'baton');
  assert.equal(result.id, 'greeting');
  assert.equal(result.tasks, 2);
  assert.deepEqual(result.diagnostics, []);
  assert.equal(readFileSync(path.join(review, 'greeting.md'), 'utf8'), text);
  assert.equal(runBaton(repository, ['lint', 'greeting'], { env }).status, 0);

  // Under another id, the front matter's id follows it (and the plan still lints clean).
  const again = runBaton(repository, ['import', 'greeting-plan.md', '--as', 'hello'], { env });
  assert.equal(again.status, 0, again.stdout + again.stderr);
  assert.match(again.stdout, /\(baton\) as hello/);
  assert.match(readFileSync(path.join(review, 'hello.md'), 'utf8'), /^---\nid: hello\n/);
  assert.equal(runBaton(repository, ['lint', 'hello'], { env }).status, 0);
  // And twice under one id: refused, the first kept.
  const twice = runBaton(repository, ['import', 'greeting-plan.md', '--as', 'hello'], { env });
  assert.equal(twice.status, 1);
  assert.match(twice.stderr, /PLAN_EXISTS/);
});

test("baton import: seed 003's plan form goes into review; its own example too", (t) => {
  const { repository, env, review } = setUp(t);
  writeFileSync(path.join(repository, 'jwt.md'), seed003Plan);
  const imported = runBaton(repository, ['import', 'jwt.md'], { env });
  assert.equal(imported.status, 0, imported.stdout + imported.stderr);
  assert.match(imported.stdout, /imported 2 tasks from jwt\.md \(baton\) as jwt/);
  assert.equal(readFileSync(path.join(review, 'jwt.md'), 'utf8'), seed003Plan);
  const shown = JSON.parse(runBaton(repository, ['show', 'jwt', '--json'], { env }).stdout);
  assert.deepEqual(shown.layers, [['T1'], ['T2']]);

  writeFileSync(path.join(repository, 'example.md'), seed003Example());
  const example = runBaton(repository, ['import', 'example.md', '--json'], { env });
  assert.equal(example.status, 0, example.stdout + example.stderr);
  assert.equal(JSON.parse(example.stdout).tasks, 7);
});

test('baton import: a baton plan with lint errors is refused with file:line errors, nothing written', (t) => {
  const { repository, env, review } = setUp(t);
  const broken = cleanPlanText('broken').replace('- **Dependencies**: T1', '- **Dependencies**: T7');
  writeFileSync(path.join(repository, 'broken.md'), broken);
  const before = readdirSync(review);
  const refused = runBaton(repository, ['import', 'broken.md'], { env });
  assert.equal(refused.status, 1, refused.stdout + refused.stderr);
  const line = broken.split('\n').findIndex((text) => text.includes('**Dependencies**: T7')) + 1;
  assert.match(refused.stderr, new RegExp(`broken\\.md:${line}:\\d+ error PLAN_UNKNOWN_DEPENDENCY`));
  assert.deepEqual(readdirSync(review), before);
  assert.equal(existsSync(path.join(review, 'broken.md')), false);
  const events = JSON.parse(
    runBaton(repository, ['events', '--kind', 'plan-created', '--json'], { env }).stdout,
  );
  assert.deepEqual(events.events, []);
  const json = runBaton(repository, ['import', 'broken.md', '--json'], { env });
  assert.equal(JSON.parse(json.stdout).error.code, 'PLAN_INVALID');

  // Control: other formats are still detected as before.
  writeFileSync(path.join(repository, 'notes.md'), '# Some notes\n\nNothing plan-like here.\n');
  const notes = runBaton(repository, ['import', 'notes.md'], { env });
  assert.equal(notes.status, 1);
  assert.match(notes.stderr, /not in a format baton can import/);
});
