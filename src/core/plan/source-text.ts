// The plan's source text and the questions the parser keeps asking it: where is this offset
// (line and column), what was written between two offsets. The model stores what people
// wrote (inline Markdown, backticks and emphasis included), so a plan reads back the way it
// was typed and render can write it out again unchanged.
import type { SourcePosition } from './model.ts';

export class SourceText {
  readonly text: string;
  readonly #lineStarts: number[];

  constructor(text: string) {
    this.text = text;
    this.#lineStarts = [0];
    for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
      this.#lineStarts.push(index + 1);
    }
  }

  /** 1-based line and column of an offset (binary search over line starts). */
  positionAt(offset: number): SourcePosition {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.#lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.#lineStarts[middle]! <= clamped) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: clamped - this.#lineStarts[low]! + 1 };
  }

  slice(start: number, end: number): string {
    return this.text.slice(start, end);
  }
}

/** Line endings as `\n` and no byte-order mark: offsets then agree with what people count. */
export function normalizeLineEndings(text: string): string {
  const withoutMark = text.startsWith('\uFEFF') ? text.slice(1) : text;
  return withoutMark.includes('\r') ? withoutMark.replace(/\r\n?/g, '\n') : withoutMark;
}

/** One line of text: whitespace runs (line breaks included) become one space, ends trimmed. */
export function normalizeSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
