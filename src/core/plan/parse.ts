// parsePlan: Markdown text → the plan model, where things were, and what was wrong.
// It never throws: a plan is data from outside (a person, a model), and a broken one must
// come back as diagnostics the author can act on, with lines and columns.
import type { Heading, RootContent } from 'mdast';
import { sortDiagnostics } from './diagnostics.ts';
import { matchLabel, metaFieldFor } from './field-labels.ts';
import { readFrontMatter, unclosedFrontMatter } from './front-matter.ts';
import { unescapeTitle } from './heading-text.ts';
import {
  descendants,
  endOf,
  headingContent,
  paragraphLines,
  parseChunk,
  sourceOfNodes,
  startOf,
} from './markdown-tree.ts';
import {
  type Diagnostic,
  emptyPlan,
  type ParseResult,
  type Plan,
  type PlanMeta,
  type PlanPositions,
  riskLevels,
  type SectionKey,
} from './model.ts';
import { outline } from './outline.ts';
import { findPlaceholders } from './placeholders.ts';
import { readListSection, readRisks, sectionKeyFor } from './section-reader.ts';
import { normalizeLineEndings, normalizeSpace, SourceText } from './source-text.ts';
import { readTaskFast } from './task-fast-path.ts';
import { readTask, type TaskReading } from './task-reader.ts';

interface SectionGroup {
  heading: Heading;
  title: string;
  key: SectionKey | undefined;
  blocks: RootContent[];
  /** Offset where the next section (or the text) ends this one. */
  end: number;
}

type ListSectionKey =
  | 'requirements'
  | 'prerequisites'
  | 'edgeCases'
  | 'securityChecklist'
  | 'questions'
  | 'verification';
const listSections: ReadonlySet<SectionKey> = new Set<ListSectionKey>([
  'requirements',
  'prerequisites',
  'edgeCases',
  'securityChecklist',
  'questions',
  'verification',
]);

function emptyPositions(): PlanPositions {
  return { sections: {}, tasks: {}, placeholders: [], taskOrder: [], meta: {} };
}

export interface ParseOptions {
  /**
   * Read plain-shaped tasks with the line reader (task-fast-path.ts) instead of the Markdown
   * parser. On by default; tests turn it off to check that both readers agree.
   */
  fastTasks?: boolean;
}

export function parsePlan(text: string, options: ParseOptions = {}): ParseResult {
  try {
    return readPlan(typeof text === 'string' ? text : String(text ?? ''), options);
  } catch (error) {
    // A bug in the parser must not take down `baton lint` or a hook; say so instead.
    const reason = error instanceof Error ? error.message : String(error);
    return {
      plan: emptyPlan({ id: '', title: '' }),
      positions: emptyPositions(),
      diagnostics: [
        {
          severity: 'error',
          code: 'PLAN_PARSE_FAILED',
          message: `could not read the plan: ${reason}`,
          line: 1,
          column: 1,
        },
      ],
    };
  }
}

function readPlan(rawText: string, options: ParseOptions): ParseResult {
  const text = normalizeLineEndings(rawText);
  const source = new SourceText(text);
  const diagnostics: Diagnostic[] = [];
  const positions = emptyPositions();
  const plan = emptyPlan({ id: '', title: '' });
  const metaPositions: Partial<Record<keyof PlanMeta, PlanPositions['sections'][SectionKey]>> = {};
  const { frontMatter, chunks, definitions } = outline(text);

  if (frontMatter) {
    const read = readFrontMatter(frontMatter.value, frontMatter.valueStart, source);
    Object.assign(plan.meta, read.meta);
    Object.assign(metaPositions, read.positions);
    diagnostics.push(...read.diagnostics);
    positions.frontMatter = source.positionAt(0);
  }
  const unclosed = unclosedFrontMatter(text, frontMatter !== undefined);
  if (unclosed) diagnostics.push(unclosed);

  let titleHeading: Heading | undefined;
  const preamble: RootContent[] = [];
  // Under `## Tasks`, before its first task: prose a person wrote about the tasks.
  const tasksIntro: RootContent[][] = [];
  const sections: SectionGroup[] = [];
  let currentTask: { heading: Heading; blocks: RootContent[] } | undefined;
  const addTask = (reading: TaskReading) => {
    plan.tasks.push(reading.task);
    positions.tasks[reading.task.id] ??= reading.positions;
    positions.taskOrder?.push(reading.positions);
  };
  const finishTask = () => {
    if (!currentTask) return;
    const input = { ...currentTask, ordinal: plan.tasks.length + 1, previousId: plan.tasks.at(-1)?.id };
    addTask(readTask(input, source, diagnostics));
    currentTask = undefined;
  };
  const addPlaceholder = (offset: number, placeholder: string) =>
    positions.placeholders.push({ ...source.positionAt(offset), text: placeholder });

  // Top-level nodes arrive in document order, chunk after chunk; sections and tasks are
  // grouped as they come, so a task read by the line reader slots in between.
  const addNode = (node: RootContent) => {
    if (node.type === 'heading' && node.depth === 1 && !titleHeading && sections.length === 0) {
      titleHeading = node;
      return;
    }
    if (node.type === 'heading' && node.depth <= 2) {
      finishTask();
      const previous = sections.at(-1);
      if (previous) previous.end = startOf(node);
      const title = normalizeSpace(headingContent(source, node).text);
      sections.push({ heading: node, title, key: sectionKeyFor(title), blocks: [], end: text.length });
      if (sections.at(-1)?.key === 'tasks') tasksIntro.push([]);
      return;
    }
    const section = sections.at(-1);
    if (!section) preamble.push(node);
    else if (section.key !== 'tasks') section.blocks.push(node);
    else if (node.type === 'heading' && node.depth === 3) {
      finishTask();
      currentTask = { heading: node, blocks: [] };
    } else if (currentTask) currentTask.blocks.push(node);
    else tasksIntro.at(-1)?.push(node);
  };

  for (const chunk of chunks) {
    const inTasks = sections.at(-1)?.key === 'tasks';
    if (options.fastTasks !== false && inTasks && chunk.headingDepth === 3 && definitions.length === 0) {
      finishTask();
      const ordinal = plan.tasks.length + 1;
      const fast = readTaskFast(source, chunk.start, chunk.end, {
        ordinal,
        previousId: plan.tasks.at(-1)?.id,
      });
      if (fast) {
        addTask(fast.reading);
        diagnostics.push(...fast.diagnostics);
        for (const found of fast.placeholders) addPlaceholder(found.offset, found.text);
        continue;
      }
    }
    for (const node of parseChunk(source, chunk.start, chunk.end, definitions)) {
      addNode(node);
      scanPlaceholders(node, source, addPlaceholder);
    }
  }
  finishTask();

  if (titleHeading) readTitle(titleHeading, source, plan, positions, diagnostics);
  const summaryFallback = readPreamble(preamble, source, plan, metaPositions, positions, diagnostics);
  const summaries: string[] = [];
  for (const section of sections) {
    const key = section.key;
    if (!key) {
      plan.extraSections.push({
        title: section.title,
        body: source.slice(endOf(section.heading), section.end).trim(),
      });
      continue;
    }
    positions.sections[key] ??= source.positionAt(startOf(section.heading));
    if (key === 'summary') {
      const summary = sourceOfNodes(source, section.blocks).text.trim();
      if (summary !== '') summaries.push(summary);
    } else if (key === 'risks') {
      plan.risks.push(...readRisks(source, section.blocks));
    } else if (listSections.has(key)) {
      plan[key as ListSectionKey].push(...readListSection(source, section.blocks));
    }
  }
  plan.summary = summaries.length > 0 ? summaries.join('\n\n') : summaryFallback;
  const intro = tasksIntro
    .map((nodes) => sourceOfNodes(source, nodes).text.trim())
    .filter((part) => part !== '')
    .join('\n\n');
  if (intro !== '') plan.tasksIntro = intro;
  positions.placeholders.sort((a, b) => a.line - b.line || a.column - b.column);
  positions.meta = metaPositions;
  return { plan, positions, diagnostics: sortDiagnostics(diagnostics) };
}

function scanPlaceholders(
  node: RootContent,
  source: SourceText,
  addPlaceholder: (offset: number, text: string) => void,
): void {
  for (const inner of [node, ...descendants(node)]) {
    // `[Scenario]: [Guidance]` at the start of a paragraph is, to Markdown, a link definition;
    // one whose target does not look like a link is a template line, so it is scanned too.
    const isTemplateDefinition = inner.type === 'definition' && !/[/.:#]/.test(inner.url);
    // Text without a position was split off by a transform (autolink literals); skip it.
    if ((inner.type !== 'text' && !isTemplateDefinition) || inner.position === undefined) continue;
    const start = startOf(inner);
    for (const found of findPlaceholders(source.text, source.slice(start, endOf(inner)), start)) {
      addPlaceholder(found.offset, found.text);
    }
  }
}

function readTitle(
  heading: Heading,
  source: SourceText,
  plan: Plan,
  positions: PlanPositions,
  diagnostics: Diagnostic[],
): void {
  const written = normalizeSpace(headingContent(source, heading).text);
  const title = unescapeTitle(written.replace(/^plan\s*:\s*/i, ''));
  positions.title = source.positionAt(startOf(heading));
  if (plan.meta.title !== '' && plan.meta.title !== title) {
    diagnostics.push({
      severity: 'warning',
      code: 'PLAN_TITLE_MISMATCH',
      message: `the heading says "${title}" but the front matter title is "${plan.meta.title}"; the heading wins`,
      ...positions.title,
    });
  }
  plan.meta.title = title;
}

/**
 * Content before the first section: seed 000's bold metadata lines (`**Created**: …`,
 * `**Risk level**: Medium (security-critical)`) fill the metadata the front matter left
 * unset; anything else is returned as a summary for a plan without a Summary section.
 */
function readPreamble(
  blocks: readonly RootContent[],
  source: SourceText,
  plan: Plan,
  metaPositions: Partial<Record<keyof PlanMeta, PlanPositions['sections'][SectionKey]>>,
  positions: PlanPositions,
  diagnostics: Diagnostic[],
): string {
  const prose: string[] = [];
  for (const block of blocks) {
    if (block.type !== 'paragraph') {
      prose.push(source.slice(startOf(block), endOf(block)));
      continue;
    }
    const kept: string[] = [];
    for (const line of paragraphLines(source, block)) {
      const label = matchLabel(line.text);
      const key = label ? metaFieldFor(label.name) : undefined;
      if (!label || !key) {
        kept.push(line.text);
        continue;
      }
      const value = normalizeSpace(line.text.slice(label.length)).replace(/^[*_`]+|[*_`]+$/g, '');
      const at = source.positionAt(line.index + label.length);
      if (value === '' || (plan.meta[key] !== undefined && plan.meta[key] !== '')) continue;
      if (key === 'risk') {
        const word = /^[a-z]+/i.exec(value)?.[0]?.toLowerCase();
        const risk = riskLevels.find((level) => level === word);
        if (value.includes('|')) {
          positions.placeholders.push({ ...at, text: value });
        } else if (risk) {
          plan.meta.risk = risk;
          metaPositions.risk = at;
        } else {
          diagnostics.push({
            severity: 'warning',
            code: 'PLAN_METADATA',
            message: `risk level "${value}" is not low, medium or high; ignored`,
            ...at,
          });
        }
        continue;
      }
      if (key === 'created') {
        const date = /^\d{4}-\d{2}-\d{2}/.exec(value)?.[0];
        if (!date) continue;
        plan.meta.created = date;
      } else {
        plan.meta[key] = value;
      }
      metaPositions[key] = at;
    }
    if (kept.length > 0) prose.push(kept.join('\n'));
  }
  return prose.join('\n\n').trim();
}
