// A follow-up task: a person's comments on the diff of a task already merged cannot go back to
// that task (its work is on the integration branch), so they become a new task of the plan that
// depends on it — each comment a success criterion, with its file and line — proposed in a
// revision of the plan, which a person approves again like any change.
import { commentLine, type DiffComment } from '../review/diff-comments.ts';
import type { ParseResult, Plan, PlanTask } from './model.ts';
import { outline } from './outline.ts';
import { renderTask } from './render.ts';

/** The first `T<n>` after every numbered task id the plan has. */
export function nextTaskId(plan: Plan): string {
  const taken = new Set(plan.tasks.map((task) => task.id));
  let number = Math.max(0, ...plan.tasks.map((task) => Number(/^T(\d+)$/.exec(task.id)?.[1] ?? 0))) + 1;
  while (taken.has(`T${number}`)) number += 1;
  return `T${number}`;
}

export function followUpTask(plan: Plan, merged: PlanTask, comments: readonly DiffComment[]): PlanTask {
  return {
    id: nextTaskId(plan),
    title: `Follow up ${merged.id} — a person's comments on its merged diff`,
    action: 'modify',
    // Where the comments are: the follow-up's scope, inside what the merged task declared.
    files: [...new Set(comments.map((comment) => comment.file))],
    description: `${merged.id} (${merged.title}) is merged; a person commented on lines of its diff. Do what each comment asks, and keep ${merged.id}'s checks passing.`,
    successCriteria: comments.map(commentLine),
    // The merged task's own checks: the follow-up must not undo what they showed.
    verify: [...merged.verify],
    dependencies: [merged.id],
  };
}

/**
 * The plan's text with `task` written after its last task (before the section that follows),
 * everything else as it was.
 */
export function insertTask(text: string, parsed: ParseResult, task: PlanTask): string {
  const last = parsed.positions.taskOrder?.at(-1) ?? Object.values(parsed.positions.tasks).at(-1);
  let at = text.length;
  if (last) {
    const linesBefore = text.split('\n').slice(0, last.heading.line - 1);
    const lineStart = linesBefore.length === 0 ? 0 : linesBefore.join('\n').length + 1;
    const chunks = outline(text).chunks;
    const own = chunks.findLast((chunk) => chunk.start <= lineStart);
    // The task ends where a heading of its own level or above begins: the next section.
    const depth = own?.headingDepth || 3;
    const next = chunks.find(
      (chunk) => chunk.start > lineStart && chunk.headingDepth > 0 && chunk.headingDepth <= depth,
    );
    if (next) at = next.start;
  }
  const before = text.slice(0, at).replace(/\n*$/, '\n\n');
  const after = text.slice(at);
  return `${before}${renderTask(task)}\n${after === '' ? '' : `\n${after}`}`;
}
