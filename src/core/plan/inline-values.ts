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

// T1, t12, T1.2; `Task 1`, `task #3`, `Step 2`.
const taskReferencePattern = /\b(?:T(\d+(?:\.\d+)*)|(?:task|step)\s*#?\s*(\d+(?:\.\d+)*))\b/gi;

/** The task ids named in `raw` (`T1, Task 2` → T1, T2), each with its offset. */
export function taskReferences(raw: string): Piece[] {
  const references: Piece[] = [];
  for (const match of raw.matchAll(taskReferencePattern)) {
    references.push({ text: `T${match[1] ?? match[2]}`, index: match.index });
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
