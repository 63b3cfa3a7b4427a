// A line diff (longest common subsequence) rendered as a unified diff, for showing what
// changed in a plan since it was approved. Plans are small; O(n·m) is fine up to a few
// thousand lines, and beyond that we fall back to a whole-block replacement.

export type DiffLine = { kind: 'same' | 'added' | 'removed'; text: string };

const maximumCells = 4_000_000;

export function diffLines(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  if (a.length * b.length > maximumCells) {
    return [
      ...a.map((text) => ({ kind: 'removed' as const, text })),
      ...b.map((text) => ({ kind: 'added' as const, text })),
    ];
  }
  // lengths[i][j] = LCS length of a[i..] and b[j..]
  const lengths: Uint32Array[] = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i]![j] =
        a[i] === b[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      lines.push({ kind: 'same', text: a[i]! });
      i++;
      j++;
    } else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) {
      lines.push({ kind: 'removed', text: a[i++]! });
    } else {
      lines.push({ kind: 'added', text: b[j++]! });
    }
  }
  while (i < a.length) lines.push({ kind: 'removed', text: a[i++]! });
  while (j < b.length) lines.push({ kind: 'added', text: b[j++]! });
  return lines;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Unified diff with `context` lines around each change; empty string when nothing changed. */
export function unifiedDiff(
  before: string,
  after: string,
  labels: { before: string; after: string },
  context = 3,
): string {
  const lines = diffLines(before, after);
  if (lines.every((line) => line.kind === 'same')) return '';
  const output = [`--- ${labels.before}`, `+++ ${labels.after}`];
  // Positions (1-based) in each file for hunk headers.
  let beforeLine = 1;
  let afterLine = 1;
  const numbered = lines.map((line) => {
    const entry = { ...line, beforeLine, afterLine };
    if (line.kind !== 'added') beforeLine++;
    if (line.kind !== 'removed') afterLine++;
    return entry;
  });
  let index = 0;
  while (index < numbered.length) {
    if (numbered[index]!.kind === 'same') {
      index++;
      continue;
    }
    const start = Math.max(0, index - context);
    let end = index;
    // Extend the hunk while changes are within 2×context of each other.
    for (;;) {
      let next = end;
      while (next < numbered.length && numbered[next]!.kind !== 'same') next++;
      let gap = next;
      while (gap < numbered.length && numbered[gap]!.kind === 'same') gap++;
      if (gap < numbered.length && gap - next <= context * 2) {
        end = gap;
        continue;
      }
      end = Math.min(numbered.length, next + context);
      break;
    }
    const hunk = numbered.slice(start, end);
    const beforeCount = hunk.filter((line) => line.kind !== 'added').length;
    const afterCount = hunk.filter((line) => line.kind !== 'removed').length;
    output.push(`@@ -${hunk[0]!.beforeLine},${beforeCount} +${hunk[0]!.afterLine},${afterCount} @@`);
    for (const line of hunk)
      output.push(`${line.kind === 'same' ? ' ' : line.kind === 'added' ? '+' : '-'}${line.text}`);
    index = end;
  }
  return `${output.join('\n')}\n`;
}
