// Building small plans for tests, and finding where a piece of text sits in them (computed
// from the text itself, independently of the parser, so position assertions mean something).
import type { SourcePosition } from '../../../src/core/plan/model.ts';

export interface TaskText {
  action?: string;
  files?: string;
  description?: string;
  criteria?: string[];
  verify?: string[];
  dependencies?: string;
  extra?: string;
}

/** A task that lints clean unless the options say otherwise. */
export function taskText(id: string, options: TaskText = {}): string {
  const lines = [`### ${id}: Task ${id}`, ''];
  lines.push(`- **Action**: ${options.action ?? 'modify'}`);
  if (options.files !== '') lines.push(`- **Files**: ${options.files ?? `\`src/${id.toLowerCase()}.ts\``}`);
  lines.push(`- **Description**: ${options.description ?? `Change ${id}`}`);
  const criteria = options.criteria ?? [`${id} works`];
  if (criteria.length > 0) {
    lines.push('- **Success Criteria**:');
    for (const criterion of criteria) lines.push(`  - ${criterion}`);
  }
  const verify = options.verify ?? ['`npm test`'];
  if (verify.length > 0) {
    lines.push('- **Verify**:');
    for (const command of verify) lines.push(`  - ${command}`);
  }
  lines.push(`- **Dependencies**: ${options.dependencies ?? 'none'}`);
  if (options.extra) lines.push(options.extra);
  return lines.join('\n');
}

export interface PlanText {
  frontMatter?: string;
  tasks: string[];
  after?: string;
}

/** A plan around the given tasks; with clean tasks it lints clean. */
export function planText(options: PlanText): string {
  const frontMatter = options.frontMatter ?? 'id: test-plan\ncreated: 2026-02-04\nrisk: low';
  return [
    `---\n${frontMatter}\n---`,
    '# Plan: Test plan',
    '## Summary\n\nA plan for a test.',
    `## Tasks\n\n${options.tasks.join('\n\n')}`,
    options.after ?? '## Verification\n\n- [ ] `npm run build` passes',
  ].join('\n\n');
}

/** Line and column (1-based) of the `occurrence`-th appearance of `needle` in `text`. */
export function locate(text: string, needle: string, occurrence = 1): SourcePosition {
  let index = -1;
  for (let count = 0; count < occurrence; count++) {
    index = text.indexOf(needle, index + 1);
    if (index === -1) throw new Error(`"${needle}" occurs fewer than ${occurrence} times`);
  }
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}
