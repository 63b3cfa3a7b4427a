// The scope check inside the merge script: a task's declared files as the plain paths the
// script compares each changed path with (the path itself, or a directory and everything under
// it), so a merge can be checked and committed in one process (see task-merge-scripts.ts).
// Only where that comparison is `pathMatchesGlob`'s; everywhere else the answer is undefined
// and the caller checks in JavaScript, between two processes.
import { literalPath } from '../core/paths/glob.ts';

// Every declared path becomes one argument of the script, compared with every changed path.
const mostPaths = 256;

/**
 * A path the script compares as `pathMatchesGlob` does. Not: the whole repository (`''`); a
 * `.`, `..` or empty segment, which `pathMatchesGlob` compares as written with a changed path
 * it has normalised (no such segment left), where the script compares as written both; a NUL,
 * which no argument can carry.
 */
function comparedAsWritten(path: string): boolean {
  if (path === '' || path.includes('\0')) return false;
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

/**
 * The declared files as plain paths for the merge script, or undefined when a declared pattern
 * is a glob or a path the script could compare otherwise than `pathMatchesGlob` (the check then
 * happens in JavaScript, on every changed file).
 */
export function scopeInScript(declared: readonly string[]): string[] | undefined {
  if (declared.length > mostPaths) return undefined;
  const paths: string[] = [];
  for (const pattern of declared) {
    const path = literalPath(pattern);
    if (path === undefined || !comparedAsWritten(path)) return undefined;
    paths.push(path);
  }
  return paths;
}
