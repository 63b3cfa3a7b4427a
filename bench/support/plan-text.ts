// A plan written from a compact task list: each task writes its files and verifies them with
// grep. The runner's tests and bench/run.ts both build their plans here (bench/ imports nothing
// from test/, so the one builder lives on this side).
export interface TaskSpec {
  id: string;
  files: string[];
  verify?: string[];
  dependencies?: string[];
}

export function planText(id: string, tasks: readonly TaskSpec[], verification: readonly string[]): string {
  const taskSections = tasks.map((task) =>
    [
      `### ${task.id}: Write ${task.files.join(' and ')}`,
      '- **Action**: create',
      `- **Files**: ${task.files.map((file) => `\`${file}\``).join(', ')}`,
      `- **Description**: Write the line for ${task.id}.`,
      '- **Success Criteria**:',
      `  - the files hold ${task.id} OK`,
      '- **Verify**:',
      ...(task.verify ?? task.files.map((file) => `grep -q "${task.id} OK" ${file}`)).map(
        (command) => `  - \`${command}\``,
      ),
      `- **Dependencies**: ${task.dependencies && task.dependencies.length > 0 ? task.dependencies.join(', ') : 'none'}`,
      '',
    ].join('\n'),
  );
  return `---
id: ${id}
title: Run test plan
created: 2026-11-22
author: test
risk: low
base: main
---

# Plan: Run test plan

## Summary

Tasks for the runner tests.

## Tasks

${taskSections.join('\n')}
## Verification

${verification.map((command) => `- [ ] \`${command}\``).join('\n')}
`;
}
