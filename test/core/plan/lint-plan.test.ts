// One test per diagnostic code: the code, its severity and where it points.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { planDocument, taskText } from '../../../bench/support/plan-text.ts';
import { planDiagnosticCodes } from '../../../src/core/plan/diagnostics.ts';
import { type LintOptions, lintPlan } from '../../../src/core/plan/lint-plan.ts';
import type { Diagnostic } from '../../../src/core/plan/model.ts';
import { parsePlan } from '../../../src/core/plan/parse.ts';
import { locate } from './locate.ts';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/plans');

function lint(text: string, options?: LintOptions): Diagnostic[] {
  return lintPlan(parsePlan(text), options);
}

function only(diagnostics: Diagnostic[], code: string): Diagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.code === code);
}

/** `needle` is the text the diagnostic must point at, or `{ after }` the text just before it. */
function assertOne(
  text: string,
  code: string,
  needle: string | { after: string },
  occurrence = 1,
  options?: LintOptions,
): Diagnostic {
  const diagnostics = lint(text, options);
  const found = only(diagnostics, code);
  assert.equal(found.length, 1, `expected one ${code}, got: ${JSON.stringify(diagnostics, null, 1)}`);
  const diagnostic = found[0]!;
  const expected =
    typeof needle === 'string'
      ? locate(text, needle, occurrence)
      : (({ line, column }) => ({ line, column: column + needle.after.length }))(
          locate(text, needle.after, occurrence),
        );
  assert.equal(diagnostic.line, expected.line, `${code} line`);
  assert.equal(diagnostic.column, expected.column, `${code} column`);
  assert.equal(diagnostic.severity, planDiagnosticCodes[code as keyof typeof planDiagnosticCodes].severity);
  return diagnostic;
}

describe('clean plans', () => {
  test('the canonical fixture lints clean: no errors, no warnings', () => {
    assert.deepEqual(lint(readFileSync(path.join(fixtures, 'canonical.md'), 'utf8')), []);
  });

  test('the helper plan lints clean, so each test below shows one fault', () => {
    assert.deepEqual(
      lint(planDocument({ tasks: [taskText('T1'), taskText('T2', { dependencies: 'T1' })] })),
      [],
    );
  });
});

describe('errors', () => {
  test('PLAN_NO_TASKS points at the Tasks heading', () => {
    const text = planDocument({ tasks: [] });
    assertOne(text, 'PLAN_NO_TASKS', '## Tasks');
    assert.equal(locate(text, '## Tasks').line, 13);
  });

  test('PLAN_NO_TASKS without a Tasks section points at the title', () => {
    const text = '# Plan: Nothing\n\nJust words.\n';
    assertOne(text, 'PLAN_NO_TASKS', '# Plan');
  });

  test('PLAN_DUPLICATE_TASK points at the second heading', () => {
    const text = planDocument({
      tasks: [taskText('T1'), taskText('T2'), taskText('T2', { files: '`src/other.ts`' })],
    });
    const diagnostic = assertOne(text, 'PLAN_DUPLICATE_TASK', '### T2', 2);
    assert.match(diagnostic.message, new RegExp(`first declared at line ${locate(text, '### T2').line}`));
  });

  test('PLAN_UNKNOWN_DEPENDENCY points at the dependency', () => {
    const text = planDocument({ tasks: [taskText('T1'), taskText('T2', { dependencies: 'T1, T9' })] });
    const diagnostic = assertOne(text, 'PLAN_UNKNOWN_DEPENDENCY', 'T9');
    assert.match(diagnostic.message, /T2 depends on T9/);
  });

  test('PLAN_CYCLE shows the cycle and points at the dependency that starts it', () => {
    const text = planDocument({
      tasks: [
        taskText('T1'),
        taskText('T2', { dependencies: 'T1, T4' }),
        taskText('T3', { dependencies: 'T1' }),
        taskText('T4', { dependencies: 'T2' }),
      ],
    });
    const diagnostic = assertOne(text, 'PLAN_CYCLE', { after: '**Dependencies**: T1, ' });
    assert.equal(diagnostic.message, 'dependency cycle: T2 → T4 → T2');
  });

  test('PLAN_CYCLE: a task that depends on itself', () => {
    const text = planDocument({ tasks: [taskText('T1', { dependencies: 'T1' })] });
    const diagnostic = assertOne(text, 'PLAN_CYCLE', { after: '**Dependencies**: ' });
    assert.equal(diagnostic.message, 'dependency cycle: T1 → T1');
  });

  test('PLAN_NO_SUCCESS_CRITERIA points at the task heading', () => {
    const text = planDocument({ tasks: [taskText('T1'), taskText('T2', { criteria: [] })] });
    assertOne(text, 'PLAN_NO_SUCCESS_CRITERIA', '### T2');
  });

  test('PLAN_NO_FILES points at the Action of a create task without files', () => {
    const text = planDocument({ tasks: [taskText('T1', { action: 'create', files: '' })] });
    const diagnostic = assertOne(text, 'PLAN_NO_FILES', '**Action**');
    assert.match(diagnostic.message, /T1 is a create task/);
  });

  test('PLAN_NO_FILES does not apply to run and test tasks', () => {
    const text = planDocument({
      tasks: [taskText('T1', { action: 'run', files: '' }), taskText('T2', { action: 'test', files: '' })],
    });
    assert.deepEqual(only(lint(text), 'PLAN_NO_FILES'), []);
  });

  test('PLAN_PATH_ESCAPES points at each escaping path', () => {
    for (const escaping of ['../outside.ts', '/etc/hosts', '~/notes.md', 'src/../../up.ts']) {
      const text = planDocument({ tasks: [taskText('T1', { files: `\`src/fine.ts\`, \`${escaping}\`` })] });
      assertOne(text, 'PLAN_PATH_ESCAPES', escaping);
    }
  });

  test('PLAN_PATH_ESCAPES through a symlink, as the caller reports it', () => {
    const asked: string[] = [];
    const options: LintOptions = {
      escapesThroughSymlink: (repositoryRelativePath) => {
        asked.push(repositoryRelativePath);
        return repositoryRelativePath.startsWith('vendor/linked');
      },
    };
    const text = planDocument({
      tasks: [
        taskText('T1', { files: '`src/a.ts`, `vendor/linked/**/*.ts`' }),
        taskText('T2', { files: '`vendor/linked/**/*.ts`', dependencies: 'T1' }),
      ],
    });
    const diagnostics = only(lint(text, options), 'PLAN_PATH_ESCAPES');
    assert.equal(diagnostics.length, 2);
    assert.deepEqual(
      { line: diagnostics[0]!.line, column: diagnostics[0]!.column },
      locate(text, 'vendor/linked'),
    );
    assert.match(diagnostics[0]!.message, /symlink/);
    // A glob is checked by its literal directories, and each prefix is asked once.
    assert.deepEqual(asked.sort(), ['src/a.ts', 'vendor/linked']);
  });

  test('PLAN_PLACEHOLDER points at each unfilled placeholder', () => {
    const text = planDocument({ tasks: [taskText('T1', { description: '[what to do]' })] });
    assertOne(text, 'PLAN_PLACEHOLDER', '[what to do]');
    const titled = planDocument({ tasks: [taskText('T1')] }).replace(
      '# Plan: Test plan',
      '# Plan: [Feature Name]',
    );
    const diagnostic = assertOne(titled, 'PLAN_PLACEHOLDER', '[Feature Name]');
    assert.match(diagnostic.message, /\[Feature Name\]/);
  });

  test('PLAN_FRONT_MATTER points at a bad value', () => {
    const text = planDocument({ frontMatter: 'id: test-plan\nrisk: severe', tasks: [taskText('T1')] });
    const diagnostic = assertOne(text, 'PLAN_FRONT_MATTER', 'severe');
    assert.equal(diagnostic.line, 3);
    assert.match(diagnostic.message, /risk/);
  });

  test('PLAN_FRONT_MATTER points into malformed YAML', () => {
    const text = planDocument({
      frontMatter: 'id: test-plan\ntitle: [unclosed\ncreated: 2026-02-04',
      tasks: [taskText('T1')],
    });
    const diagnostics = only(lint(text), 'PLAN_FRONT_MATTER');
    assert.ok(diagnostics.length >= 1);
    assert.ok(
      diagnostics.every((diagnostic) => diagnostic.line >= 2 && diagnostic.line <= 5),
      JSON.stringify(diagnostics),
    );
    assert.equal(diagnostics[0]!.severity, 'error');
  });
});

describe('warnings', () => {
  test('PLAN_NO_VERIFICATION points at the Verification section when it has no command', () => {
    const text = planDocument({
      tasks: [taskText('T1', { verify: [] })],
      after: '## Verification\n\n- [ ] It works',
    });
    assertOne(text, 'PLAN_NO_VERIFICATION', '## Verification');
  });

  test('PLAN_NO_VERIFICATION is quiet when only the Verification section has a command', () => {
    const text = planDocument({ tasks: [taskText('T1', { verify: [] })] });
    assert.deepEqual(only(lint(text), 'PLAN_NO_VERIFICATION'), []);
  });

  test('PLAN_FILE_COLLISION points at the later task and suggests the dependency', () => {
    const text = planDocument({
      tasks: [
        taskText('T1'),
        taskText('T2'),
        taskText('T3', { files: '`src/a.ts`' }),
        taskText('T4'),
        taskText('T5', { files: '`src/b.ts`, `src/a.ts`' }),
      ],
    });
    const diagnostic = assertOne(text, 'PLAN_FILE_COLLISION', 'src/a.ts', 2);
    assert.equal(
      diagnostic.message,
      'T3 and T5 both declare src/a.ts and may run in parallel; add `Dependencies: T3` to T5',
    );
  });

  test('PLAN_FILE_COLLISION is quiet when a dependency path orders the tasks', () => {
    const text = planDocument({
      tasks: [
        taskText('T3', { files: '`src/a.ts`' }),
        taskText('T4', { dependencies: 'T3' }),
        taskText('T5', { files: '`src/a.ts`', dependencies: 'T4' }),
      ],
    });
    assert.deepEqual(only(lint(text), 'PLAN_FILE_COLLISION'), []);
  });

  test('PLAN_FILE_COLLISION for overlapping globs and directories', () => {
    const text = planDocument({
      tasks: [taskText('T1', { files: '`src/**/*.ts`' }), taskText('T2', { files: '`src/models/user.ts`' })],
    });
    const diagnostic = assertOne(text, 'PLAN_FILE_COLLISION', 'src/models/user.ts');
    assert.match(
      diagnostic.message,
      /T1 and T2 declare src\/\*\*\/\*\.ts and src\/models\/user\.ts, which overlap/,
    );
    const disjoint = planDocument({
      tasks: [taskText('T1', { files: '`src/*.ts`' }), taskText('T2', { files: '`docs/*.md`' })],
    });
    assert.deepEqual(only(lint(disjoint), 'PLAN_FILE_COLLISION'), []);
  });

  test('PLAN_HIGH_RISK_UNMITIGATED points at the risk in the front matter', () => {
    const text = planDocument({ frontMatter: 'id: test-plan\nrisk: high', tasks: [taskText('T1')] });
    const diagnostic = assertOne(text, 'PLAN_HIGH_RISK_UNMITIGATED', 'risk: high');
    assert.match(diagnostic.message, /no Edge Cases and no Risks & Mitigation/);
    const mitigated = planDocument({
      frontMatter: 'id: test-plan\nrisk: high',
      tasks: [taskText('T1')],
      after:
        '## Edge Cases\n\n- Empty input: reject\n\n## Risks & Mitigation\n\n| Risk | Impact | Mitigation |\n| --- | --- | --- |\n| Data loss | High | Backups |\n\n## Verification\n\n- [ ] `npm test` passes',
    });
    assert.deepEqual(only(lint(mitigated), 'PLAN_HIGH_RISK_UNMITIGATED'), []);
  });

  test('PLAN_HIGH_RISK_UNMITIGATED from seed 000 metadata lines', () => {
    const text = `# Plan: Risky\n\n**Created**: 2026-02-04\n**Risk level**: High (data migration)\n\n## Tasks\n\n${taskText('T1')}\n\n## Edge Cases\n\n- None known\n`;
    const diagnostic = assertOne(text, 'PLAN_HIGH_RISK_UNMITIGATED', 'High (data');
    assert.match(diagnostic.message, /no Risks & Mitigation/);
  });

  test('PLAN_UNKNOWN_ACTION points at the action value', () => {
    const text = planDocument({ tasks: [taskText('T1', { action: 'Rewrite everything' })] });
    assertOne(text, 'PLAN_UNKNOWN_ACTION', 'Rewrite everything');
  });

  test('PLAN_TASK_HEADING points at a heading without an id', () => {
    const text = planDocument({
      tasks: [taskText('T1').replace('### T1: Task T1', '### Set up the database')],
    });
    const diagnostic = assertOne(text, 'PLAN_TASK_HEADING', '### Set up');
    assert.match(diagnostic.message, /read as T1/);
  });

  test('PLAN_UNREADABLE_DEPENDENCY points at the text', () => {
    const text = planDocument({ tasks: [taskText('T1', { dependencies: 'after the database exists' })] });
    assertOne(text, 'PLAN_UNREADABLE_DEPENDENCY', 'after the database');
  });

  test('PLAN_TITLE_MISMATCH points at the heading', () => {
    const text = planDocument({
      frontMatter: 'id: test-plan\ntitle: Another title',
      tasks: [taskText('T1')],
    });
    assertOne(text, 'PLAN_TITLE_MISMATCH', '# Plan');
  });

  test('PLAN_FRONT_MATTER_UNKNOWN_KEY points at the key', () => {
    const text = planDocument({ frontMatter: 'id: test-plan\nauther: Ann', tasks: [taskText('T1')] });
    assertOne(text, 'PLAN_FRONT_MATTER_UNKNOWN_KEY', 'auther');
  });

  test('PLAN_METADATA points at an unreadable risk level', () => {
    const text = `# Plan: X\n\n**Risk level**: Spicy\n\n## Tasks\n\n${taskText('T1')}\n`;
    assertOne(text, 'PLAN_METADATA', 'Spicy');
  });
});

describe('the result', () => {
  test('holds parse and lint diagnostics, sorted by line then column', () => {
    const text = planDocument({
      frontMatter: 'id: test-plan\nrisk: severe',
      tasks: [taskText('T1', { dependencies: 'T7' }), taskText('T1', { criteria: [] })],
    });
    const diagnostics = lint(text);
    const codes = diagnostics.map((diagnostic) => diagnostic.code);
    for (const code of [
      'PLAN_FRONT_MATTER',
      'PLAN_UNKNOWN_DEPENDENCY',
      'PLAN_DUPLICATE_TASK',
      'PLAN_NO_SUCCESS_CRITERIA',
    ])
      assert.ok(codes.includes(code), code);
    for (let index = 1; index < diagnostics.length; index++) {
      const [previous, current] = [diagnostics[index - 1]!, diagnostics[index]!];
      assert.ok(
        previous.line < current.line || (previous.line === current.line && previous.column <= current.column),
      );
    }
  });

  test('every code emitted is in the documented table', () => {
    const text = planDocument({
      frontMatter: 'id: test-plan\nrisk: high\nauther: x',
      tasks: [
        taskText('T1', { action: 'frobnicate', dependencies: 'T1, soon', files: '`/abs`' }),
        '### Untitled',
      ],
      after: '## Verification\n\n- [ ] [Build command]',
    });
    for (const diagnostic of lint(text)) assert.ok(diagnostic.code in planDiagnosticCodes, diagnostic.code);
  });
});
