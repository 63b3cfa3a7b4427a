// Plans already in baton's own Markdown: the canonical form (front matter, `### T1:` tasks) and
// seed 003's plan output format (`# Plan:`, `### Task 1:` with `- **File**:` fields), which
// baton's plan parser reads as it is. Importing one keeps the text as written — it is already a
// plan baton lints — and only sets the id in its front matter, when it has one.
import { parsePlan } from '../plan/parse.ts';
import { error, importCodes } from './helpers.ts';
import type { FormatResult } from './types.ts';

const tasksHeading = /^##[ \t]+Tasks[ \t]*$/im;
const taskHeading = /^###[ \t]+(?:T\d+|Task[ \t]+\d+)\b/im;
const frontMatter = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** A `## Tasks` section holding `### T1:` or `### Task 1:` headings. */
export function looksLikeBatonPlan(text: string): boolean {
  return tasksHeading.test(text) && taskHeading.test(text);
}

/** The `id:` of the front matter, if the text has front matter with one. */
export function frontMatterId(text: string): string | undefined {
  const block = frontMatter.exec(text)?.[1];
  const id = block ? /^id:[ \t]*["']?([^"'\r\n]*?)["']?[ \t]*$/m.exec(block)?.[1] : undefined;
  return id === undefined || id === '' ? undefined : id;
}

/** The text with its front matter's `id:` set to `id` (one line for one line: positions hold). */
export function withPlanId(text: string, id: string): string {
  const match = frontMatter.exec(text);
  if (!match || !/^id:/m.test(match[1]!)) return text;
  const block = match[1]!.replace(/^id:.*$/m, `id: ${id}`);
  return `${text.slice(0, match.index)}${match[0].replace(match[1]!, block)}${text.slice(match.index + match[0].length)}`;
}

export function importBatonMarkdown(text: string, options: { id: string }): FormatResult {
  const parsed = parsePlan(withPlanId(text, options.id));
  if (parsed.plan.tasks.length === 0)
    return {
      ok: false,
      diagnostics: [
        ...parsed.diagnostics.filter((each) => each.severity === 'error'),
        error(importCodes.malformed, 'no task could be read under ## Tasks'),
      ],
    };
  if (parsed.plan.meta.id === '') parsed.plan.meta.id = options.id;
  return { ok: true, plan: parsed.plan, warnings: [] };
}
