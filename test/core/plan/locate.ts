// Where a piece of text sits in a plan (computed from the text itself, independently of the
// parser, so position assertions mean something). The plans are built by bench/support/plan-text.ts.
import type { SourcePosition } from '../../../src/core/plan/model.ts';

/** Line and column (1-based) of the `occurrence`-th appearance of `needle` in `text`. */
export function locate(text: string, needle: string, occurrence = 1): SourcePosition {
  let index = -1;
  for (let count = 0; count < occurrence; count++) {
    index = text.indexOf(needle, index + 1);
    if (index === -1) throw new Error(`"${needle}" occurs fewer than ${occurrence} times`);
  }
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}
