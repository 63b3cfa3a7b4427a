// Reading one task: a `### T1: Title` heading and the blocks under it. Fields may be list
// items (`- **Action**: create`) or paragraph lines (`**Action**: create`), in any case, with
// or without bold; a field's value is the rest of its line, the lines that continue it, and
// a nested list under it. Whatever is not a field is kept in the task's notes.
import type { Heading, List, ListItem, Paragraph, RootContent } from 'mdast';
import { matchLabel, type TaskFieldKey, taskFieldFor } from './field-labels.ts';
import {
  codeSpans,
  isNothing,
  type Piece,
  readTaskHeading,
  splitOnCommas,
  taskReferences,
} from './inline-values.ts';
import {
  endOf,
  flattenListItems,
  headingContent,
  paragraphLines,
  sourceOfNodes,
  startOf,
} from './markdown-tree.ts';
import type { Diagnostic, PlanTask, TaskAction, TaskPositions } from './model.ts';
import { normalizeSpace, type SourceText } from './source-text.ts';

export interface FieldOccurrence {
  key: TaskFieldKey;
  labelOffset: number;
  /** The value written on the label's line and the lines continuing it. */
  value: Piece;
  /** Items of a list nested under the field. */
  items: Piece[];
}

export interface TaskInput {
  heading: Heading;
  blocks: readonly RootContent[];
  /** 1-based position among the plan's tasks, for a heading without an id. */
  ordinal: number;
  /** The id of the task before this one, for `[previous tasks]`. */
  previousId: string | undefined;
}

export interface TaskReading {
  task: PlanTask;
  positions: TaskPositions;
}

const actionWords: Record<string, TaskAction> = {
  create: 'create',
  add: 'create',
  new: 'create',
  write: 'create',
  modify: 'modify',
  update: 'modify',
  edit: 'modify',
  change: 'modify',
  refactor: 'modify',
  extend: 'modify',
  fix: 'modify',
  delete: 'delete',
  remove: 'delete',
  run: 'run',
  install: 'run',
  execute: 'run',
  command: 'run',
  test: 'test',
  tests: 'test',
  verify: 'test',
};

function readAction(value: string): TaskAction | undefined {
  const word = /^[*_`\s]*([a-z]+)/i.exec(value)?.[1]?.toLowerCase();
  return word !== undefined && Object.hasOwn(actionWords, word) ? actionWords[word] : undefined;
}

/** Collects the fields and the notes of a task's blocks. */
export class FieldCollector {
  readonly fields: FieldOccurrence[] = [];
  readonly notes: string[] = [];
  readonly #source: SourceText;

  constructor(source: SourceText) {
    this.#source = source;
  }

  // Lines of a paragraph: a labelled line starts a field, an unlabelled one continues the
  // field before it (a wrapped description) or, before any field, is a note.
  readLines(lines: readonly Piece[], endOffset: number): FieldOccurrence | undefined {
    let current: FieldOccurrence | undefined;
    const noteLines: string[] = [];
    const close = (nextStart: number) => {
      if (!current) return;
      const end = Math.max(current.value.index, nextStart);
      current.value = { text: this.#source.slice(current.value.index, end), index: current.value.index };
    };
    for (const line of lines) {
      const label = matchLabel(line.text);
      const key = label ? taskFieldFor(label.name) : undefined;
      if (label && key) {
        close(line.index - 1);
        current = {
          key,
          labelOffset: line.index,
          value: { text: '', index: line.index + label.length },
          items: [],
        };
        this.fields.push(current);
      } else if (!current) {
        noteLines.push(line.text);
      }
    }
    close(endOffset);
    if (noteLines.length > 0) this.notes.push(noteLines.join('\n'));
    return current;
  }

  readParagraph(paragraph: Paragraph): void {
    this.readLines(paragraphLines(this.#source, paragraph), endOf(paragraph));
  }

  readListItem(item: ListItem): void {
    const [first, ...rest] = item.children;
    if (first?.type !== 'paragraph') {
      this.notes.push(this.#source.slice(startOf(item), endOf(item)));
      return;
    }
    const nested: Piece[] = [];
    const field = this.readItemStart(
      paragraphLines(this.#source, first),
      endOf(first),
      startOf(item),
      endOf(item),
    );
    if (!field) return;
    for (const child of rest) {
      if (child.type === 'list') nested.push(...flattenListItems(this.#source, child));
      else if (child.type === 'paragraph') nested.push(sourceOfNodes(this.#source, [child]));
      else this.notes.push(this.#source.slice(startOf(child), endOf(child)));
    }
    field.items.push(...nested);
  }

  /**
   * A list item whose first paragraph has `lines`: a field when its first line is labelled,
   * else a note (the whole item, as written). Returns the field the item's nested content
   * belongs to.
   */
  readItemStart(
    lines: readonly Piece[],
    paragraphEnd: number,
    itemStart: number,
    itemEnd: number,
  ): FieldOccurrence | undefined {
    const firstLine = lines[0];
    const label = firstLine ? matchLabel(firstLine.text) : undefined;
    if (!label || !taskFieldFor(label.name)) {
      this.notes.push(this.#source.slice(itemStart, itemEnd));
      return undefined;
    }
    return this.readLines(lines, paragraphEnd);
  }

  readList(list: List): void {
    for (const item of list.children) this.readListItem(item);
  }

  readBlock(block: RootContent): void {
    if (block.type === 'paragraph') this.readParagraph(block);
    else if (block.type === 'list') this.readList(block);
    else this.notes.push(this.#source.slice(startOf(block), endOf(block)));
  }
}

/** Paths in a Files value: code spans if any, else the first word of each comma-separated part. */
function readPaths(piece: Piece): Piece[] {
  const paths: Piece[] = [];
  for (const part of splitOnCommas(piece.text)) {
    const spans = codeSpans(part.text);
    if (spans.length > 0) {
      for (const span of spans) {
        const text = span.text.trim();
        if (text !== '') paths.push({ text, index: piece.index + part.index + span.index });
      }
      continue;
    }
    if (isNothing(part.text)) continue;
    const word = /^\S+/.exec(part.text)?.[0] ?? '';
    if (word !== '' && !isNothing(word)) paths.push({ text: word, index: piece.index + part.index });
  }
  return paths;
}

/** Commands in a Verify or Command value: code spans if any, else the whole text. */
function readCommands(piece: Piece): string[] {
  const spans = codeSpans(piece.text);
  if (spans.length > 0) return spans.map((span) => span.text.trim()).filter((command) => command !== '');
  const text = normalizeSpace(piece.text);
  return text === '' || isNothing(text) ? [] : [text];
}

export function readTask(input: TaskInput, source: SourceText, diagnostics: Diagnostic[]): TaskReading {
  const { heading } = input;
  const headingText = headingContent(source, heading);
  const collector = new FieldCollector(source);
  for (const block of input.blocks) collector.readBlock(block);
  return buildTask(headingText, startOf(heading), collector, input, source, diagnostics);
}

/** The task from its heading's text and the fields collected under it (by either reader). */
export function buildTask(
  headingText: Piece,
  headingStart: number,
  collector: FieldCollector,
  input: Pick<TaskInput, 'ordinal' | 'previousId'>,
  source: SourceText,
  diagnostics: Diagnostic[],
): TaskReading {
  const headingPosition = source.positionAt(headingStart);
  const parsedHeading = readTaskHeading(normalizeSpace(headingText.text));
  let id: string;
  let title: string;
  if (parsedHeading) {
    id = parsedHeading.id.toUpperCase();
    title = normalizeSpace(parsedHeading.title);
  } else {
    id = `T${input.ordinal}`;
    title = normalizeSpace(headingText.text);
    diagnostics.push({
      severity: 'warning',
      code: 'PLAN_TASK_HEADING',
      message: `task heading has no id; read as ${id} (write it as \`### ${id}: ${title}\`)`,
      ...headingPosition,
    });
  }

  const task: PlanTask = {
    id,
    title,
    files: [],
    description: '',
    successCriteria: [],
    verify: [],
    dependencies: [],
  };
  const positions: TaskPositions = { heading: headingPosition, fields: {}, files: [], dependencies: [] };
  let hasCommand = false;
  let actionOccurrence: FieldOccurrence | undefined;
  const descriptionParts: string[] = [];

  for (const field of collector.fields) {
    const positionKey = field.key === 'command' ? 'verify' : field.key;
    positions.fields[positionKey] ??= source.positionAt(field.labelOffset);
    const pieces = [field.value, ...field.items].filter((piece) => piece.text.trim() !== '');
    switch (field.key) {
      case 'action':
        actionOccurrence ??= field;
        break;
      case 'files':
        for (const piece of pieces) {
          for (const path of readPaths(piece)) {
            task.files.push(path.text);
            positions.files.push(source.positionAt(path.index));
          }
        }
        break;
      case 'command':
        hasCommand = true;
        for (const piece of pieces) task.verify.push(...readCommands(piece));
        break;
      case 'verify':
        for (const piece of pieces) task.verify.push(...readCommands(piece));
        break;
      case 'description':
        for (const piece of pieces) descriptionParts.push(piece.text);
        break;
      case 'successCriteria':
        for (const piece of pieces) {
          const text = normalizeSpace(piece.text);
          if (text !== '' && !isNothing(text)) task.successCriteria.push(text);
        }
        break;
      case 'dependencies':
        for (const piece of pieces)
          readDependencies(piece, input.previousId, task, positions, source, diagnostics);
        break;
      case 'estimate':
        if (task.estimate === undefined && normalizeSpace(field.value.text) !== '')
          task.estimate = normalizeSpace(field.value.text);
        break;
    }
  }

  const description = normalizeSpace(descriptionParts.join(' '));
  if (description !== '') task.description = description;

  if (actionOccurrence) {
    const value = normalizeSpace(actionOccurrence.value.text);
    const action = readAction(value);
    if (action) task.action = action;
    else if (hasCommand) task.action = 'run';
    else if (value !== '') {
      task.actionText = value;
      const at =
        actionOccurrence.value.index +
        (actionOccurrence.value.text.length - actionOccurrence.value.text.trimStart().length);
      diagnostics.push({
        severity: 'warning',
        code: 'PLAN_UNKNOWN_ACTION',
        message: `${id}: unknown action "${value}" (expected create, modify, delete, run or test)`,
        ...source.positionAt(at),
      });
    }
  } else if (hasCommand) {
    task.action = 'run';
  }

  if (collector.notes.length > 0) task.notes = collector.notes.join('\n\n').trim();
  if (task.notes === '') delete task.notes;
  return { task, positions };
}

function readDependencies(
  piece: Piece,
  previousId: string | undefined,
  task: PlanTask,
  positions: TaskPositions,
  source: SourceText,
  diagnostics: Diagnostic[],
): void {
  const add = (id: string, offset: number) => {
    if (task.dependencies.includes(id)) return;
    task.dependencies.push(id);
    positions.dependencies.push(source.positionAt(offset));
  };
  const text = piece.text;
  if (isNothing(normalizeSpace(text)) || normalizeSpace(text) === '') return;
  const references = taskReferences(text);
  for (const reference of references) add(reference.text.toUpperCase(), piece.index + reference.index);
  const previous = /\bprevious\b/i.exec(text);
  if (previous && previousId !== undefined) add(previousId, piece.index + previous.index);
  if (references.length === 0 && !previous) {
    task.unreadableDependencies = [...(task.unreadableDependencies ?? []), normalizeSpace(text)];
    const at = piece.index + (text.length - text.trimStart().length);
    diagnostics.push({
      severity: 'warning',
      code: 'PLAN_UNREADABLE_DEPENDENCY',
      message: `${task.id}: cannot read a task id in "${normalizeSpace(text)}" (write ids like T1, T2, or none)`,
      ...source.positionAt(at),
    });
  }
}
