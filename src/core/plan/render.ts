// renderPlan: the plan model → the canonical Markdown. parsePlan(renderPlan(plan)) gives the
// same plan back for every plan whose strings are what the model promises (see model.ts and
// docs/plan-format.md): single-line inline Markdown, trimmed, not starting with a block
// marker. Strings are written as they are (backticks and emphasis included), because they
// were read as written; only what the canonical form itself adds is escaped: `|` in table
// cells, and code span fences around paths and commands that contain backticks.
import { stringify } from 'yaml';
import { escapeTitle } from './heading-text.ts';
import { toCodeSpan } from './inline-values.ts';
import type { Plan, PlanMeta, PlanRisk, PlanTask } from './model.ts';

const metaKeys: ReadonlyArray<keyof PlanMeta> = [
  'id',
  'title',
  'created',
  'author',
  'risk',
  'effort',
  'base',
];

function renderFrontMatter(meta: PlanMeta): string {
  const written: Record<string, string> = {};
  for (const key of metaKeys) {
    const value = meta[key];
    if (value !== undefined && value !== '') written[key] = value;
  }
  if (Object.keys(written).length === 0) return '';
  return `---\n${stringify(written, { lineWidth: 0 })}---\n\n`;
}

function bulletList(items: readonly string[], checkbox: boolean): string {
  return items.map((item) => (checkbox ? `- [ ] ${item}` : `- ${item}`)).join('\n');
}

function numberedList(items: readonly string[]): string {
  return items.map((item, index) => `${index + 1}. ${item}`).join('\n');
}

function tableCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function risksTable(risks: readonly PlanRisk[]): string {
  const rows = risks.map(
    (risk) => `| ${tableCell(risk.risk)} | ${tableCell(risk.impact)} | ${tableCell(risk.mitigation)} |`,
  );
  return ['| Risk | Impact | Mitigation |', '| --- | --- | --- |', ...rows].join('\n');
}

export function renderTask(task: PlanTask): string {
  const lines = [`### ${task.id}: ${task.title}`.trimEnd(), ''];
  const action = task.action ?? task.actionText;
  if (action) lines.push(`- **Action**: ${action}`);
  if (task.files.length > 0) lines.push(`- **Files**: ${task.files.map(toCodeSpan).join(', ')}`);
  if (task.description !== '') lines.push(`- **Description**: ${task.description}`);
  if (task.successCriteria.length > 0) {
    lines.push('- **Success Criteria**:');
    for (const criterion of task.successCriteria) lines.push(`  - ${criterion}`);
  }
  if (task.verify.length > 0) {
    lines.push('- **Verify**:');
    for (const command of task.verify) lines.push(`  - ${toCodeSpan(command)}`);
  }
  // Unreadable dependencies are written back as they were (never as `none`): inline when that
  // is all there is, else as nested items after the ids, each read back on its own.
  const unreadable = task.unreadableDependencies ?? [];
  if (task.dependencies.length === 0 && unreadable.length === 1) {
    lines.push(`- **Dependencies**: ${unreadable[0]}`);
  } else {
    const ids = task.dependencies.join(', ');
    lines.push(`- **Dependencies**: ${ids !== '' || unreadable.length > 0 ? ids : 'none'}`.trimEnd());
    for (const text of unreadable) lines.push(`  - ${text}`);
  }
  if (task.estimate !== undefined) lines.push(`- **Estimate**: ${task.estimate}`);
  if (task.notes !== undefined && task.notes !== '') lines.push('', task.notes);
  return lines.join('\n');
}

export function renderPlan(plan: Plan): string {
  const parts: string[] = [];
  const section = (title: string, body: string, always = false) => {
    if (body !== '' || always) parts.push(body === '' ? `## ${title}` : `## ${title}\n\n${body}`);
  };
  parts.push(`# Plan: ${escapeTitle(plan.meta.title)}`.trimEnd());
  section('Summary', plan.summary);
  section('Requirements Clarified', bulletList(plan.requirements, false));
  section('Prerequisites', bulletList(plan.prerequisites, true));
  const tasks = plan.tasks.map(renderTask);
  if (plan.tasksIntro !== undefined && plan.tasksIntro !== '') tasks.unshift(plan.tasksIntro);
  section('Tasks', tasks.join('\n\n'), true);
  section('Edge Cases', bulletList(plan.edgeCases, false));
  section('Security Checklist', bulletList(plan.securityChecklist, true));
  section('Risks & Mitigation', plan.risks.length > 0 ? risksTable(plan.risks) : '');
  section('Questions for Implementer', numberedList(plan.questions));
  section('Verification', bulletList(plan.verification, true));
  for (const extra of plan.extraSections)
    parts.push(extra.body === '' ? `## ${extra.title}` : `## ${extra.title}\n\n${extra.body}`);
  return `${renderFrontMatter(plan.meta)}${parts.join('\n\n')}\n`;
}
