// The plan's YAML front matter: `id`, `title`, `created`, `author`, `risk`, `effort`, `base`.
// Read leniently but reported: a bad value is a PLAN_FRONT_MATTER error at its line and is
// left out, the other keys still count; malformed YAML is an error and no key counts (a
// half-read document is worse than none). Unknown keys are a warning, so a typo like
// `auther:` does not pass in silence.
import { isMap, isNode, isScalar, parseDocument } from 'yaml';
import { z } from 'zod';
import type { Diagnostic, PlanMeta, SourcePosition } from './model.ts';
import { riskLevels } from './model.ts';
import type { SourceText } from './source-text.ts';

export const planIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const datePattern = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

// Each message completes "front matter `key` …", and says what was expected: zod's own
// "Invalid input" for `id: [1, 2]` tells the author nothing.
const text = z
  .union([z.string(), z.number()], { error: 'must be a string' })
  .transform((value) => String(value).trim());

// One schema per key, so one bad value does not hide the others.
const keySchemas: Record<keyof PlanMeta, z.ZodType<string>> = {
  id: text.pipe(z.string().regex(planIdPattern, 'must be letters, digits, ".", "_" or "-"')),
  title: text,
  created: z
    .union([z.string(), z.date()], { error: 'must be a date like 2026-02-04' })
    .transform((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value.trim()))
    .pipe(z.string().regex(datePattern, 'must be a date like 2026-02-04')),
  author: text,
  risk: z
    .string({ error: 'must be low, medium or high' })
    .transform((value) => value.trim().toLowerCase())
    .pipe(z.enum(riskLevels, { error: 'must be low, medium or high' })),
  effort: text,
  base: text,
};

export interface FrontMatter {
  meta: Partial<PlanMeta>;
  positions: Partial<Record<keyof PlanMeta, SourcePosition>>;
  diagnostics: Diagnostic[];
}

function frontMatterError(position: SourcePosition, message: string): Diagnostic {
  return { severity: 'error', code: 'PLAN_FRONT_MATTER', message, ...position };
}

/**
 * A first line `---` followed by `key: value` lines but no closing `---`: the author meant
 * front matter and forgot to close it. Markdown would read it as a rule and a paragraph, and
 * every key would be silently lost; undefined when the text does not look like that.
 */
export function unclosedFrontMatter(text: string, hasFrontMatter: boolean): Diagnostic | undefined {
  if (hasFrontMatter || !/^---[ \t]*\n[ \t]*[A-Za-z_][\w-]*[ \t]*:(?:[ \t]|$)/.test(text)) return undefined;
  return frontMatterError(
    { line: 1, column: 1 },
    'front matter is not closed: the `---` on line 1 has no closing `---` line, so none of its keys count',
  );
}

/**
 * Reads the YAML between the `---` fences. `valueOffset` is where the YAML text starts in
 * the source (the line after the opening fence), so positions are the file's own.
 */
export function readFrontMatter(yamlText: string, valueOffset: number, source: SourceText): FrontMatter {
  const result: FrontMatter = { meta: {}, positions: {}, diagnostics: [] };
  const at = (offset: number | undefined) => source.positionAt(valueOffset + (offset ?? 0));
  const document = parseDocument(yamlText, { prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const message = error.message.split('\n')[0] ?? 'malformed YAML';
      result.diagnostics.push(
        frontMatterError(at(error.pos[0]), `front matter is not valid YAML: ${message}`),
      );
    }
    return result;
  }
  const contents = document.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) return result;
  if (!isMap(contents)) {
    result.diagnostics.push(frontMatterError(at(0), 'front matter must be `key: value` lines'));
    return result;
  }
  for (const pair of contents.items) {
    const keyNode = pair.key;
    const keyName = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
    const keyPosition = at(isScalar(keyNode) ? keyNode.range?.[0] : undefined);
    if (!Object.hasOwn(keySchemas, keyName)) {
      result.diagnostics.push({
        severity: 'warning',
        code: 'PLAN_FRONT_MATTER_UNKNOWN_KEY',
        message: `unknown front matter key \`${keyName}\` (known: ${Object.keys(keySchemas).join(', ')})`,
        ...keyPosition,
      });
      continue;
    }
    const key = keyName as keyof PlanMeta;
    const valueNode = pair.value;
    if (!isNode(valueNode)) continue;
    const value: unknown = isScalar(valueNode) ? valueNode.value : valueNode.toJSON();
    if (value === null || value === '') continue;
    const parsed = keySchemas[key].safeParse(value);
    const valuePosition = at(valueNode.range?.[0]);
    if (!parsed.success) {
      const reason = parsed.error.issues[0]?.message ?? 'invalid value';
      result.diagnostics.push(frontMatterError(valuePosition, `front matter \`${key}\` ${reason}`));
      continue;
    }
    if (parsed.data === '') continue;
    if (key === 'risk') result.meta.risk = parsed.data as PlanMeta['risk'];
    else result.meta[key] = parsed.data;
    result.positions[key] = keyPosition;
  }
  return result;
}
