// A plan's title and task ids from a line scan, without the Markdown parser or the YAML
// front matter reader: what `baton plans` lists, at a fraction of a full parse's start-up cost.
//
// The scan reads the headings the outline (outline.ts) cuts the text at: column-1 ATX
// headings of level 1–3 outside code fences and HTML blocks, which are certainly top-level
// headings. It then applies parsePlan's rules: the first level-1 heading before any section is
// the title, level 1–2 headings start sections (named as section-names.ts names them), and
// each level-3 heading in the Tasks section is a task (its id read as task-reader.ts reads it).
//
// Whenever a heading could be somewhere the scan cannot place it — a setext underline, an
// indented ATX heading, a column-1 heading the outline left inside a chunk — or the title is
// not in a heading (front matter or preamble), it returns undefined and the caller parses the
// plan. A test checks that it agrees with parsePlan wherever it answers.
import { atxHeadingContent, unescapeTitle } from './heading-text.ts';
import { readTaskHeading } from './inline-values.ts';
import { outline } from './outline.ts';
import { sectionKeyFor } from './section-names.ts';
import { normalizeLineEndings, normalizeSpace } from './source-text.ts';

export interface PlanTextSummary {
  /** The plan's title, as parsePlan reads it into `plan.meta.title`. */
  title: string;
  /** The ids of its tasks in order, as parsePlan reads them (duplicates kept). */
  taskIds: string[];
}

// A heading of level 1–3 the outline does not cut at: ATX indented by 1–3 spaces.
const indentedHeading = /^ {1,3}#{1,3}(?:[ \t]|$)/;
const columnOneHeading = /^#{1,3}(?:[ \t]|$)/;
// A setext underline (under a paragraph line it makes a level 1 or 2 heading).
const setextUnderline = /^ {0,3}(?:=+|-+)[ \t]*$/;

/** Whether some line after `bodyStart` may be a heading the outline's chunks do not start with. */
function hasUnplacedHeading(text: string, bodyStart: number, chunkStarts: ReadonlySet<number>): boolean {
  let previousBlank = true;
  let lineStart = bodyStart;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    if (columnOneHeading.test(line) ? !chunkStarts.has(lineStart) : indentedHeading.test(line)) return true;
    if (!previousBlank && setextUnderline.test(line)) return true;
    previousBlank = line.trim() === '';
    lineStart = lineEnd + 1;
  }
  return false;
}

/** The title and task ids of a plan's text, or undefined when only a full parse can tell. */
export function summarisePlanText(rawText: string): PlanTextSummary | undefined {
  const text = normalizeLineEndings(rawText);
  const { frontMatter, chunks } = outline(text);
  const headings = chunks.filter((chunk) => chunk.headingDepth > 0);
  if (hasUnplacedHeading(text, frontMatter?.end ?? 0, new Set(headings.map((chunk) => chunk.start))))
    return undefined;

  let title: string | undefined;
  let inSections = false;
  let inTasks = false;
  const taskIds: string[] = [];
  for (const heading of headings) {
    const lineEnd = text.indexOf('\n', heading.start);
    const line = text.slice(heading.start, lineEnd === -1 ? text.length : lineEnd);
    const content = normalizeSpace(atxHeadingContent(line)?.text ?? '');
    if (heading.headingDepth === 1 && title === undefined && !inSections) {
      title = unescapeTitle(content.replace(/^plan\s*:\s*/i, ''));
    } else if (heading.headingDepth <= 2) {
      inSections = true;
      inTasks = sectionKeyFor(content) === 'tasks';
    } else if (inTasks) {
      taskIds.push(readTaskHeading(content)?.id.toUpperCase() ?? `T${taskIds.length + 1}`);
    }
  }
  // No title heading, or an empty one: the title comes from the front matter or the preamble.
  if (!title) return undefined;
  return { title, taskIds };
}
