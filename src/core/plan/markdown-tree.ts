// The Markdown syntax tree (mdast, with GFM tables and checkboxes) and the
// few questions asked of its nodes. The tree gives the block structure; the values are read
// from the source text between node offsets, so they come back exactly as written.
import type { Heading, List, ListItem, Nodes, Paragraph, Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import { atxHeadingContent } from './heading-text.ts';
import type { Piece } from './inline-values.ts';
import type { SourceText } from './source-text.ts';

// GFM for tables and checkboxes. Front matter is found by the outline (outline.ts), which
// also cuts the text into chunks; each chunk is parsed here on its own.
const syntax = [gfm()];
const treeBuilders = [gfmFromMarkdown()];

export function parseMarkdownTree(text: string): Root {
  return fromMarkdown(text, { extensions: syntax, mdastExtensions: treeBuilders });
}

/**
 * The top-level nodes of `text[start..end)`, with offsets and lines of the whole text.
 * `definitions` (link reference definitions from anywhere in the text) are appended so
 * references resolve as in the whole document; their own nodes are dropped.
 */
export function parseChunk(
  source: SourceText,
  start: number,
  end: number,
  definitions: readonly string[],
): RootContent[] {
  const chunk = source.slice(start, end);
  const tree = parseMarkdownTree(definitions.length > 0 ? `${chunk}\n\n${definitions.join('\n')}\n` : chunk);
  const lineShift = source.positionAt(start).line - 1;
  const shift = (node: Nodes) => {
    const position = node.position;
    if (!position) return;
    position.start = {
      ...position.start,
      line: position.start.line + lineShift,
      offset: (position.start.offset ?? 0) + start,
    };
    position.end = {
      ...position.end,
      line: position.end.line + lineShift,
      offset: (position.end.offset ?? 0) + start,
    };
  };
  const kept = tree.children.filter((node) => (node.position?.start.offset ?? 0) < chunk.length);
  for (const node of kept) {
    shift(node);
    for (const inner of descendants(node)) shift(inner);
  }
  return kept;
}

export function startOf(node: Nodes): number {
  return node.position?.start.offset ?? 0;
}

export function endOf(node: Nodes): number {
  return node.position?.end.offset ?? startOf(node);
}

/** What was written from the first to the last of `nodes`. */
export function sourceOfNodes(source: SourceText, nodes: readonly Nodes[]): Piece {
  const first = nodes[0];
  const last = nodes[nodes.length - 1];
  if (!first || !last) return { text: '', index: 0 };
  return { text: source.slice(startOf(first), endOf(last)), index: startOf(first) };
}

/**
 * What a heading says, read from the heading's own source (its inline children can lack
 * positions: GFM's autolink literals are made by a transform that does not set them).
 */
export function headingContent(source: SourceText, heading: Heading): Piece {
  const start = startOf(heading);
  const raw = source.slice(start, endOf(heading));
  const atx = atxHeadingContent(raw);
  if (atx) return { text: atx.text, index: start + atx.offset };
  // Setext: the text lines above the underline.
  const text = raw.slice(0, Math.max(0, raw.lastIndexOf('\n')));
  const leading = text.length - text.trimStart().length;
  return { text: text.trim(), index: start + leading };
}

/** Each line of a paragraph, from its first non-blank character, with its offset. */
export function paragraphLines(source: SourceText, paragraph: Paragraph): Piece[] {
  const start = startOf(paragraph);
  const lines: Piece[] = [];
  let offset = start;
  for (const line of source.slice(start, endOf(paragraph)).split('\n')) {
    const indent = line.length - line.trimStart().length;
    lines.push({ text: line.slice(indent), index: offset + indent });
    offset += line.length + 1;
  }
  return lines;
}

/**
 * mdast takes a task item's `[ ]` off its paragraph only when the paragraph starts with plain
 * text; before a code span or emphasis the checkbox is still in the source slice.
 */
export function withoutCheckbox(item: ListItem, content: Piece): Piece {
  if (item.checked === null || item.checked === undefined) return content;
  const checkbox = /^\[[ xX]\][ \t]*/.exec(content.text);
  if (!checkbox) return content;
  return { text: content.text.slice(checkbox[0].length), index: content.index + checkbox[0].length };
}

/**
 * The items of a list and of the lists inside it, depth first, each as the source of its own
 * content (a checkbox is not content: mdast has already taken it off).
 */
export function flattenListItems(source: SourceText, list: List): Piece[] {
  const items: Piece[] = [];
  const visit = (item: ListItem) => {
    const own = item.children.filter((child) => child.type !== 'list');
    const content = withoutCheckbox(item, sourceOfNodes(source, own));
    if (content.text.trim() !== '') items.push(content);
    for (const child of item.children)
      if (child.type === 'list') for (const nested of child.children) visit(nested);
  };
  for (const item of list.children) visit(item);
  return items;
}

/** Every node of the tree below `node`, in document order (iterative: plans can be large). */
export function* descendants(node: Root | RootContent): Generator<RootContent> {
  const stack: RootContent[] = 'children' in node ? [...node.children].reverse() : [];
  while (stack.length > 0) {
    const next = stack.pop()!;
    yield next;
    if ('children' in next)
      for (let index = next.children.length - 1; index >= 0; index--) stack.push(next.children[index]!);
  }
}
