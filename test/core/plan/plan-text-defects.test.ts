// Defects found by an audit of the plans feature, one test each: what parse, render and lint
// used to get wrong.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planDocument, taskText } from '../../../bench/support/plan-text.ts';
import { type LintOptions, lintPlan } from '../../../src/core/plan/lint-plan.ts';
import type { Diagnostic } from '../../../src/core/plan/model.ts';
import { parsePlan } from '../../../src/core/plan/parse.ts';
import { renderPlan } from '../../../src/core/plan/render.ts';
import { summarisePlanText } from '../../../src/core/plan/summary.ts';
import { planTemplate } from '../../../src/core/plan/template.ts';
import { locate } from './locate.ts';

function lint(text: string, options?: LintOptions): Diagnostic[] {
  return lintPlan(parsePlan(text), options);
}

function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((diagnostic) => diagnostic.code);
}

describe('front matter', () => {
  test('an unclosed front matter block is PLAN_FRONT_MATTER at line 1', () => {
    const text = '---\nid: fm\nrisk: severe\n\n# Plan: X\n\n## Tasks\n\n' + taskText('T1');
    const found = lint(text).filter((diagnostic) => diagnostic.code === 'PLAN_FRONT_MATTER');
    assert.equal(found.length, 1, JSON.stringify(lint(text)));
    assert.equal(found[0]!.severity, 'error');
    assert.deepEqual([found[0]!.line, found[0]!.column], [1, 1]);
    assert.match(found[0]!.message, /not closed/);
  });

  test('a thematic break at the top of a plan is not taken for front matter', () => {
    const text = '---\n\n# Plan: X\n\n## Tasks\n\n' + taskText('T1');
    assert.ok(!codes(lint(text)).includes('PLAN_FRONT_MATTER'));
  });

  test('a value of the wrong type says what was expected', () => {
    const { diagnostics } = parsePlan('---\nid: [1, 2]\ntitle: {a: 1}\n---\n');
    assert.deepEqual(
      diagnostics.map((diagnostic) => diagnostic.message),
      ['front matter `id` must be a string', 'front matter `title` must be a string'],
    );
  });
});

describe('dependencies', () => {
  const depending = (dependencies: string) =>
    parsePlan(
      planDocument({
        tasks: ['T1', 'T2', 'T3'].map((id) => taskText(id)).concat(taskText('T4', { dependencies })),
      }),
    ).plan.tasks.at(-1)!.dependencies;

  test('ranges are written out, not read as their two ends', () => {
    assert.deepEqual(depending('T1-T3'), ['T1', 'T2', 'T3']);
    assert.deepEqual(depending('T1–T3'), ['T1', 'T2', 'T3']);
    assert.deepEqual(depending('Task 1-3'), ['T1', 'T2', 'T3']);
  });

  test('`Tasks 1 and 2` names both tasks', () => {
    assert.deepEqual(depending('Tasks 1 and 2'), ['T1', 'T2']);
    assert.deepEqual(depending('Tasks 1, 2 and 3'), ['T1', 'T2', 'T3']);
  });

  test('`[T1, T2]` is a dependency list, not a placeholder', () => {
    const text = planDocument({
      tasks: [taskText('T1'), taskText('T2'), taskText('T3', { dependencies: '[T1, T2]' })],
    });
    assert.deepEqual(lint(text), []);
    assert.deepEqual(parsePlan(text).plan.tasks[2]!.dependencies, ['T1', 'T2']);
  });
});

describe('lint', () => {
  test('PLAN_TASK_NOT_CHECKABLE: a run task with no Verify command and no files', () => {
    const text = planDocument({
      tasks: [taskText('T1'), taskText('T2', { action: 'run', files: '', verify: [], dependencies: 'T1' })],
    });
    const found = lint(text).filter((diagnostic) => diagnostic.code === 'PLAN_TASK_NOT_CHECKABLE');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.severity, 'warning');
    assert.deepEqual([found[0]!.line, found[0]!.column], Object.values(locate(text, '**Action**: run')));
    assert.match(found[0]!.message, /T2 .*needs a command in Verify/);
    // With a command, the same task is fine.
    const fixed = planDocument({
      tasks: [taskText('T1'), taskText('T2', { action: 'test', files: '', dependencies: 'T1' })],
    });
    assert.deepEqual(lint(fixed), []);
  });

  test('PLAN_ID_MISMATCH when the file is not named after the front matter id', () => {
    const text = planDocument({ frontMatter: 'id: test-plan', tasks: [taskText('T1')] });
    assert.deepEqual(lint(text, { fileName: '/repo/.baton/plans/review/test-plan.md' }), []);
    const found = lint(text, { fileName: '/repo/.baton/plans/review/other.md' });
    assert.deepEqual(codes(found), ['PLAN_ID_MISMATCH']);
    assert.equal(found[0]!.line, 2);
    assert.match(found[0]!.message, /"test-plan".*other\.md/);
  });

  test('brace alternatives are each asked about symlinks', () => {
    const text = planDocument({ tasks: [taskText('T1', { files: '`{link,src}/x.ts`, `{gen,lib}/**`' })] });
    const asked: string[] = [];
    const found = lint(text, {
      escapesThroughSymlink: (prefix) => {
        asked.push(prefix);
        return prefix === 'src/x.ts' || prefix === 'lib';
      },
    });
    // Each alternative as a literal path, or a glob's literal leading directories.
    assert.deepEqual(asked.sort(), ['gen', 'lib', 'link/x.ts', 'src/x.ts']);
    assert.deepEqual(codes(found), ['PLAN_PATH_ESCAPES', 'PLAN_PATH_ESCAPES']);
  });
});

describe('render keeps what parse accepted', () => {
  const text = `---
id: keep
---

# Plan: Keep

## Tasks

These run in order; T2 needs the staging database.

### T1: First

- **Action**: frobnicate
- **Success Criteria**:
  - done
- **Verify**:
  - \`npm test\`
- **Dependencies**: none

### T2: Second

- **Action**: run
- **Success Criteria**:
  - done
- **Verify**:
  - \`npm run migrate\`
- **Dependencies**: after the database exists
`;

  test('prose before the first task, an unknown action and unreadable dependencies survive render', () => {
    const parsed = parsePlan(text);
    const rendered = renderPlan(parsed.plan);
    assert.match(
      rendered,
      /## Tasks\n\nThese run in order; T2 needs the staging database\.\n\n### T1: First/,
    );
    assert.match(rendered, /- \*\*Action\*\*: frobnicate/);
    assert.match(rendered, /- \*\*Dependencies\*\*: after the database exists/);
    assert.doesNotMatch(rendered.slice(rendered.indexOf('### T2')), /Dependencies\*\*: none/);
    // Still warnings after the round trip, and the same plan.
    const again = parsePlan(rendered);
    assert.deepEqual(again.plan, parsed.plan);
    assert.deepEqual(codes(again.diagnostics), ['PLAN_UNKNOWN_ACTION', 'PLAN_UNREADABLE_DEPENDENCY']);
  });

  test('unreadable dependencies beside readable ids are kept as nested items', () => {
    const parsed = parsePlan(
      planDocument({
        tasks: [taskText('T1'), taskText('T2', { dependencies: 'T1\n  - when the API is live' })],
      }),
    );
    const task = parsed.plan.tasks[1]!;
    assert.deepEqual([task.dependencies, task.unreadableDependencies], [['T1'], ['when the API is live']]);
    const rendered = renderPlan(parsed.plan);
    assert.match(rendered, /- \*\*Dependencies\*\*: T1\n {2}- when the API is live/);
    assert.deepEqual(parsePlan(rendered).plan, parsed.plan);
  });
});

describe('titles with brackets', () => {
  test('the template escapes `[` in the title; it lints without that placeholder and reads back unescaped', () => {
    const text = planTemplate({ id: 'x', title: 'A [Bracketed] title', created: '2026-02-04' });
    assert.match(text, /^# Plan: A \\\[Bracketed\] title$/m);
    const parsed = parsePlan(text);
    assert.equal(parsed.plan.meta.title, 'A [Bracketed] title');
    assert.ok(!parsed.positions.placeholders.some((placeholder) => placeholder.text === '[Bracketed]'));
    assert.ok(!codes(parsed.diagnostics).includes('PLAN_TITLE_MISMATCH'));
    assert.equal(summarisePlanText(text)?.title, 'A [Bracketed] title');
    assert.match(renderPlan(parsed.plan), /^# Plan: A \\\[Bracketed\] title$/m);
  });
});
