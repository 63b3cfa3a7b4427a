// What an ATX heading says, from its line: the opening `#`s and an optional closing sequence
// taken off, as CommonMark reads it. Shared by the Markdown tree reader (markdown-tree.ts) and
// the line scan (summary.ts), so both read a heading alike.

/** The content of the ATX heading `raw` starts with (undefined when it is not one), and where it starts. */
export function atxHeadingContent(raw: string): { text: string; offset: number } | undefined {
  const atx = /^ {0,3}#{1,6}(?=[ \t]|$)[ \t]*/.exec(raw);
  if (!atx) return undefined;
  let content = raw.slice(atx[0].length);
  content = /^#+[ \t]*$/.test(content) ? '' : content.replace(/[ \t]+#+[ \t]*$/, '');
  return { text: content.trimEnd(), offset: atx[0].length };
}

/**
 * The plan title in its `# Plan:` heading: a `[` is written `\[`, so a title that mentions
 * something in brackets (`A [Bracketed] title`) is not read as an unfilled placeholder. The
 * model holds the title without the escapes; `unescapeTitle(escapeTitle(title))` is `title`.
 */
export function escapeTitle(title: string): string {
  return title.replaceAll('[', '\\[');
}

export function unescapeTitle(written: string): string {
  return written.replaceAll('\\[', '[');
}
