// Turning what a person typed into a repository-relative, slash-separated pattern. Claims,
// releases and pool AFFECTS all compare these strings, so they must be spelled one way.
import path from 'node:path';
import { BatonError } from '../../errors.ts';

export interface PatternBase {
  /** Absolute path of the repository root. */
  repositoryRoot: string;
  /** Absolute directory the text is relative to (the command's working directory). */
  cwd: string;
}

/**
 * `./src/a.ts` (from the root), `a.ts` (from src/), `/abs/repo/src/a.ts` → `src/a.ts`.
 * A trailing `/` is kept: it marks a folder. A pattern that leaves the repository is a USAGE error.
 */
export function normalizeRepositoryPattern(text: string, base: PatternBase): string {
  const trimmed = text.trim();
  if (!trimmed) throw new BatonError('USAGE', 'an empty path is not a path');
  const folder = /[/\\]$/.test(trimmed);
  const absolute = path.resolve(base.cwd, trimmed);
  const relative = path.relative(base.repositoryRoot, absolute).split(path.sep).join('/');
  if (relative === '' || relative === '.') {
    throw new BatonError('USAGE', `${text}: names the whole repository`, {
      hint: 'Claim a file, a folder inside the repository, or a glob such as src/**.',
    });
  }
  if (relative === '..' || relative.startsWith('../') || path.isAbsolute(relative)) {
    throw new BatonError('USAGE', `${text}: is outside the repository (${base.repositoryRoot})`, {
      hint: 'Paths are relative to the current directory and must stay inside the repository.',
    });
  }
  return folder ? `${relative}/` : relative;
}

/** A folder claim (`src/` or an existing folder) covers everything under it: `src/**`. */
export function folderToGlob(pattern: string): string {
  return pattern.endsWith('/') ? `${pattern}**` : pattern;
}
