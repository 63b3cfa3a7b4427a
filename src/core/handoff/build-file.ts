// The BUILD_<task>.md hand-off (seed 002): one task's instructions, complete enough that a
// person or any other tool can do the task without asking — the task, the plan's context, the
// declared files as they are now, what "done" means, the commands that check it, and the
// rules. Pure: the caller reads the files and hands their contents in.
import type { Plan, PlanTask } from '../plan/model.ts';

export interface BuildFileInput {
  plan: Plan;
  planId: string;
  task: PlanTask;
  /** The declared files, in order; `content` undefined when the file does not exist (yet). */
  files: ReadonlyArray<{ path: string; content: string | undefined; note?: string }>;
  /** The review feedback of the previous round (Markdown), from the second round on. */
  feedback?: string;
  /**
   * How the work is handed back when it is a person's (`baton handoff`, the manual executor):
   * the exact `baton submit …` command. Without it the reader is an executor inside `baton run`,
   * which simply finishes (baton commits, verifies and reviews what it left) or reports blocked.
   */
  submitCommand?: string;
  /** Round number, 1 for the first. */
  round?: number;
  /** Characters of each file shown before it is cut. Default 20 000. */
  fileCharacterCap?: number;
  /** Characters of all files together. Default 120 000. */
  totalCharacterCap?: number;
}

export const buildFileName = (taskId: string): string => `BUILD_${taskId}.md`;

/** A fence longer than any run of backticks in the text. */
export function fence(text: string, language = ''): string {
  const longestRun = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const ticks = '`'.repeat(Math.max(3, longestRun + 1));
  return `${ticks}${language}\n${text.endsWith('\n') ? text : `${text}\n`}${ticks}`;
}

function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

const languages: Record<string, string> = {
  ts: 'ts',
  tsx: 'tsx',
  js: 'js',
  mjs: 'js',
  cjs: 'js',
  jsx: 'jsx',
  json: 'json',
  py: 'python',
  rb: 'ruby',
  go: 'go',
  rs: 'rust',
  java: 'java',
  md: 'markdown',
  sh: 'sh',
  yml: 'yaml',
  yaml: 'yaml',
  html: 'html',
  css: 'css',
  sql: 'sql',
};

function languageOf(filePath: string): string {
  const extension = /\.([A-Za-z0-9]+)$/.exec(filePath)?.[1]?.toLowerCase() ?? '';
  return languages[extension] ?? '';
}

function list(items: readonly string[], empty: string): string[] {
  return items.length === 0 ? [empty] : items.map((item) => `- ${item}`);
}

function filesSection(input: BuildFileInput): string[] {
  const fileCap = input.fileCharacterCap ?? 20_000;
  let budget = input.totalCharacterCap ?? 120_000;
  const lines = ['## Files in scope, as they are now', ''];
  if (input.files.length === 0) lines.push('This task declares no files: it may change none.', '');
  for (const file of input.files) {
    lines.push(`### ${code(file.path)}`, '');
    if (file.note) lines.push(file.note, '');
    if (file.content === undefined) {
      if (!file.note) lines.push('Does not exist yet.', '');
      continue;
    }
    if (budget <= 0) {
      lines.push(
        `(${file.content.length} characters, left out: the hand-off is long enough; read the file.)`,
        '',
      );
      continue;
    }
    const cap = Math.min(fileCap, budget);
    const shown = file.content.length > cap ? file.content.slice(0, cap) : file.content;
    budget -= shown.length;
    lines.push(fence(shown, languageOf(file.path)), '');
    if (shown.length < file.content.length)
      lines.push(
        `(cut after ${shown.length} of ${file.content.length} characters; read the file for the rest.)`,
        '',
      );
  }
  return lines;
}

export function renderBuildFile(input: BuildFileInput): string {
  const { plan, planId, task } = input;
  const round = input.round ?? (input.feedback ? 2 : 1);
  const titles = new Map(plan.tasks.map((candidate) => [candidate.id, candidate.title]));
  const lines: string[] = [
    `# BUILD ${task.id}: ${task.title}`,
    '',
    `Plan: ${code(planId)} — ${plan.meta.title}${plan.meta.base ? ` (base branch ${code(plan.meta.base)})` : ''}`,
    `Round: ${round}`,
    '',
    'These instructions are self-contained: everything needed to do this task is below. Follow them',
    'exactly. When the work is in place, the verify commands must pass; a reviewer then scores it',
    'against the success criteria and the plan.',
    '',
    '## The task',
    '',
    `- **Action**: ${task.action ?? '(not stated)'}`,
    `- **Files**: ${task.files.length > 0 ? task.files.map(code).join(', ') : 'none'}`,
    '',
    task.description.trim() || '(no description)',
    '',
  ];
  if (task.notes?.trim()) lines.push(task.notes.trim(), '');
  lines.push(
    '## Success criteria',
    '',
    ...list(task.successCriteria, '- (none stated: ask the planner)'),
    '',
  );
  lines.push(
    '## Verify',
    '',
    input.submitCommand
      ? 'Run these from the root of the working tree you work in; each must exit 0:'
      : "Run these from the root of your working directory (the task's worktree); each must exit 0:",
    '',
    ...(task.verify.length === 0 ? ['(none declared)'] : [fence(task.verify.join('\n'), 'sh')]),
    '',
  );
  lines.push('## Context from the plan', '', '### Summary', '', plan.summary.trim() || '(no summary)', '');
  if (plan.requirements.length > 0) lines.push('### Requirements', '', ...list(plan.requirements, ''), '');
  if (task.dependencies.length > 0) {
    lines.push(
      '### Done before this task',
      '',
      ...task.dependencies.map((id) => `- ${id}: ${titles.get(id) ?? '(not in the plan)'}`),
      '',
    );
  }
  if (plan.edgeCases.length > 0) lines.push('### Edge cases', '', ...list(plan.edgeCases, ''), '');
  if (input.feedback?.trim()) {
    lines.push(
      '## Feedback from the last review',
      '',
      'The previous round was not approved. Address every point below.',
      '',
      input.feedback.trim().replace(/^#/gm, '###'),
      '',
    );
  }
  lines.push(...filesSection(input));
  lines.push(
    '## Rules',
    '',
    `- Touch only the declared files (${task.files.length > 0 ? task.files.map(code).join(', ') : 'none'}). A change anywhere else is a scope violation and fails the review.`,
    '- Do not change the scope: no extra features, no refactoring beyond what the task says, no skipped success criteria.',
    '- If the task cannot be done within these files and this description, stop and report the blocker (what is missing and why) instead of working around it.',
    '- Do not commit; leave the changes in the working tree.',
    ...(input.submitCommand
      ? [`- When done, run the verify commands, then hand back: ${code(input.submitCommand)}.`]
      : [
          '- When done, run the verify commands, then finish: end your work (a command exits 0). baton commits what you left, verifies it and has it reviewed; do not run `baton submit`.',
          '- If you are blocked, say so and stop: write `{"status":"blocked","reason":"…"}` to the file named by `$BATON_RESULT_FILE` (a command), or use the report_blocked tool (a model), or end your answer with a line `BATON-BLOCKED: <reason>` (an agent CLI).',
        ]),
    '',
  );
  return `${lines.join('\n').trimEnd()}\n`;
}
