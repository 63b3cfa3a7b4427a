// Markdown walking shared by the Markdown importers: a GFM tree with positions, plain text of a
// node, the source text a node was written as, and the document split into its `##` sections.

import type { Heading, List, ListItem, Nodes, Paragraph, Root, RootContent, Table } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfm } from 'micromark-extension-gfm';

export function parseMarkdown(text: string): Root {
  return fromMarkdown(text, {
    extensions: [gfm(), frontmatter(['yaml'])],
    mdastExtensions: [gfmFromMarkdown(), frontmatterFromMarkdown(['yaml'])],
  });
}

/** 1-based line of a node, 1 when the node has no position. */
export function lineOf(node: Nodes | undefined): number {
  return node?.position?.start.line ?? 1;
}

/** The text a person reads: inline code without backticks, emphasis without stars, breaks as newlines. */
export function plainText(node: Nodes): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
    case 'code':
    case 'html':
      return node.value;
    case 'break':
      return '\n';
    case 'image':
      return node.alt ?? '';
    default:
      if ('children' in node) {
        const separator =
          node.type === 'list' || node.type === 'listItem' || node.type === 'root' ? '\n' : '';
        return (node.children as Nodes[]).map(plainText).join(separator);
      }
      return '';
  }
}

/** The source a node was written as. */
export function sourceOf(text: string, node: Nodes): string {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return plainText(node);
  return text.slice(start, end);
}

/** Inline Markdown of a paragraph on one line: continuation lines joined with a space. */
export function inlineSource(text: string, node: Nodes): string {
  return sourceOf(text, node)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
}

/**
 * The source of a run of sibling nodes, from the start of the first one's line to the end of the
 * last, with the indentation they share removed (list item content is indented in the source).
 */
export function blockSource(text: string, nodes: readonly Nodes[]): string {
  const first = nodes[0];
  const last = nodes[nodes.length - 1];
  const startOffset = first?.position?.start.offset;
  const endOffset = last?.position?.end.offset;
  if (!first || startOffset === undefined || endOffset === undefined) return '';
  const lineStart = startOffset - ((first.position?.start.column ?? 1) - 1);
  return dedent(text.slice(lineStart, endOffset));
}

export function dedent(block: string): string {
  const lines = block.replace(/\s+$/, '').split('\n');
  let common = Number.POSITIVE_INFINITY;
  for (const line of lines) {
    if (line.trim() === '') continue;
    const indent = /^[ \t]*/.exec(line)?.[0].length ?? 0;
    common = Math.min(common, indent);
  }
  if (!Number.isFinite(common)) return '';
  return lines.map((line) => line.slice(Math.min(common, /^[ \t]*/.exec(line)?.[0].length ?? 0))).join('\n');
}

export interface Section {
  heading: Heading;
  /** Heading text as read. */
  title: string;
  /** Lower-case title without a trailing parenthetical: `implementation steps`. */
  key: string;
  line: number;
  nodes: RootContent[];
}

export interface SplitDocument {
  /** The first `#` heading, if any. */
  title?: { text: string; line: number };
  /** Nodes between the title and the first `##` heading (front matter excluded). */
  preamble: RootContent[];
  sections: Section[];
  frontMatter?: string;
}

export function sectionKey(title: string): string {
  return title
    .replace(/\([^)]*\)\s*$/, '')
    .replace(/[:：]\s*$/, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ');
}

/** Splits a document at its depth-2 headings (depth-1 headings after the title count as depth 2). */
export function splitSections(root: Root): SplitDocument {
  const document: SplitDocument = { preamble: [], sections: [] };
  let current: Section | undefined;
  for (const node of root.children) {
    if (node.type === 'yaml') {
      document.frontMatter = node.value;
      continue;
    }
    if (node.type === 'heading' && node.depth === 1 && !document.title && !current) {
      document.title = { text: plainText(node).trim(), line: lineOf(node) };
      continue;
    }
    if (node.type === 'heading' && node.depth <= 2) {
      const title = plainText(node).trim();
      current = { heading: node, title, key: sectionKey(title), line: lineOf(node), nodes: [] };
      document.sections.push(current);
      continue;
    }
    if (current) current.nodes.push(node);
    else document.preamble.push(node);
  }
  return document;
}

/** The source of a section's body, as written (for sections kept as they are). */
export function sectionBody(text: string, section: Section): string {
  return blockSource(text, section.nodes);
}

/** Items of every list directly in `nodes`, in order. */
export function listItems(nodes: readonly RootContent[]): ListItem[] {
  return nodes.filter((node): node is List => node.type === 'list').flatMap((list) => list.children);
}

/** The first paragraph of a list item, if it starts with one. */
export function firstParagraph(item: ListItem): Paragraph | undefined {
  const first = item.children[0];
  return first?.type === 'paragraph' ? first : undefined;
}

/** An item's own line as inline Markdown (`**Existing flow**: integrate …`). */
export function itemSource(text: string, item: ListItem): string {
  const paragraph = firstParagraph(item);
  return paragraph ? inlineSource(text, paragraph) : '';
}

/** Items of the lists in a section as inline Markdown; paragraphs when the section has no list. */
export function sectionItems(text: string, nodes: readonly RootContent[]): string[] {
  const items = listItems(nodes)
    .map((item) => itemSource(text, item))
    .filter((item) => item !== '');
  if (items.length > 0) return items;
  return nodes
    .filter((node): node is Paragraph => node.type === 'paragraph')
    .map((node) => inlineSource(text, node))
    .filter((item) => item !== '');
}

/** A GFM table as rows of cell texts keyed by lower-case header. */
export function tableRows(table: Table): Array<{ cells: Record<string, string>; line: number }> {
  const [header, ...rows] = table.children;
  if (!header) return [];
  const names = header.children.map((cell) => plainText(cell).trim().toLowerCase());
  return rows.map((row) => {
    const cells: Record<string, string> = {};
    row.children.forEach((cell, index) => {
      const name = names[index];
      if (name !== undefined) cells[name] = plainText(cell).trim();
    });
    return { cells, line: lineOf(row) };
  });
}
