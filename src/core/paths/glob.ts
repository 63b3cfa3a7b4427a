// Glob patterns for declared files (a plan task's scope) and for file claims.
//
// The dialect, kept small on purpose:
//   `*`    any run of characters within one path segment (dot files included: a claim on
//          `src/*` must cover `src/.env`, so wildcards err on the side of matching)
//   `?`    one character within a segment
//   `**`   as a whole segment: zero or more segments (`src/**` also matches `src` itself)
//   `[ab]` `[a-z]` `[!ab]` `[^ab]`  one character from (or not from) a class, never `/`
//   `{a,b}` alternatives, may nest and may contain `/`
//   `\x`   the character x, literally
// A pattern without any of these is a literal path, and a literal names a file *or a
// directory*: `src/models` covers `src/models/user.ts`. A pattern ending in `/` names a
// directory too (`build/` is `build/**`). Globs name files: `src/*` does not cover
// `src/a/b.ts`.
import { normalizeRepositoryPath } from './repository-path.ts';

const wildcardCharacters = new Set(['*', '?', '[', '{']);

/** True when the pattern has an unescaped wildcard, class or alternative. */
export function isGlob(pattern: string): boolean {
  for (let index = 0; index < pattern.length; index++) {
    const character = pattern[index]!;
    if (character === '\\') {
      index++;
      continue;
    }
    if (wildcardCharacters.has(character)) return true;
  }
  return false;
}

/** `./src//a/` → `src/a/**` for a glob; `src/a` for a literal (its directory meaning is in the matchers). */
function normalizePattern(pattern: string): string {
  const trimmed = pattern.trim();
  const normalized = normalizeRepositoryPath(trimmed);
  if (trimmed.endsWith('/') && normalized !== '' && isGlob(normalized)) return `${normalized}/**`;
  return normalized;
}

function escapeForRegExp(character: string): string {
  return /[.*+?^${}()|[\]\\-]/.test(character) ? `\\${character}` : character;
}

/** Index of the `]` closing a class opened at `open`, or -1 when the `[` is a literal. */
function classEnd(glob: string, open: number): number {
  let index = open + 1;
  if (glob[index] === '!' || glob[index] === '^') index++;
  if (glob[index] === ']') index++;
  for (; index < glob.length; index++) {
    if (glob[index] === '\\') index++;
    else if (glob[index] === ']') return index;
    else if (glob[index] === '/') return -1;
  }
  return -1;
}

function translateClass(body: string): string {
  let source = '';
  let index = 0;
  if (body[0] === '!' || body[0] === '^') {
    source += '^';
    index = 1;
  }
  for (; index < body.length; index++) {
    const character = body[index]!;
    if (character === '\\' && index + 1 < body.length) {
      source += `\\${body[++index]}`;
    } else if (character === '\\' || character === '[' || (character === '^' && index === 0)) {
      source += `\\${character}`;
    } else {
      source += character;
    }
  }
  return source;
}

interface Translation {
  source: string;
  end: number;
}

// Translates glob[start..] until the end, or (inside braces) until an unmatched `,` or `}`.
function translate(glob: string, start: number, insideBraces: boolean): Translation {
  let source = '';
  let index = start;
  while (index < glob.length) {
    const character = glob[index]!;
    if (insideBraces && (character === ',' || character === '}')) break;
    if (character === '\\') {
      const next = glob[index + 1];
      source += next === undefined ? '\\\\' : escapeForRegExp(next);
      index += next === undefined ? 1 : 2;
      continue;
    }
    if (character === '*') {
      let after = index;
      while (glob[after] === '*') after++;
      const previous = glob[index - 1];
      const next = glob[after];
      const startsSegment =
        index === 0 || previous === '/' || (insideBraces && (previous === '{' || previous === ','));
      const endsSegment =
        next === undefined || next === '/' || (insideBraces && (next === ',' || next === '}'));
      if (after - index >= 2 && startsSegment && endsSegment) {
        if (next === '/') {
          source += '(?:[^/]*/)*';
          index = after + 1;
        } else if (source.endsWith('/')) {
          source = `${source.slice(0, -1)}(?:/.*)?`;
          index = after;
        } else {
          source += '.*';
          index = after;
        }
        continue;
      }
      source += '[^/]*';
      index = after;
      continue;
    }
    if (character === '?') {
      source += '[^/]';
      index++;
      continue;
    }
    if (character === '[') {
      const end = classEnd(glob, index);
      if (end > index) {
        source += `(?!/)[${translateClass(glob.slice(index + 1, end))}]`;
        index = end + 1;
        continue;
      }
    }
    if (character === '{') {
      const alternatives: string[] = [];
      let cursor = index + 1;
      let closed = false;
      while (cursor <= glob.length) {
        const part = translate(glob, cursor, true);
        alternatives.push(part.source);
        if (glob[part.end] === '}') {
          closed = true;
          cursor = part.end + 1;
          break;
        }
        if (glob[part.end] !== ',') break;
        cursor = part.end + 1;
      }
      if (closed) {
        source += `(?:${alternatives.join('|')})`;
        index = cursor;
        continue;
      }
    }
    source += escapeForRegExp(character);
    index++;
  }
  return { source, end: index };
}

/** The anchored regular expression for a glob (exact glob semantics; see the file comment). */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${translate(normalizePattern(glob), 0, false).source}$`);
}

const compiled = new Map<string, RegExp>();
function cachedRegExp(glob: string): RegExp {
  let regExp = compiled.get(glob);
  if (!regExp) {
    if (compiled.size > 2000) compiled.clear();
    regExp = globToRegExp(glob);
    compiled.set(glob, regExp);
  }
  return regExp;
}

/** A literal pattern's path: its escapes (`a\\*.ts`) taken off. */
function unescapeLiteral(pattern: string): string {
  return pattern.replace(/\\(.)/g, '$1');
}

function isUnder(path: string, directory: string): boolean {
  return directory === '' || path === directory || path.startsWith(`${directory}/`);
}

/**
 * The path a literal pattern names (a file, or a directory and everything under it), its
 * escapes taken off; undefined for a glob. `''` is the whole repository.
 */
export function literalPath(pattern: string): string | undefined {
  const normalizedPattern = normalizePattern(pattern);
  return isGlob(normalizedPattern) ? undefined : unescapeLiteral(normalizedPattern);
}

/** Does the repository-relative file `path` fall under `pattern` (a glob, a file or a directory)? */
export function pathMatchesGlob(path: string, pattern: string): boolean {
  const normalizedPath = normalizeRepositoryPath(path);
  const literal = literalPath(pattern);
  if (literal !== undefined) return isUnder(normalizedPath, literal);
  return cachedRegExp(normalizePattern(pattern)).test(normalizedPath);
}

/**
 * The pattern with its alternatives written out: `src/{a,b}.ts` → `src/a.ts`, `src/b.ts`.
 * Undefined when there would be more than `limit` (the caller then assumes the worst).
 */
export function expandBraces(pattern: string, limit = 64): string[] | undefined {
  let depth = 0;
  let open = -1;
  const commas: number[] = [];
  for (let index = 0; index < pattern.length; index++) {
    const character = pattern[index];
    if (character === '\\') {
      index++;
    } else if (character === '{') {
      if (depth === 0) {
        open = index;
        commas.length = 0;
      }
      depth++;
    } else if (character === ',' && depth === 1) {
      commas.push(index);
    } else if (character === '}' && depth > 0) {
      depth--;
      if (depth === 0) {
        const prefix = pattern.slice(0, open);
        const suffix = pattern.slice(index + 1);
        const bounds = [open, ...commas, index];
        const results: string[] = [];
        for (let part = 0; part + 1 < bounds.length; part++) {
          const alternative = pattern.slice(bounds[part]! + 1, bounds[part + 1]);
          const expanded = expandBraces(prefix + alternative + suffix, limit);
          if (!expanded) return undefined;
          results.push(...expanded);
          if (results.length > limit) return undefined;
        }
        return results;
      }
    }
  }
  return [pattern];
}

interface SegmentToken {
  literal?: string;
}

// A segment as literal characters and wildcards (`*`, `?` and classes are all wildcards here).
function segmentTokens(segment: string): SegmentToken[] {
  const tokens: SegmentToken[] = [];
  for (let index = 0; index < segment.length; index++) {
    const character = segment[index]!;
    if (character === '\\' && index + 1 < segment.length) {
      tokens.push({ literal: segment[++index] });
    } else if (character === '*' || character === '?') {
      tokens.push({});
    } else if (character === '[' && classEnd(segment, index) > index) {
      tokens.push({});
      index = classEnd(segment, index);
    } else {
      tokens.push({ literal: character });
    }
  }
  return tokens;
}

function literalEnds(segment: string): { prefix: string; suffix: string } {
  const tokens = segmentTokens(segment);
  let prefix = '';
  for (const token of tokens) {
    if (token.literal === undefined) break;
    prefix += token.literal;
  }
  let suffix = '';
  for (let index = tokens.length - 1; index >= 0; index--) {
    const literal = tokens[index]!.literal;
    if (literal === undefined) break;
    suffix = literal + suffix;
  }
  return { prefix, suffix };
}

function segmentsMayOverlap(left: string, right: string): boolean {
  const leftIsGlob = isGlob(left);
  const rightIsGlob = isGlob(right);
  if (!leftIsGlob && !rightIsGlob) return unescapeLiteral(left) === unescapeLiteral(right);
  if (!leftIsGlob) return cachedRegExp(right).test(unescapeLiteral(left));
  if (!rightIsGlob) return cachedRegExp(left).test(unescapeLiteral(right));
  // Two wildcard segments: they can only both match a name that starts with both literal
  // prefixes and ends with both literal suffixes. Anything finer is left as "may overlap".
  const a = literalEnds(left);
  const b = literalEnds(right);
  const prefixesAgree = a.prefix.startsWith(b.prefix) || b.prefix.startsWith(a.prefix);
  const suffixesAgree = a.suffix.endsWith(b.suffix) || b.suffix.endsWith(a.suffix);
  return prefixesAgree && suffixesAgree;
}

function segmentListsMayOverlap(
  left: readonly string[],
  right: readonly string[],
  literalDirectory: boolean,
): boolean {
  for (let index = 0; ; index++) {
    const a = left[index];
    const b = right[index];
    if (a === undefined && b === undefined) return true;
    if (a === '**' || b === '**') return true;
    if (a === undefined) return literalDirectory || right.slice(index).every((segment) => segment === '**');
    if (b === undefined) return left.slice(index).every((segment) => segment === '**');
    if (!segmentsMayOverlap(a, b)) return false;
  }
}

/**
 * Could some file match both patterns? Exact when both are literal paths (equal, or one is a
 * directory holding the other); exact when one is literal (it is matched against the other,
 * as a file or as a directory that the glob reaches into). For two globs it compares segment
 * by segment, each by its literal prefix and suffix, and answers "yes" whenever unsure:
 * callers use it to keep two builders apart, so a false "yes" costs a warning, a false "no"
 * costs a merge conflict.
 */
export function patternsMayOverlap(a: string, b: string): boolean {
  const left = normalizePattern(a);
  const right = normalizePattern(b);
  const leftIsGlob = isGlob(left);
  const rightIsGlob = isGlob(right);
  if (!leftIsGlob && !rightIsGlob) {
    const [leftPath, rightPath] = [unescapeLiteral(left), unescapeLiteral(right)];
    return isUnder(leftPath, rightPath) || isUnder(rightPath, leftPath);
  }
  const leftAlternatives = expandBraces(left);
  const rightAlternatives = expandBraces(right);
  if (!leftAlternatives || !rightAlternatives) return true;
  for (const leftAlternative of leftAlternatives) {
    for (const rightAlternative of rightAlternatives) {
      const leftSegments = leftAlternative === '' ? [] : leftAlternative.split('/');
      const rightSegments = rightAlternative === '' ? [] : rightAlternative.split('/');
      // A literal path may be a directory: a glob reaching below it overlaps it.
      const overlap = leftIsGlob
        ? segmentListsMayOverlap(rightSegments, leftSegments, !rightIsGlob)
        : segmentListsMayOverlap(leftSegments, rightSegments, true);
      if (overlap) return true;
    }
  }
  return false;
}

/** The leading segments of a pattern that contain no wildcard: `src/gen/**\/*.ts` → `src/gen`. */
export function literalPrefix(pattern: string): string {
  const normalized = normalizePattern(pattern);
  if (!isGlob(normalized)) return normalized;
  const segments: string[] = [];
  for (const segment of normalized.split('/')) {
    if (isGlob(segment)) break;
    segments.push(segment);
  }
  return segments.join('/');
}
