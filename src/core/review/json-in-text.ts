// Finding the JSON object in a model's answer: the whole text, a fenced ```json block, or an
// object after some leading prose ("Here is my review: {…}"). Models do all three.

export type JsonSearchResult =
  | { found: true; value: Record<string, unknown> }
  | { found: false; error?: string };

const fencePattern = /```[ \t]*([A-Za-z0-9_-]*)[^\n]*\n([\s\S]*?)```/g;

/** Each balanced `{…}` in the text, outermost first, aware of strings and escapes. */
function* bracedSpans(text: string): Generator<string> {
  for (let start = text.indexOf('{'); start !== -1; start = text.indexOf('{', start + 1)) {
    let depth = 0;
    let inString = false;
    for (let index = start; index < text.length; index++) {
      const character = text[index];
      if (inString) {
        if (character === '\\') index++;
        else if (character === '"') inString = false;
      } else if (character === '"') {
        inString = true;
      } else if (character === '{') {
        depth++;
      } else if (character === '}') {
        depth--;
        if (depth === 0) {
          yield text.slice(start, index + 1);
          break;
        }
      }
    }
  }
}

function* candidates(text: string): Generator<string> {
  yield text.trim();
  const fences = [...text.matchAll(fencePattern)];
  // A block labelled json first, then any other block.
  for (const fence of fences) if (fence[1]?.toLowerCase() === 'json') yield fence[2]!.trim();
  for (const fence of fences) if (fence[1]?.toLowerCase() !== 'json') yield fence[2]!.trim();
  yield* bracedSpans(text);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first JSON object found in the text; otherwise why not (the first parse error seen). */
export function findJsonObject(text: string): JsonSearchResult {
  let firstError: string | undefined;
  for (const candidate of candidates(text)) {
    if (!candidate.startsWith('{')) continue;
    try {
      const value: unknown = JSON.parse(candidate);
      if (isPlainObject(value)) return { found: true, value };
    } catch (error) {
      firstError ??= (error as Error).message;
    }
  }
  return firstError === undefined ? { found: false } : { found: false, error: firstError };
}
