// Properties over many generated inputs (fast-check): the render → parse round trip, and
// that parse never throws (nor falls back to PLAN_PARSE_FAILED) whatever it is given.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { lintPlan } from '../../../src/core/plan/lint-plan.ts';
import { parsePlan } from '../../../src/core/plan/parse.ts';
import { renderPlan } from '../../../src/core/plan/render.ts';
import { planTemplate } from '../../../src/core/plan/template.ts';
import { plan } from './plan-arbitraries.ts';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/plans');

test('parse(render(plan)) gives the plan back', () => {
  fc.assert(
    fc.property(plan, (original) => {
      const rendered = renderPlan(original);
      const parsed = parsePlan(rendered);
      assert.deepStrictEqual(parsed.plan, original, rendered);
      // The line reader for plain tasks and the Markdown parser agree, positions included.
      assert.deepStrictEqual(parsePlan(rendered, { fastTasks: false }), parsed);
      // Rendering is canonical: a second round changes nothing.
      assert.equal(renderPlan(parsed.plan), rendered);
    }),
    { numRuns: 500 },
  );
});

// Real plans to mutate: the fixtures, the template and a few rendered plans.
const realPlans = [
  readFileSync(path.join(fixtures, 'canonical.md'), 'utf8'),
  readFileSync(path.join(fixtures, 'seed-003-express-jwt.md'), 'utf8'),
  planTemplate({ id: 'x', created: '2026-02-04' }),
  ...fc.sample(plan, { numRuns: 5, seed: 7 }).map(renderPlan),
];

const fragments = fc.constantFrom(
  '---',
  'id: x',
  'risk: high',
  'title: [',
  '# Plan: X',
  '## Tasks',
  '## Verification',
  '## Risks & Mitigation',
  '### T1: A',
  '### Task 2: B',
  '### ',
  '- **Action**: create',
  '- **Files**: `a.ts`, b',
  '- Dependencies: T1, Task 9',
  '- Dependencies: [previous tasks]',
  '- **Success Criteria**:',
  '  - [ ] x',
  '  - `cmd`',
  '**Verify**: `x`',
  '| Risk | Impact | Mitigation |',
  '| --- | --- | --- |',
  '| a \\| b | c |',
  '```',
  '> quote',
  '1. one',
  '[Name]: [x]',
  '    indented',
  '<div>',
  '\\',
  '`',
  '**',
  '* * *',
  '- [x]',
  '',
  '\t',
  '**Risk level**: High',
);

const structured = fc
  .array(fc.oneof(fragments, fc.string({ maxLength: 20 })), { maxLength: 30 })
  .map((lines) => lines.join('\n'));

const mutated = fc
  .tuple(
    fc.constantFrom(...realPlans),
    fc.array(
      fc.tuple(
        fc.nat(),
        fc.nat({ max: 200 }),
        fc.oneof(fc.string({ maxLength: 12 }), fragments, fc.constant('\n')),
      ),
      { minLength: 1, maxLength: 4 },
    ),
  )
  .map(([original, edits]) => {
    let result = original;
    for (const [at, length, insert] of edits) {
      const start = at % (result.length + 1);
      result = result.slice(0, start) + insert + result.slice(start + (length % 20));
    }
    return result;
  });

// Task-shaped text that is sometimes plain enough for the line reader and sometimes not.
const taskLines = fc.constantFrom(
  '- **Action**: create',
  '- Action: modify',
  '**Files**: `a.ts`, b.ts',
  '- **Files**: `src/{a,b}.ts`',
  '- File: src/x.ts (new)',
  '- **Success Criteria**:',
  '  - [ ] works',
  '  - [x] `npm test` passes',
  '  - plain',
  '- **Verify**: `npm test`',
  '- **Dependencies**: T1, Task 2',
  '- Dependencies: [previous tasks]',
  '- **Estimate**: 2h',
  'Description: one',
  'continued line',
  '- note item',
  '  continuation',
  '- [ ] checked item',
  '1. ordered',
  '> quote',
  '```',
  '| a | b |',
  '- **Description**: see [Feature Name]',
  '- **Description**: [what to do] `x`',
  '#### Sub',
  'Setext',
  '---',
  '',
  '',
  '* star item',
  '+ plus item',
  '- **Files**:',
  '  - `a.ts`',
  '    - deep',
  '- [Name]: x.md',
  '***',
  '\\',
  'trailing ',
);
const taskDocuments = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        '### T1: First',
        '### Task 2: Second',
        '### T3',
        '### Untitled',
        '###  T4: spaced',
        '### T5: a # b',
      ),
      fc.array(taskLines, { maxLength: 10 }),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map(
    (tasks) =>
      `## Tasks\n\n${tasks.map(([heading, lines]) => [heading, ...lines].join('\n')).join('\n\n')}\n`,
  );

test('the line reader and the Markdown parser read every task alike', () => {
  fc.assert(
    fc.property(taskDocuments, (input) => {
      assert.deepStrictEqual(parsePlan(input), parsePlan(input, { fastTasks: false }), input);
    }),
    { numRuns: 1500 },
  );
});

test('parse never throws and never falls back to PLAN_PARSE_FAILED (10,000 inputs)', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string({ maxLength: 200 }),
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.string({ unit: 'grapheme', maxLength: 100 }),
        structured,
        mutated,
      ),
      (input) => {
        const parsed = parsePlan(input);
        const codes = parsed.diagnostics.map((diagnostic) => `${diagnostic.code}: ${diagnostic.message}`);
        assert.ok(!codes.some((code) => code.startsWith('PLAN_PARSE_FAILED')), codes.join('\n'));
        for (const diagnostic of lintPlan(parsed)) {
          assert.ok(diagnostic.line >= 1 && diagnostic.column >= 1, JSON.stringify(diagnostic));
        }
      },
    ),
    { numRuns: 10_000 },
  );
});
