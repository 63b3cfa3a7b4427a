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

// Path-like words: letters, digits and the characters file names are made of.
const pathWord = /[\w@.+-]+(?:\/[\w@.+-]+)*/g;

// More matches than this for one word (a bare `index.ts` in a monorepo) say nothing about which.
const maximumMatchesPerWord = 3;
const maximumMentions = 20;

/**
 * The repository files a text names: a repository-relative path as it is (`src/a.ts`), the end
 * of one (`blog/Timeline.tsx`), or a file name with its extension (`Timeline.tsx`) when few
 * files have it. `files` are repository-relative paths with `/`.
 */
export function mentionedFiles(text: string, files: readonly string[]): string[] {
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
  for (const match of text.matchAll(pathWord)) {
    const word = match[0].replace(/^\.\//, '').replace(/[.]+$/, '');
    if (word === '' || !word.includes('.')) continue;
    if (known.has(word)) {
      add([word]);
      continue;
    }
    const name = word.slice(word.lastIndexOf('/') + 1);
    const candidates = byName.get(name) ?? [];
    const matches = word.includes('/') ? candidates.filter((file) => file.endsWith(`/${word}`)) : candidates;
    if (matches.length > 0 && matches.length <= maximumMatchesPerWord) add(matches);
  }
  return found;
}
