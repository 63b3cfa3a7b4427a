// The one builder of plan texts for tests and benchmarks (bench/ imports nothing from test/, so
// it lives on this side): taskText and planDocument write a plan's Markdown from parts, clean by
// default so a test changes only what it is about; planText is the compact form the runner's
// tests and bench/run.ts use, where each task writes its files and verifies them with grep.

export interface TaskText {
  /** Default `Task <id>`. */
  title?: string;
  action?: string;
  /** As written after `**Files**:`; '' leaves the field out. */
  files?: string;
  description?: string;
  criteria?: string[];
  /** Each as written after `- ` (commands in backticks). */
  verify?: string[];
  dependencies?: string;
  /** Lines added after the task's fields. */
  extra?: string;
}

/** A task that lints clean unless the options say otherwise. */
export function taskText(id: string, options: TaskText = {}): string {
  const lines = [`### ${id}: ${options.title ?? `Task ${id}`}`, ''];
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

export interface PlanDocument {
  /** The lines between the `---` fences. */
  frontMatter?: string;
  title?: string;
  summary?: string;
  tasks: string[];
  /** The plan's verification commands, each a checklist item. */
  verification?: readonly string[];
  /** What follows the tasks, as written (instead of `verification`). */
  after?: string;
}

/** A plan around the given tasks; with clean tasks it lints clean. */
export function planDocument(options: PlanDocument): string {
  const frontMatter = options.frontMatter ?? 'id: test-plan\ncreated: 2026-02-04\nrisk: low';
  const verification =
    options.verification === undefined
      ? '- [ ] `npm run build` passes'
      : options.verification.map((command) => `- [ ] \`${command}\``).join('\n');
  return [
    `---\n${frontMatter}\n---`,
    `# Plan: ${options.title ?? 'Test plan'}`,
    `## Summary\n\n${options.summary ?? 'A plan for a test.'}`,
    `## Tasks\n\n${options.tasks.join('\n\n')}`,
    options.after ?? `## Verification\n\n${verification}`,
  ].join('\n\n');
}

export interface TaskSpec {
  id: string;
  files: string[];
  verify?: string[];
  dependencies?: string[];
}

/** The runner's compact plan: each task creates its files and greps them for `<id> OK`. */
export function planText(id: string, tasks: readonly TaskSpec[], verification: readonly string[]): string {
  return planDocument({
    frontMatter: `id: ${id}\ntitle: Run test plan\ncreated: 2026-11-22\nauthor: test\nrisk: low\nbase: main`,
    title: 'Run test plan',
    summary: 'Tasks for the runner tests.',
    tasks: tasks.map((task) =>
      taskText(task.id, {
        title: `Write ${task.files.join(' and ')}`,
        action: 'create',
        files: task.files.map((file) => `\`${file}\``).join(', '),
        description: `Write the line for ${task.id}.`,
        criteria: [`the files hold ${task.id} OK`],
        verify: (task.verify ?? task.files.map((file) => `grep -q "${task.id} OK" ${file}`)).map(
          (command) => `\`${command}\``,
        ),
        dependencies:
          task.dependencies && task.dependencies.length > 0 ? task.dependencies.join(', ') : 'none',
      }),
    ),
    verification,
  });
}
