// Reading values out of one line of inline Markdown: code spans (commands and paths are
// written in backticks), comma-separated lists, task references. Every piece keeps its
// offset in the line so diagnostics can point at it.

export interface Piece {
  text: string;
  /** Offset of `text` within the string it was read from. */
  index: number;
}

// A code span as CommonMark reads it: a run of N backticks, content, a run of exactly N.
const codeSpanPattern = /(?<![`\\])(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g;

/** The code spans in `raw`, their content as CommonMark gives it (one padding space stripped). */
export function codeSpans(raw: string): Piece[] {
  const spans: Piece[] = [];
  for (const match of raw.matchAll(codeSpanPattern)) {
    const fence = match[1]!;
    let content = match[2]!.replace(/\n/g, ' ');
    let index = match.index + fence.length;
    if (content.length > 2 && content.startsWith(' ') && content.endsWith(' ') && content.trim() !== '') {
      content = content.slice(1, -1);
      index++;
    }
    spans.push({ text: content, index });
  }
  return spans;
}

/** The code span fence for `content`: one backtick more than its longest run, padded if needed. */
export function toCodeSpan(content: string): string {
  let longest = 0;
  for (const match of content.matchAll(/`+/g)) longest = Math.max(longest, match[0].length);
  if (longest === 0) return `\`${content}\``;
  const fence = '`'.repeat(longest + 1);
  return `${fence} ${content} ${fence}`;
}

/** Splits on commas that are not inside backticks, braces or parentheses: `a, {b,c}, d`. */
export function splitOnCommas(raw: string): Piece[] {
  const pieces: Piece[] = [];
  let depth = 0;
  let inCode = false;
  let start = 0;
  const push = (end: number) => {
    const segment = raw.slice(start, end);
    const leading = segment.length - segment.trimStart().length;
    const text = segment.trim();
    if (text !== '') pieces.push({ text, index: start + leading });
  };
  for (let index = 0; index < raw.length; index++) {
    const character = raw[index];
    if (character === '`') inCode = !inCode;
    else if (inCode) continue;
    else if (character === '{' || character === '(') depth++;
    else if ((character === '}' || character === ')') && depth > 0) depth--;
    else if (character === ',' && depth === 0) {
      push(index);
      start = index + 1;
    }
  }
  push(raw.length);
  return pieces;
}

/** `none`, `-`, `n/a`, `—`: a field that says there is nothing. */
export function isNothing(text: string): boolean {
  return /^(?:none\.?|nothing|n\/a|na|-+|—|–|\*none\*|_none_|\(none\))$/i.test(text.trim());
}

// T1, t12, T1.2; `Task 1`, `task #3`, `Step 2`, `Tasks 1`.
const idDigits = String.raw`\d+(?:\.\d+)*`;
const taskReferencePattern = new RegExp(
  String.raw`\b(?:T(${idDigits})|(?:tasks?|steps?)\s*#?\s*(${idDigits}))\b`,
  'gi',
);
// What may follow a reference and continue it: `, T2`, ` and 3`, `-T3`, `–3`, ` to 5`.
const continuationPattern = new RegExp(
  String.raw`\s*(,|&|\band\b|\bor\b|\.\.|-|–|—|\bto\b|\bthrough\b)\s*(T|(?:tasks?|steps?)\s*#?\s*)?(${idDigits})\b`,
  'iy',
);
const rangeConnectors = new Set(['..', '-', '–', '—', 'to', 'through']);
// A range is written out; one longer than this is more likely a typo than a plan.
const longestRange = 100;

/** `T1.2` → [1, 2]. */
function idNumbers(digits: string): number[] {
  return digits.split('.').map(Number);
}

/** The ids from `from` to `to` when they differ in their last number only: 1.1–1.3 → 1.1, 1.2, 1.3. */
function expandRange(from: string, to: string): string[] | undefined {
  const start = idNumbers(from);
  const end = idNumbers(to);
  if (start.length !== end.length || start.slice(0, -1).join('.') !== end.slice(0, -1).join('.'))
    return undefined;
  const first = start.at(-1)!;
  const last = end.at(-1)!;
  if (last < first || last - first > longestRange) return undefined;
  const prefix = start.slice(0, -1);
  const ids: string[] = [];
  for (let number = first; number <= last; number++) ids.push([...prefix, number].join('.'));
  return ids;
}

/**
 * The task ids named in `raw` (`T1, Task 2` → T1, T2), each with its offset. Ranges are
 * written out (`T1-T3`, `T1–T3`, `Task 1-3` → T1, T2, T3) and a plural keyword takes a list
 * (`Tasks 1 and 2` → T1, T2); a bare number continues a list only after `Task(s)`/`Step(s)`
 * or in a range. The ids of a range point at where the range starts.
 */
export function taskReferences(raw: string): Piece[] {
  const references: Piece[] = [];
  const pattern = new RegExp(taskReferencePattern.source, 'gi');
  for (let match = pattern.exec(raw); match !== null; match = pattern.exec(raw)) {
    const keywordForm = match[2] !== undefined;
    let previous = { digits: match[1] ?? match[2]!, index: match.index };
    references.push({ text: `T${previous.digits}`, index: match.index });
    let position = match.index + match[0].length;
    for (;;) {
      continuationPattern.lastIndex = position;
      const next = continuationPattern.exec(raw);
      if (!next) break;
      const isRange = rangeConnectors.has(next[1]!.toLowerCase());
      if (next[2] === undefined && !keywordForm && !isRange) break;
      const digits = next[3]!;
      const at = next.index + next[0].length - digits.length - (next[2]?.length ?? 0);
      const range = isRange ? expandRange(previous.digits, digits) : undefined;
      if (range) for (const id of range.slice(1)) references.push({ text: `T${id}`, index: previous.index });
      else references.push({ text: `T${digits}`, index: at });
      previous = { digits, index: at };
      position = next.index + next[0].length;
    }
    // Resume after what the continuation took.
    pattern.lastIndex = position;
  }
  return references;
}

/** Reads a task heading: `T1: Title`, `Task 1 — Title`, `T2. Title`, `Step 3) Title`. */
export function readTaskHeading(text: string): { id: string; title: string; titleIndex: number } | undefined {
  const match =
    /^(?:T(\d+(?:\.\d+)*)|(?:task|step)\s*#?\s*(\d+(?:\.\d+)*))(?!\w)\s*(?:[:.)]|[-–—](?=\s)|(?=\s)|$)\s*/i.exec(
      text,
    );
  if (!match) return undefined;
  return { id: `T${match[1] ?? match[2]}`, title: text.slice(match[0].length), titleIndex: match[0].length };
}
