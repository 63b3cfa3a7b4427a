// Attention (seed 001's context router): each instance keeps a score per file. A file the
// person names in a prompt, or the agent edits, is at 1; every turn (a prompt of that instance)
// multiplies every score by the decay. The score says how much of the file the instance is
// shown with its next prompt: HOT, the whole file; WARM, its first lines; COLD, nothing. One
// instance's attention never moves another's.

export type Heat = 'hot' | 'warm' | 'cold';

export interface AttentionSettings {
  /** Each turn multiplies every score by this (0 < decay < 1). */
  decay: number;
  /** A score at or above this is HOT. */
  hot: number;
  /** A score at or above this (and below hot) is WARM; below it, COLD and forgotten. */
  warm: number;
}

export interface AttentionScore {
  path: string;
  score: number;
}

export function heatOf(score: number, settings: AttentionSettings): Heat {
  if (score >= settings.hot) return 'hot';
  if (score >= settings.warm) return 'warm';
  return 'cold';
}

/**
 * The scores after one turn in which `mentioned` were named: every earlier score decayed,
 * the mentioned ones at 1, the COLD ones dropped (they need no row). Highest first.
 */
export function nextScores(
  previous: readonly AttentionScore[],
  mentioned: readonly string[],
  settings: AttentionSettings,
): AttentionScore[] {
  const scores = new Map<string, number>();
  for (const entry of previous) scores.set(entry.path, entry.score * settings.decay);
  for (const path of mentioned) scores.set(path, 1);
  return [...scores]
    .filter(([, score]) => score >= settings.warm)
    .map(([path, score]) => ({ path, score }))
    .sort((left, right) => right.score - left.score || left.path.localeCompare(right.path));
}

// Path-like words: letters, digits and the characters file names are made of, with the
// brackets and parentheses of route folders (app/(main)/blog/[slug]/page.tsx).
const pathWord = /[\w@.+\-[\]()]+(?:\/[\w@.+\-[\]()]+)*/g;

// More matches than this for one word (a bare `index.ts` in a monorepo) say nothing about which.
const maximumMatchesPerWord = 3;
const maximumMentions = 20;
const maximumWordLength = 1024;

function balanced(word: string): boolean {
  let depth = 0;
  for (const character of word) {
    if (character === '(') depth++;
    else if (character === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/** A word as a path: without Claude Code's `@`, `./`, the root of an absolute path, or the
 *  punctuation and parentheses of the sentence around it. */
function asPath(word: string, root: string | undefined): string {
  let path = word;
  // Sentence punctuation: "(see src/a.ts)", "src/a.ts." — a parenthesis that is not a pair.
  while (path.startsWith('(') && !balanced(path)) path = path.slice(1);
  while (/[).,:;]$/.test(path) && !(path.endsWith(')') && balanced(path))) path = path.slice(0, -1);
  path = path.replace(/^@/, '');
  if (root !== undefined && path.startsWith(`${root}/`)) path = path.slice(root.length + 1);
  return path.replace(/^(\.\/)+/, '');
}

/**
 * The repository files a text names: a repository-relative path as it is (`src/a.ts`, or
 * `@src/a.ts` as Claude Code writes a mention, or absolute under `root`), the end of one
 * (`blog/Timeline.tsx`), or a file name with its extension (`Timeline.tsx`) when few files have
 * it. `files` are repository-relative paths with `/`.
 */
export function mentionedFiles(text: string, files: readonly string[], root?: string): string[] {
  const known = new Set(files);
  const byName = new Map<string, string[]>();
  for (const file of files) {
    const name = file.slice(file.lastIndexOf('/') + 1);
    const list = byName.get(name);
    if (list) list.push(file);
    else byName.set(name, [file]);
  }
  const found: string[] = [];
  const add = (paths: readonly string[]) => {
    for (const path of paths) if (!found.includes(path) && found.length < maximumMentions) found.push(path);
  };
  // Absolute paths first, whole: their leading `/` is not a path-word character.
  const words = [...text.matchAll(/(?:^|\s)(\/[^\s]+)/g)].map((match) => match[1]!);
  for (const match of text.matchAll(pathWord)) words.push(match[0]);
  for (const word of words) {
    // No path is this long; skipping such words keeps a pasted blob from costing seconds.
    if (word.length > maximumWordLength) continue;
    const path = asPath(word, root);
    if (path === '' || !path.includes('.') || path.startsWith('/')) continue;
    if (known.has(path)) {
      add([path]);
      continue;
    }
    const name = path.slice(path.lastIndexOf('/') + 1);
    const candidates = byName.get(name) ?? [];
    const matches = path.includes('/') ? candidates.filter((file) => file.endsWith(`/${path}`)) : candidates;
    if (matches.length > 0 && matches.length <= maximumMatchesPerWord) add(matches);
  }
  return found;
}
