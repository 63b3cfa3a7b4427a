import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { detectFormat, importFormats, importPlan } from '../../../src/core/import/import-formats.ts';
import { fixture } from './support.ts';

test('each fixture is detected as its format, with or without a file name', () => {
  assert.equal(detectFormat(fixture('seed-000-auth-jwt.md')), 'seed-template');
  assert.equal(detectFormat(fixture('seed-000-template.md'), 'plan-template.md'), 'seed-template');
  assert.equal(detectFormat(fixture('spec-kit-tasks.md')), 'spec-kit');
  assert.equal(detectFormat(fixture('task-master-tasks.json'), 'tasks.json'), 'task-master');
  assert.equal(detectFormat(fixture('task-master-tasks.json')), 'task-master');
});

test('text in none of the formats is not detected, and importing it says so', () => {
  assert.equal(detectFormat('# Notes\n\nJust some prose.\n', 'notes.md'), undefined);
  assert.equal(detectFormat('{"name": "package"}', 'package.json'), undefined);
  const result = importPlan('# Notes\n\nJust some prose.\n', { id: 'notes', fileName: 'notes.md' });
  assert.ok(!result.ok);
  assert.equal(result.diagnostics[0]!.code, 'IMPORT_UNKNOWN_FORMAT');
  assert.equal(result.diagnostics[0]!.severity, 'error');
  assert.match(result.diagnostics[0]!.hint ?? '', /seed-template, spec-kit, task-master/);
});

test('a damaged .json file is taken for Task Master, so the error says where the damage is', () => {
  assert.equal(detectFormat('{ "tasks": [ }', 'tasks.json'), 'task-master');
  const result = importPlan('{ "tasks": [ }', { id: 'x', fileName: 'tasks.json' });
  assert.ok(!result.ok);
  assert.equal(result.diagnostics[0]!.code, 'IMPORT_MALFORMED');
  assert.equal(result.diagnostics[0]!.line, 1);
});

test('a task line without a checkbox is spec-kit only in a file named tasks.md', () => {
  const text = '# Tasks\n\n- T001 Create src/a.ts\n';
  assert.equal(detectFormat(text, 'specs/001/tasks.md'), 'spec-kit');
  assert.equal(detectFormat(text, 'notes.md'), undefined);
});

test('importing never throws, whatever the text and format (1,000 cases each)', () => {
  const markdownish = fc.array(
    fc.oneof(
      fc.constantFrom(
        '# Plan: X',
        '## Implementation Steps (Sequential)',
        '## Files to Create',
        '### 1. src/a.ts (~10 lines)',
        '1. **Step** (a.ts)',
        '- [ ] T001 [P] [US1] Create src/a.py',
        '## Phase 1: Setup',
        '```bash',
        '```',
        '| Risk | Impact | Mitigation |',
        '|---|---|---|',
        '   - sub',
        '**Risk level**: High',
        '---',
        '',
      ),
      fc.string(),
    ),
    { maxLength: 30 },
  );
  const json = fc.oneof(
    fc.json(),
    fc.jsonValue().map((value) => JSON.stringify({ master: { tasks: [value] } })),
    fc.jsonValue().map((value) => JSON.stringify({ tasks: Array.isArray(value) ? value : [value] })),
  );
  for (const format of importFormats) {
    const texts = format === 'task-master' ? json : markdownish.map((lines) => lines.join('\n'));
    fc.assert(
      fc.property(texts, (text) => {
        const result = importPlan(text, { id: 'x', format });
        if (result.ok) {
          for (const warning of result.warnings) assert.equal(warning.severity, 'warning');
          assert.ok(result.plan.tasks.length > 0);
        } else {
          assert.ok(result.diagnostics.length > 0);
          // A bug inside an importer would surface as an IMPORT_MALFORMED "could not import as …".
          for (const diagnostic of result.diagnostics)
            assert.doesNotMatch(diagnostic.message, /could not import as/);
        }
      }),
      { numRuns: 1000 },
    );
  }
});
