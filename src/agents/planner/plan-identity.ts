// What baton decides about a planned plan, whatever the planner wrote: its id (the file's
// name), and the created date, author and base branch when the planner left them out. Only the
// front matter is rewritten; the rest of the planner's Markdown is kept as written. A front
// matter that is not YAML is left alone for lint to report (and the planner to fix).
import { parse, stringify } from 'yaml';

export interface PlanIdentityDefaults {
  id: string;
  created: string;
  author?: string;
  base?: string;
}

const frontMatterPattern = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

export function withPlanIdentity(markdown: string, identity: PlanIdentityDefaults): string {
  const text = markdown.replace(/^\uFEFF/, '').replace(/^\s*\n/, '');
  const match = frontMatterPattern.exec(text);
  let existing: Record<string, unknown> = {};
  if (match) {
    try {
      const parsed: unknown = parse(match[1] ?? '');
      if (parsed === null || parsed === undefined) existing = {};
      else if (typeof parsed === 'object' && !Array.isArray(parsed))
        existing = parsed as Record<string, unknown>;
      else return markdown;
    } catch {
      return markdown;
    }
  }
  const meta: Record<string, unknown> = { ...existing, id: identity.id };
  if (meta.created === undefined || meta.created === null || meta.created === '')
    meta.created = identity.created;
  if ((meta.author === undefined || meta.author === '') && identity.author) meta.author = identity.author;
  if ((meta.base === undefined || meta.base === '') && identity.base) meta.base = identity.base;
  const ordered = Object.fromEntries(
    ['id', 'title', 'created', 'author', 'risk', 'effort', 'base']
      .filter((key) => key in meta)
      .map((key) => [key, meta[key]])
      .concat(
        Object.entries(meta).filter(
          ([key]) => !['id', 'title', 'created', 'author', 'risk', 'effort', 'base'].includes(key),
        ),
      ),
  );
  const body = match ? text.slice(match[0].length).replace(/^\s*\n/, '') : text;
  return `---\n${stringify(ordered, { lineWidth: 0 })}---\n\n${body.trimEnd()}\n`;
}

/** A plan id from the request: its first words, lower case, joined by dashes. */
export function planIdFromRequest(request: string): string {
  const words = request
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9\s-]/g, ' ')
    .split(/[\s-]+/)
    .filter((word) => word !== '' && !stopWords.has(word));
  const id = words.slice(0, 5).join('-').slice(0, 40).replace(/-+$/, '');
  return id === '' ? 'plan' : id;
}

const stopWords = new Set([
  'a',
  'an',
  'the',
  'to',
  'of',
  'and',
  'for',
  'in',
  'on',
  'with',
  'please',
  'my',
  'our',
]);
