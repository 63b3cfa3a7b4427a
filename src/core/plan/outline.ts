// A quick line scan of the plan before Markdown parsing: where the front matter is, and where
// the document can be cut into chunks that parse independently.
//
// Why: micromark's time grows with the square of the number of lists in one document (a
// 1,000-task plan took seconds). A column-1 ATX heading of level 1–3 ends every open block
// except a fenced code block and an HTML block, so cutting there (and nowhere inside those)
// gives chunks that parse exactly as they would in the whole document. Link reference
// definitions are the one thing that crosses chunks; they are collected here so each chunk
// can be given them.

export interface FrontMatterBlock {
  /** The YAML between the fences. */
  value: string;
  /** Offset of the first character of the YAML (the line after the opening fence). */
  valueStart: number;
  /** Offset just after the closing fence line. */
  end: number;
}

export interface Chunk {
  start: number;
  end: number;
  /** Depth of the column-1 heading the chunk starts with (0 when it does not start with one). */
  headingDepth: number;
}

export interface Outline {
  frontMatter?: FrontMatterBlock;
  chunks: Chunk[];
  /** Lines that look like link reference definitions (`[id]: url`), outside code. */
  definitions: string[];
}

// As micromark-extension-frontmatter reads it: `---` on line 1 and a closing `---` line,
// each fence allowed trailing spaces or tabs.
function findFrontMatter(text: string): FrontMatterBlock | undefined {
  const opening = /^---[ \t]*(?:\n|$)/.exec(text);
  if (!opening || !text.includes('\n')) return undefined;
  const valueStart = opening[0].length;
  const closing = /^---[ \t]*$/m;
  closing.lastIndex = 0;
  const rest = text.slice(valueStart);
  const match = closing.exec(rest);
  if (!match) return undefined;
  const value = rest.slice(0, Math.max(0, match.index - 1));
  let end = valueStart + match.index + match[0].length;
  if (text[end] === '\n') end++;
  return { value, valueStart, end };
}

const fenceOpening = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const htmlOpenings: Array<[opening: RegExp, closing: RegExp]> = [
  [/^ {0,3}<(?:script|pre|style|textarea)(?:[\s>]|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<![A-Za-z]/, />/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
];
// Other HTML blocks end at a blank line; a line starting with `<` is treated as one (cutting
// less is always safe).
const otherHtmlOpening = /^ {0,3}</;
const headingLine = /^(#{1,3})(?:[ \t]|$)/;
const definitionLine = /^ {0,3}\[(?:[^\]\\]|\\.)+\]:[ \t]*\S/;

export function outline(text: string): Outline {
  const frontMatter = findFrontMatter(text);
  const bodyStart = frontMatter?.end ?? 0;
  const chunks: Chunk[] = [];
  const definitions: string[] = [];
  let chunkStart = bodyStart;
  let chunkDepth = 0;
  let fence: { character: string; length: number } | undefined;
  let htmlClosing: RegExp | undefined;
  let inOtherHtml = false;

  let lineStart = bodyStart;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    if (fence) {
      const closing = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
      if (closing?.[1]?.[0] === fence.character && closing[1].length >= fence.length) fence = undefined;
    } else if (htmlClosing) {
      if (htmlClosing.test(line)) htmlClosing = undefined;
    } else if (inOtherHtml) {
      if (line.trim() === '') inOtherHtml = false;
    } else {
      const heading = headingLine.exec(line);
      const opening = fenceOpening.exec(line);
      if (heading) {
        if (lineStart > chunkStart)
          chunks.push({ start: chunkStart, end: lineStart, headingDepth: chunkDepth });
        chunkStart = lineStart;
        chunkDepth = heading[1]!.length;
      } else if (opening && !(opening[1]!.startsWith('`') && opening[2]!.includes('`'))) {
        fence = { character: opening[1]![0]!, length: opening[1]!.length };
      } else if (otherHtmlOpening.test(line)) {
        const html = htmlOpenings.find(([open]) => open.test(line));
        if (html) {
          const afterOpening = line.replace(html[0], '');
          if (!html[1].test(afterOpening)) htmlClosing = html[1];
        } else {
          inOtherHtml = true;
        }
      } else if (definitionLine.test(line)) {
        definitions.push(line);
      }
    }
    lineStart = lineEnd + 1;
  }
  if (text.length > chunkStart || chunks.length === 0)
    chunks.push({ start: chunkStart, end: text.length, headingDepth: chunkDepth });
  return { ...(frontMatter ? { frontMatter } : {}), chunks, definitions };
}
