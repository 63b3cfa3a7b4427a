// Unfilled template placeholders: `[Feature Name]`, `[path]`, `[what to do]`. A plan that
// still has them was not finished, and a builder would take them literally.
//
// The rule: a bracketed span of 1–60 characters on one line, in prose (not in code, not a
// link or a link definition), not a link label (`[text](url)`, `[text][ref]`), not glued to a
// word (`items[Index]` is code-ish), not a checkbox (`[ ]`, `[x]`), not a task marker
// (`[P]`, `[US1]`, `[T3]`, `[Task 2]`, `[T1, T2]`, `[T1-T3]`) and not `[previous tasks]` (a dependency form). It is a
// placeholder when it starts with a capital letter (`[Feature Name]`, `[Date]`, `[N]`), is
// `...`/`…`/TODO/TBD, starts with a typical placeholder word (`[path]`, `[file path]`,
// `[what to do]`, `[how to verify]`), or is a choice of words (`[create/modify/delete]`).
// A person who means literal brackets writes `\[` instead.

// A task marker may name several tasks: `[T1, T2]`, `[T1-T3]`, `[Tasks 1 and 2]`.
const taskMarker = String.raw`(?:T|Tasks? ?#?)\d+(?:\.\d+)*`;
const markerPattern = new RegExp(
  String.raw`^(?:[ xX]|P|US\d+|${taskMarker}(?:\s*(?:,|&|and|-|–|—|to)\s*(?:${taskMarker}|\d+(?:\.\d+)*))*|previous tasks?|\^.*)$`,
  'i',
);
const placeholderWordPattern =
  /^(?:path|paths|file|files|filename|file ?path|folder|directory|date|name|command|description|what|how|when|why|which|who|describe|insert|fill|add|your|e\.g\.|todo|tbd|fixme|xxx)\b/i;

export function isPlaceholderText(content: string): boolean {
  const text = content.trim();
  if (text === '' || text !== content) return false;
  if (markerPattern.test(text)) return false;
  if (/^(?:\.\.\.|…)$/.test(text)) return true;
  if (/^\p{Lu}/u.test(text)) return true;
  if (placeholderWordPattern.test(text)) return true;
  return /^\p{L}+(?:\s*\/\s*\p{L}+)+$/u.test(text);
}

export interface PlaceholderMatch {
  /** The span with its brackets, e.g. `[Feature Name]`. */
  text: string;
  /** Offset of the `[` in the whole source. */
  offset: number;
}

const bracketPattern = /\[([^[\]\n]{1,60})\]/g;

/**
 * Placeholders in `raw`, a stretch of prose starting at `offset` in `source`. The characters
 * around each bracket are read from `source`, so a span at the edge of a text node is judged
 * by what really surrounds it.
 */
export function findPlaceholders(source: string, raw: string, offset: number): PlaceholderMatch[] {
  if (!raw.includes('[')) return [];
  const found: PlaceholderMatch[] = [];
  for (const match of raw.matchAll(bracketPattern)) {
    const start = offset + match.index;
    const end = start + match[0].length;
    const before = source[start - 1] ?? '';
    const after = source[end] ?? '';
    if (before === '\\' || before === ']' || before === '!' || /[\p{L}\p{N}_]/u.test(before)) continue;
    if (after === '(' || after === '[') continue;
    if (!isPlaceholderText(match[1]!)) continue;
    found.push({ text: match[0], offset: start });
  }
  return found;
}
