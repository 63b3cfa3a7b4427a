// Reading a task without the Markdown parser, when its text has the plain shape render
// writes and people mostly copy: `### T1: Title`, then `- Label: value` items with at most
// one level of `  - item` under them, or `Label: value` paragraph lines. For such text the
// Markdown structure is certain from the lines alone, and reading it directly is many times
// faster (a 1,000-task plan must lint in well under 100 ms).
//
// Anything outside that shape — code fences, block quotes, HTML, tables, ordered lists,
// tabs, trailing spaces, wrapped list items, deeper nesting, link definitions, brackets
// near inline markup — returns undefined, and the caller reads the task with the Markdown
// parser instead. A property test checks that both readers agree on every task this one
// accepts.

import type { Piece } from './inline-values.ts';
import type { Diagnostic } from './model.ts';
import { findPlaceholders, type PlaceholderMatch } from './placeholders.ts';
import type { SourceText } from './source-text.ts';
import { buildTask, FieldCollector, type TaskInput, type TaskReading } from './task-reader.ts';

// Content that would open a block of its own inside a list item, or a thematic break.
const blockStart =
  /^(?:[-*+](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|#{1,6}(?:[ \t]|$)|>|```|~~~|\[[ xX]\](?:[ \t]|$)|(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$)/;
const topLevelItem = /^[-*+] (\S.*)$/;
const nestedItem = /^ {2}[-*+] (\S.*)$/;
const paragraphLine = /^[A-Za-z*_]/;
// Around a bracket, these could split Markdown text nodes differently than a line scan does.
const uncertainNearBracket = /[`*_~\\&!]|www\.|:\/\//;

interface OpenItem {
  start: number;
  firstLine: Piece;
  end: number;
  nested: Piece[];
}

export interface FastTaskResult {
  reading: TaskReading;
  diagnostics: Diagnostic[];
  placeholders: PlaceholderMatch[];
}

export function readTaskFast(
  source: SourceText,
  start: number,
  end: number,
  input: Pick<TaskInput, 'ordinal' | 'previousId'>,
): FastTaskResult | undefined {
  const text = source.text;
  const body = source.slice(start, end);
  if (body.includes('\t') || body.includes('<')) return undefined;

  const headingEnd =
    text.indexOf('\n', start) === -1 || text.indexOf('\n', start) > end ? end : text.indexOf('\n', start);
  const heading = /^### (\S(?:.*\S)?)$/.exec(text.slice(start, headingEnd));
  if (!heading || heading[1]!.includes('#') || heading[1]!.includes('\\')) return undefined;
  const headingText: Piece = { text: heading[1]!, index: start + 4 };

  const placeholders: PlaceholderMatch[] = [];
  const scan = (region: Piece): boolean => {
    if (!region.text.includes('[')) return true;
    if (uncertainNearBracket.test(region.text)) return false;
    placeholders.push(...findPlaceholders(text, region.text, region.index));
    return true;
  };
  if (!scan(headingText)) return undefined;

  const collector = new FieldCollector(source);
  let paragraph: Piece[] | undefined;
  let item: OpenItem | undefined;
  let previousLineWasItem = false;
  const flushParagraph = () => {
    if (!paragraph) return;
    const last = paragraph[paragraph.length - 1]!;
    collector.readLines(paragraph, last.index + last.text.length);
    paragraph = undefined;
  };
  const flushItem = () => {
    if (!item) return;
    const field = collector.readItemStart(
      [item.firstLine],
      item.firstLine.index + item.firstLine.text.length,
      item.start,
      item.end,
    );
    field?.items.push(...item.nested);
    item = undefined;
  };

  let lineStart = headingEnd + 1;
  while (lineStart < end) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1 || lineEnd > end) lineEnd = end;
    const line = text.slice(lineStart, lineEnd);
    lineStart = lineEnd + 1;
    if (line === '') {
      flushParagraph();
      previousLineWasItem = false;
      continue;
    }
    if (/[ \t]$/.test(line)) return undefined;

    const topLevel = topLevelItem.exec(line);
    if (topLevel) {
      const content = topLevel[1]!;
      // A leading `[` may be a link definition, which Markdown reads differently.
      if (blockStart.test(content) || content.startsWith('[')) return undefined;
      flushParagraph();
      flushItem();
      const firstLine = { text: content, index: lineEnd - content.length };
      if (!scan(firstLine)) return undefined;
      item = { start: lineEnd - line.length, firstLine, end: lineEnd, nested: [] };
      previousLineWasItem = true;
      continue;
    }

    const nested = nestedItem.exec(line);
    if (nested) {
      if (!item || paragraph) return undefined;
      let content = nested[1]!;
      const checkbox = /^\[[ xX]\] +(?=\S)/.exec(content);
      if (checkbox) content = content.slice(checkbox[0].length);
      else if (/^\[[ xX]\](?:\s|$)/.test(content)) return undefined;
      if (blockStart.test(content) || content.startsWith('[')) return undefined;
      const piece = { text: content, index: lineEnd - content.length };
      if (!scan(piece)) return undefined;
      item.nested.push(piece);
      item.end = lineEnd;
      previousLineWasItem = true;
      continue;
    }

    if (paragraphLine.test(line) && !/^[-*+]$/.test(line) && !blockStart.test(line)) {
      if (previousLineWasItem) return undefined;
      flushItem();
      const piece = { text: line, index: lineEnd - line.length };
      if (!scan(piece)) return undefined;
      if (paragraph) paragraph.push(piece);
      else paragraph = [piece];
      continue;
    }
    return undefined;
  }
  flushParagraph();
  flushItem();

  const diagnostics: Diagnostic[] = [];
  const reading = buildTask(headingText, start, collector, input, source, diagnostics);
  return { reading, diagnostics, placeholders };
}
