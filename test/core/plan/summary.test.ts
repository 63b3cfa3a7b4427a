// The line-scan summary (title and task ids) agrees with parsePlan wherever it answers, and
// answers for the plain plans baton writes.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { parsePlan } from '../../../src/core/plan/parse.ts';
import { renderPlan } from '../../../src/core/plan/render.ts';
import { summarisePlanText } from '../../../src/core/plan/summary.ts';
import { planTemplate } from '../../../src/core/plan/template.ts';
import { plan } from './plan-arbitraries.ts';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures');

function agrees(text: string): boolean {
  const summary = summarisePlanText(text);
  if (summary === undefined) return false;
  const { plan: parsed } = parsePlan(text);
  assert.deepStrictEqual(
    summary,
    { title: parsed.meta.title, taskIds: parsed.tasks.map((task) => task.id) },
    text,
  );
  return true;
}

const fixtureTexts = [
  ...readdirSync(path.join(fixtures, 'plans'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => ({
      name: `plans/${name}`,
      text: readFileSync(path.join(fixtures, 'plans', name), 'utf8'),
    })),
  ...readdirSync(path.join(fixtures, 'import'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => ({
      name: `import/${name}`,
      text: readFileSync(path.join(fixtures, 'import', name), 'utf8'),
    })),
];

test('agrees with parsePlan on every fixture it answers for, and answers for the canonical ones', () => {
  assert.ok(fixtureTexts.length >= 5);
  const answered = fixtureTexts.filter(({ text }) => agrees(text)).map(({ name }) => name);
  assert.ok(answered.includes('plans/canonical.md'), `answered only ${answered.join(', ')}`);
  assert.ok(answered.includes('plans/seed-003-express-jwt.md'), `answered only ${answered.join(', ')}`);
});

test('answers for the template and for rendered plans, in agreement with parsePlan', () => {
  assert.ok(agrees(planTemplate({ id: 'x', created: '2026-02-04' })));
  fc.assert(
    fc.property(plan, (generated) => {
      const text = renderPlan(generated);
      // Without a title in the heading, the title comes from elsewhere: a parse tells.
      const expectAnswer = generated.meta.title !== '';
      assert.equal(agrees(text), expectAnswer, `answer expected: ${expectAnswer}:\n${text}`);
      // Windows line endings and a byte-order mark read the same.
      assert.equal(agrees(`\uFEFF${text.replace(/\n/g, '\r\n')}`), expectAnswer);
    }),
    { numRuns: 300 },
  );
});

// Lines chosen to put headings where a line scan could misplace them.
const lines = fc.constantFrom(
  '---',
  'title: Front title',
  '# Plan: Title',
  '# Other',
  '#',
  '# Plan:',
  '## Tasks',
  '## Task list',
  '## 2. Tasks (Claude)',
  '## Summary',
  '### T1: A',
  '### task 2 - B',
  '### Step 3) C',
  '### Untitled',
  '### T4: closed ###',
  '#### T9: deeper',
  '  ### T5: indented',
  '   # Indented title',
  '    ### T6: code',
  'Setext title',
  '===',
  '-',
  '- item',
  '  - nested',
  '```',
  '~~~',
  '    ```',
  '<div>',
  '<!--',
  '-->',
  '> ### T7: quoted',
  '- ### T8: in a list',
  '[ref]: https://example.com',
  '**Title**: Preamble title',
  'plain text',
  '',
  '',
  '\t# tabbed',
);

const documents = fc.array(lines, { maxLength: 25 }).map((chosen) => chosen.join('\n'));

const realPlans = [
  ...fixtureTexts.map(({ text }) => text),
  ...fc.sample(plan, { numRuns: 5, seed: 11 }).map(renderPlan),
];
const mutated = fc
  .tuple(
    fc.constantFrom(...realPlans),
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.oneof(lines, fc.string({ maxLength: 8 }))), {
      minLength: 1,
      maxLength: 4,
    }),
  )
  .map(([original, edits]) => {
    let result = original;
    for (const [at, length, insert] of edits) {
      const start = at % (result.length + 1);
      result = `${result.slice(0, start)}\n${insert}\n${result.slice(start + (length % 20))}`;
    }
    return result;
  });

test('agrees with parsePlan on arbitrary heading-shaped documents and mutated plans', () => {
  let answered = 0;
  fc.assert(
    fc.property(fc.oneof(documents, mutated), (text) => {
      if (agrees(text)) answered++;
    }),
    { numRuns: 3000 },
  );
  // The property means something only if the scan often answers.
  assert.ok(answered > 500, `answered only ${answered} of 3000`);
});
