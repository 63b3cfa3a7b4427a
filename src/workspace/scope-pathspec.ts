// The scope check done by git: a task's declared files as exclude pathspecs, so that
// `git diff-tree <tip> <tree> -- :/ <these>` lists exactly the changes `filesOutsideScope`
// would name, and a merge can be checked and committed in one process (see
// task-merge-scripts.ts). Only where git is certain to exclude nothing that `pathMatchesGlob`
// leaves outside; everywhere else the answer is undefined and the caller checks in JavaScript.
import { literalPath } from '../core/paths/glob.ts';

// Every declared path becomes one argument; beyond this many, the JavaScript check is cheaper
// than the risk of an over-long command line.
const mostPathspecs = 256;

/**
 * A literal path git compares byte for byte as `pathMatchesGlob` compares it (the path itself,
 * or a directory and everything under it). Not: the whole repository (`''`); a segment git
 * normalises away (`.`, `..`, an empty one), which `pathMatchesGlob` compares as written; a
 * backslash (a separator to git on Windows); anything beyond ASCII (git on macOS rewrites such
 * arguments to precomposed Unicode, the paths in trees it does not).
 */
function gitComparesAsWritten(path: string): boolean {
  if (path === '' || /[^\x01-\x7f]|\\/.test(path)) return false;
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

/**
 * `:(exclude,literal,top)<path>` for each declared file, or undefined when a declared pattern
 * is a glob or a path git might match otherwise than `pathMatchesGlob` (the check then happens
 * in JavaScript, on every changed file).
 */
export function scopeExclusions(declared: readonly string[]): string[] | undefined {
  if (declared.length > mostPathspecs) return undefined;
  const pathspecs: string[] = [];
  for (const pattern of declared) {
    const path = literalPath(pattern);
    if (path === undefined || !gitComparesAsWritten(path)) return undefined;
    pathspecs.push(`:(exclude,literal,top)${path}`);
  }
  return pathspecs;
}
