// A follow-up task is written after the plan's last task and before the section that follows
// (or at the end), the rest of the text kept byte for byte; its id is the next free T<n>.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { followUpTask, insertTask, nextTaskId } from '../../../src/core/plan/follow-up-task.ts';
import { parsePlan } from '../../../src/core/plan/parse.ts';

const task = (id: string, dependencies = 'none') =>
  `### ${id}: Do ${id}\n- **Action**: modify\n- **Files**: \`src/${id}.ts\`\n- **Description**: ${id}.\n- **Verify**:\n  - \`npm test\`\n- **Dependencies**: ${dependencies}\n`;

const head = '# Plan: p\n\n## Summary\n\nS.\n\n## Tasks\n\n';
const comment = { file: 'src/T1.ts', line: 3, side: 'new' as const, text: 'Name it\n  better.' };

test('after the last task, before the next section; everything else unchanged', () => {
  const tail = '\n## Verification\n\n- [ ] `npm test`\n';
  const text = `${head}${task('T1')}\n\`\`\`\n## not a section\n\`\`\`\n\n${task('T5', 'T1')}${tail}`;
  const parsed = parsePlan(text);
  const followUp = followUpTask(parsed.plan, parsed.plan.tasks[0]!, [comment]);
  assert.equal(followUp.id, 'T6');
  const written = insertTask(text, parsed, followUp);
  assert.ok(written.startsWith(text.slice(0, text.indexOf(tail))));
  assert.ok(written.endsWith(tail));
  const reread = parsePlan(written).plan;
  assert.deepEqual(
    reread.tasks.map((each) => [each.id, each.dependencies]),
    [
      ['T1', []],
      ['T5', ['T1']],
      ['T6', ['T1']],
    ],
  );
  assert.deepEqual(reread.tasks[2]!.successCriteria, ['src/T1.ts:3: Name it better.']);
  assert.deepEqual(reread.verification, ['`npm test`']);
});

test('at the end of a plan whose tasks come last', () => {
  const text = `${head}${task('T1')}`;
  const parsed = parsePlan(text);
  const written = insertTask(text, parsed, followUpTask(parsed.plan, parsed.plan.tasks[0]!, [comment]));
  assert.ok(written.startsWith(text));
  assert.deepEqual(
    parsePlan(written).plan.tasks.map((each) => each.id),
    ['T1', 'T2'],
  );
});

test('the next free id skips ids taken', () => {
  const parsed = parsePlan(`${head}${task('T2')}\n${task('T10')}`);
  assert.equal(nextTaskId(parsed.plan), 'T11');
});
