import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { formatDiagnostic, hasErrors } from '../../../src/core/plan/diagnostics.ts';
import { lintPlan } from '../../../src/core/plan/lint-plan.ts';
import { emptyPlan } from '../../../src/core/plan/model.ts';
import { parsePlan } from '../../../src/core/plan/parse.ts';
import { renderPlan } from '../../../src/core/plan/render.ts';
import { planTemplate } from '../../../src/core/plan/template.ts';
import { locate } from './locate.ts';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/plans');

describe('renderPlan', () => {
  test('writes the canonical fixture back byte for byte', () => {
    const text = readFileSync(path.join(fixtures, 'canonical.md'), 'utf8');
    assert.equal(renderPlan(parsePlan(text).plan), text);
  });

  test('seed 003 renders canonically and keeps its meaning', () => {
    const seed = parsePlan(readFileSync(path.join(fixtures, 'seed-003-express-jwt.md'), 'utf8')).plan;
    const rendered = renderPlan(seed);
    assert.match(rendered, /^### T1: Add Dependencies$/m);
    assert.match(rendered, /^- \*\*Files\*\*: `src\/models\/user\.ts`$/m);
    assert.deepEqual(parsePlan(rendered).plan, seed);
  });

  test('escapes pipes in table cells and fences commands with backticks', () => {
    const plan = emptyPlan({ id: 'p', title: 'Pipes' });
    plan.risks = [{ risk: 'a | b', impact: 'High', mitigation: 'c' }];
    plan.tasks = [
      {
        id: 'T1',
        title: 'Run',
        action: 'run',
        files: [],
        description: '',
        successCriteria: ['done'],
        verify: ['echo `date`'],
        dependencies: [],
      },
    ];
    const rendered = renderPlan(plan);
    assert.match(rendered, /\| a \\\| b \| High \| c \|/);
    assert.match(rendered, /- `` echo `date` ``/);
    assert.deepEqual(parsePlan(rendered).plan, plan);
  });

  test('an empty plan is a title and an empty Tasks section', () => {
    assert.equal(renderPlan(emptyPlan({ id: '', title: '' })), '# Plan:\n\n## Tasks\n');
  });
});

describe('planTemplate', () => {
  const template = planTemplate({ id: 'auth-jwt', created: '2026-02-04', author: 'Ann', base: 'main' });

  test('parses into the canonical sections with two tasks', () => {
    const { plan, diagnostics } = parsePlan(template);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(plan.meta, {
      id: 'auth-jwt',
      title: '[Feature Name]',
      created: '2026-02-04',
      author: 'Ann',
      base: 'main',
    });
    assert.deepEqual(
      plan.tasks.map((task) => [task.id, task.action, task.dependencies]),
      [
        ['T1', 'create', []],
        ['T2', 'modify', ['T1']],
      ],
    );
    assert.equal(plan.risks.length, 1);
    assert.equal(plan.questions.length, 1);
  });

  test('lint reports each unfilled placeholder, and only placeholders, as errors', () => {
    const diagnostics = lintPlan(parsePlan(template));
    const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    assert.ok(errors.length >= 20, `${errors.length} errors`);
    assert.deepEqual([...new Set(errors.map((error) => error.code))], ['PLAN_PLACEHOLDER']);
    assert.ok(
      errors.some(
        (error) => error.message.includes('[Feature Name]') && error.line === locate(template, '# Plan').line,
      ),
    );
  });

  test('a given title is not a placeholder', () => {
    const titled = planTemplate({ id: 'x', title: 'Rate limits', created: '2026-02-04' });
    const { plan, positions } = parsePlan(titled);
    assert.equal(plan.meta.title, 'Rate limits');
    assert.ok(!positions.placeholders.some((placeholder) => placeholder.text === '[Feature Name]'));
  });

  test('filled in, it lints clean', () => {
    const filled = template
      .replace('[Feature Name]', 'Auth')
      .replace(/\[Command, e\.g\. npm test\]|\[Command\]/g, '`npm test`')
      .replace(/\[Build command in backticks\]/, '`npm run build`')
      .replace(/\[Test command in backticks\]/, '`npm test`')
      .replace(/\[path\]/, '`src/a.ts`')
      .replace(/\[path\]/, '`src/b.ts`')
      .replace(/\[([^\]\n]+)\]/g, (match, inner: string) =>
        inner === ' ' ? match : inner.replace(/^\w/, (c) => c.toLowerCase()),
      );
    assert.deepEqual(lintPlan(parsePlan(filled)), []);
  });
});

describe('diagnostics', () => {
  test('formatDiagnostic writes file:line:col severity code message', () => {
    const diagnostic = {
      severity: 'error' as const,
      code: 'PLAN_CYCLE',
      message: 'dependency cycle: T1 → T1',
      line: 3,
      column: 5,
    };
    assert.equal(formatDiagnostic(diagnostic), '<plan>:3:5 error PLAN_CYCLE dependency cycle: T1 → T1');
    assert.equal(
      formatDiagnostic({ ...diagnostic, file: 'plans/a.md' }),
      'plans/a.md:3:5 error PLAN_CYCLE dependency cycle: T1 → T1',
    );
  });
  test('hasErrors', () => {
    assert.equal(hasErrors([]), false);
    assert.equal(hasErrors([{ severity: 'warning', code: 'X', message: '', line: 1, column: 1 }]), false);
    assert.equal(hasErrors([{ severity: 'error', code: 'X', message: '', line: 1, column: 1 }]), true);
  });
});
