import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parsePlan } from '../../../src/core/plan/parse.ts';
import { locate } from './locate.ts';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/plans');
const read = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');

describe('seed 003: the Express JWT example, verbatim', () => {
  const text = read('seed-003-express-jwt.md');
  const { plan, diagnostics, positions } = parsePlan(text);

  test('reads without diagnostics', () => {
    assert.deepEqual(diagnostics, []);
    assert.equal(plan.meta.title, 'Express JWT Authentication');
    assert.equal(plan.meta.id, '', 'no front matter: the id comes from the file name, not the text');
    assert.equal(
      plan.summary,
      'Add JWT-based authentication with user registration, login, and protected routes.',
    );
    assert.deepEqual(plan.prerequisites, [
      'Express app exists with basic routing',
      'Database connection configured',
    ]);
  });

  test('has tasks T1..T7 with their titles, actions and files', () => {
    assert.deepEqual(
      plan.tasks.map((task) => [task.id, task.title, task.action, task.files]),
      [
        ['T1', 'Add Dependencies', 'run', []],
        ['T2', 'Create User Model', 'create', ['src/models/user.ts']],
        ['T3', 'Create Auth Service', 'create', ['src/services/auth.ts']],
        ['T4', 'Create Auth Middleware', 'create', ['src/middleware/auth.ts']],
        ['T5', 'Add Auth Routes', 'create', ['src/routes/auth.ts']],
        ['T6', 'Protect API Routes', 'modify', ['src/routes/api.ts']],
        ['T7', 'Add Tests', 'create', ['src/services/auth.test.ts']],
      ],
    );
  });

  test('T1 "Install packages" with a Command is a run task whose command is its verify command', () => {
    const first = plan.tasks[0]!;
    assert.equal(first.action, 'run');
    assert.deepEqual(first.verify, ['bun add jsonwebtoken bcryptjs']);
    assert.deepEqual(first.successCriteria, ['Packages in package.json']);
    assert.equal(first.description, '');
  });

  test('descriptions and success criteria, task by task', () => {
    assert.deepEqual(
      plan.tasks.map((task) => [task.description, task.successCriteria]),
      [
        ['', ['Packages in package.json']],
        ['User model with email, passwordHash, createdAt', ['Model exports User type']],
        ['Functions: register, login, verifyToken', ['All functions exported, types defined']],
        ['Middleware to verify JWT from Authorization header', ['Middleware exported']],
        ['POST /register, POST /login', ['Routes respond correctly']],
        ['Add auth middleware to /api/* routes', ['Unauthenticated requests get 401']],
        ['Tests for register, login, verifyToken', ['`bun test` passes']],
      ],
    );
  });

  test('the example writes no dependencies, so no task has any (they may all run at once)', () => {
    for (const task of plan.tasks) assert.deepEqual(task.dependencies, [], task.id);
    for (const task of plan.tasks) assert.deepEqual(positions.tasks[task.id]?.dependencies, []);
  });

  test('edge cases and verification, with the commands in backticks', () => {
    assert.deepEqual(plan.edgeCases, [
      'Duplicate email registration: Return 409 Conflict',
      'Invalid credentials: Return 401 Unauthorized',
      'Expired token: Return 401 with "token expired" message',
      'Missing Authorization header: Return 401',
    ]);
    assert.deepEqual(plan.verification, [
      'All 7 tasks complete',
      '`bun run build` passes',
      '`bun test` passes',
      'Can register new user',
      'Can login and receive token',
      'Protected routes reject without token',
    ]);
  });

  test('positions: the task heading, its fields and its file', () => {
    const second = positions.tasks['T2']!;
    assert.deepEqual(second.heading, locate(text, '### Task 2'));
    assert.deepEqual(second.fields.files, locate(text, '**File**: src/models/user.ts'));
    assert.deepEqual(second.files[0], locate(text, 'src/models/user.ts'));
    assert.deepEqual(positions.tasks['T1']!.fields.verify, locate(text, '**Command**'));
    assert.deepEqual(positions.sections.tasks, locate(text, '## Tasks'));
  });
});

describe('the canonical fixture', () => {
  const text = read('canonical.md');
  const { plan, diagnostics, positions } = parsePlan(text);

  test('front matter becomes the metadata', () => {
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(plan.meta, {
      id: 'rate-limit-login',
      title: 'Rate-limit login attempts',
      created: '2026-02-04',
      author: 'Claude Zero',
      risk: 'medium',
      effort: '2-3 hours',
      base: 'main',
    });
    assert.deepEqual(positions.meta?.risk, locate(text, 'risk: medium'));
  });

  test('tasks with every field', () => {
    assert.deepEqual(plan.tasks[0], {
      id: 'T1',
      title: 'Add the rate limiter module',
      action: 'create',
      files: ['src/auth/rate-limit.ts', 'src/auth/rate-limit.test.ts'],
      description: 'A sliding-window counter in Redis with `hit(key)` and `reset(key)`.',
      successCriteria: [
        '`hit` returns the remaining attempts and the retry-after time',
        'Counters expire after the window',
      ],
      verify: ['npm test -- src/auth/rate-limit.test.ts'],
      dependencies: [],
      estimate: '45m',
    });
    assert.deepEqual(
      plan.tasks.map((task) => task.dependencies),
      [[], ['T1'], ['T2'], ['T2', 'T3']],
    );
    assert.deepEqual(positions.tasks['T4']!.dependencies, [
      locate(text, 'T2, T3'),
      { ...locate(text, 'T2, T3'), column: locate(text, 'T2, T3').column + 4 },
    ]);
    assert.deepEqual(positions.tasks['T1']!.files[1], locate(text, 'src/auth/rate-limit.test.ts'));
  });

  test('the other sections', () => {
    assert.equal(plan.requirements.length, 3);
    assert.deepEqual(plan.securityChecklist, [
      'The limiter key never contains the password',
      '429 answers do not reveal whether the account exists',
    ]);
    assert.deepEqual(plan.risks, [
      {
        risk: 'Real users locked out',
        impact: 'Medium',
        mitigation: 'Short window; counter reset on success',
      },
      { risk: 'Redis outage blocks logins', impact: 'High', mitigation: 'Fail open, alert on errors' },
    ]);
    assert.deepEqual(plan.questions, [
      'Existing middleware order: put the limiter after body parsing, before authentication',
    ]);
    assert.equal(plan.extraSections.length, 0);
  });
});

describe('tolerance: what people actually write', () => {
  test('### Task 1: Name, Dependencies: Task 1, Task 2, and [previous tasks]', () => {
    const { plan, diagnostics } = parsePlan(`# Plan: Tolerant

## Tasks

### Task 1: First
- **Action**: create
- **File**: a.ts
- **Success Criteria**: works

### Task 2: Second
- **Action**: modify
- **File**: b.ts
- **Success Criteria**: works
- **Dependencies**: [previous tasks]

### Task 3: Third
- **Action**: modify
- **File**: c.ts
- **Success Criteria**: works
- **Dependencies**: Task 1, Task 2
`);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(
      plan.tasks.map((task) => [task.id, task.title, task.dependencies]),
      [
        ['T1', 'First', []],
        ['T2', 'Second', ['T1']],
        ['T3', 'Third', ['T1', 'T2']],
      ],
    );
  });

  test('[previous tasks] on the first task means no dependency', () => {
    const { plan } = parsePlan('## Tasks\n\n### T1: Only\n- Dependencies: [previous tasks]\n');
    assert.deepEqual(plan.tasks[0]!.dependencies, []);
  });

  test('field names in any case, bold or not, colon inside or outside the bold, as paragraphs', () => {
    const { plan, positions } = parsePlan(`## Tasks

### T1: Mixed
ACTION: Modify
**files:** \`src/a.ts\`, src/b.ts (new)
__Description__: Change things
that continue on the next line
success criteria: one line
- verify: \`npm test\` and \`npm run lint\`
- *Dependencies*: none
- EsTiMaTe: 2h
`);
    const task = plan.tasks[0]!;
    assert.equal(task.action, 'modify');
    assert.deepEqual(task.files, ['src/a.ts', 'src/b.ts']);
    assert.equal(task.description, 'Change things that continue on the next line');
    assert.deepEqual(task.successCriteria, ['one line']);
    assert.deepEqual(task.verify, ['npm test', 'npm run lint']);
    assert.deepEqual(task.dependencies, []);
    assert.equal(task.estimate, '2h');
    assert.equal(positions.tasks['T1']!.fields.action?.line, 4);
    assert.equal(positions.tasks['T1']!.fields.estimate?.line, 11);
  });

  test('checkboxes in success criteria, prerequisites and verification are dropped', () => {
    const { plan } = parsePlan(`## Prerequisites
- [ ] Node 24
- [x] Git

## Tasks
### T1: Checked
- **Success Criteria**:
  - [ ] first
  - [x] \`second\` passes
  - third

## Verification
- [X] \`npm test\` passes
`);
    assert.deepEqual(plan.prerequisites, ['Node 24', 'Git']);
    assert.deepEqual(plan.tasks[0]!.successCriteria, ['first', '`second` passes', 'third']);
    assert.deepEqual(plan.verification, ['`npm test` passes']);
  });

  test('files as a nested list, globs with braces, "none"', () => {
    const { plan } = parsePlan(`## Tasks
### T1: Files
- Files:
  - \`src/{a,b}.ts\`
  - docs/**/*.md — the docs
### T2: None
- Files: none
`);
    assert.deepEqual(plan.tasks[0]!.files, ['src/{a,b}.ts', 'docs/**/*.md']);
    assert.deepEqual(plan.tasks[1]!.files, []);
  });

  test('action synonyms, and an unknown action', () => {
    const { plan, diagnostics } = parsePlan(`## Tasks
### T1: a
- Action: Update
### T2: b
- Action: Remove
### T3: c
- Action: Install packages
### T4: d
- Action: ponder
`);
    assert.deepEqual(
      plan.tasks.map((task) => task.action),
      ['modify', 'delete', 'run', undefined],
    );
    assert.deepEqual(
      diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.line]),
      [['PLAN_UNKNOWN_ACTION', 9]],
    );
  });

  test('section synonyms: Overview, "(if applicable)", "(Claude One)", &', () => {
    const { plan } = parsePlan(`# Plan: S
## Overview
Words.
## Security Checklist (if applicable)
- [ ] one
## Questions for Implementer (Claude One)
1. **ORM**: use the existing one
## Risks and Mitigations
- Flaky network
## Files to Create
### 1. src/a.ts
Keep *this* as written.
`);
    assert.equal(plan.summary, 'Words.');
    assert.deepEqual(plan.securityChecklist, ['one']);
    assert.deepEqual(plan.questions, ['**ORM**: use the existing one']);
    assert.deepEqual(plan.risks, [{ risk: 'Flaky network', impact: '', mitigation: '' }]);
    assert.deepEqual(plan.extraSections, [
      { title: 'Files to Create', body: '### 1. src/a.ts\nKeep *this* as written.' },
    ]);
  });

  test("seed 000's bold metadata lines", () => {
    const text = `# Plan: JWT Authentication

**Created**: 2026-02-04
**Author**: Claude Zero
**Estimated effort**: 3-4 hours
**Risk level**: Medium (security-critical)

## Summary
Implement JWT-based authentication.
`;
    const { plan, diagnostics, positions } = parsePlan(text);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(plan.meta, {
      id: '',
      title: 'JWT Authentication',
      created: '2026-02-04',
      author: 'Claude Zero',
      effort: '3-4 hours',
      risk: 'medium',
    });
    assert.equal(plan.summary, 'Implement JWT-based authentication.');
    assert.deepEqual(positions.meta?.risk, locate(text, 'Medium (security'));
  });

  test("seed 000's unfilled template risk line is a placeholder", () => {
    const { plan, positions } = parsePlan('# Plan: [Feature Name]\n\n**Risk level**: Low | Medium | High\n');
    assert.equal(plan.meta.risk, undefined);
    assert.deepEqual(
      positions.placeholders.map((placeholder) => placeholder.text),
      ['[Feature Name]', 'Low | Medium | High'],
    );
  });

  test('other content in a task is kept as notes', () => {
    const { plan } = parsePlan(`## Tasks
### T1: With notes
- **Action**: create
- **Files**: \`a.ts\`
- **Purpose**: explain things

\`\`\`ts
export const a = 1;
\`\`\`
`);
    assert.equal(plan.tasks[0]!.notes, '- **Purpose**: explain things\n\n```ts\nexport const a = 1;\n```');
  });

  test('CRLF line endings and a byte-order mark read like LF', () => {
    const lf = '---\nid: x\n---\n# Plan: A\n\n## Tasks\n\n### T1: B\n- Files: `a.ts`\n';
    const crlf = `\uFEFF${lf.replace(/\n/g, '\r\n')}`;
    assert.deepEqual(parsePlan(crlf), parsePlan(lf));
  });
});

describe('placeholders', () => {
  const placeholdersIn = (text: string) =>
    parsePlan(text).positions.placeholders.map((placeholder) => placeholder.text);

  test('template placeholders are found, with their position', () => {
    const text =
      '# Plan: [Feature Name]\n\n## Tasks\n### T1: x\n- File: [path]\n- Description: [what to do] on [Date] by [Name]\n';
    assert.deepEqual(placeholdersIn(text), ['[Feature Name]', '[path]', '[what to do]', '[Date]', '[Name]']);
    const [first] = parsePlan(text).positions.placeholders;
    assert.deepEqual({ line: first!.line, column: first!.column }, locate(text, '[Feature Name]'));
  });

  test('links, checkboxes, task markers, code and escaped brackets are not placeholders', () => {
    const text = [
      'See [the docs](https://example.com) and [RFC][rfc].',
      '',
      '[rfc]: https://example.com/rfc',
      '',
      '- [ ] done? [x] maybe',
      '- [P] [US1] [T3] [previous tasks]',
      '- `[Name]` and \\[Literal] and items[Index] and [lower case words]',
      '',
      '```',
      '[Inside Code]',
      '```',
    ].join('\n');
    assert.deepEqual(placeholdersIn(text), []);
  });

  test('"[Scenario]: [Guidance]" (a link definition to Markdown) is a placeholder line', () => {
    assert.deepEqual(placeholdersIn('## Questions for Implementer\n\n1. [Scenario]: [Guidance]\n'), [
      '[Scenario]',
      '[Guidance]',
    ]);
  });
});

describe('front matter', () => {
  test('numbers and dates are read as text; risk in any case', () => {
    const { plan, diagnostics } = parsePlan(
      '---\nid: 42\ncreated: 2026-02-04T10:00:00Z\nrisk: HIGH\neffort: 3\n---\n# Plan: T\n',
    );
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(plan.meta, {
      id: '42',
      title: 'T',
      created: '2026-02-04T10:00:00Z',
      risk: 'high',
      effort: '3',
    });
  });

  test('a bad value is reported and left out; the other keys still count', () => {
    const { plan, diagnostics } = parsePlan('---\nid: ok-id\ncreated: yesterday\nauthor: Ann\n---\n');
    assert.deepEqual(plan.meta, { id: 'ok-id', title: '', author: 'Ann' });
    assert.deepEqual(
      diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.line, diagnostic.column]),
      [['PLAN_FRONT_MATTER', 3, 10]],
    );
  });

  test('front matter that is not a mapping', () => {
    const { diagnostics } = parsePlan('---\n- a\n- b\n---\n');
    assert.deepEqual(
      diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.line]),
      [['PLAN_FRONT_MATTER', 2]],
    );
  });
});

describe('never throws', () => {
  test('on odd inputs', () => {
    const inputs = [
      '',
      '\n',
      '---',
      '---\n---',
      '# ',
      '## Tasks\n### ',
      '### T1:',
      '|a|\n|-|',
      '\u0000\uFFFF',
      '[',
      '`'.repeat(100),
    ];
    for (const input of inputs) assert.doesNotThrow(() => parsePlan(input), JSON.stringify(input));
    // Not a string at all (JavaScript callers): still a result.
    assert.equal(parsePlan(undefined as unknown as string).plan.tasks.length, 0);
  });
});
