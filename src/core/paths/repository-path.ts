// Repository-relative paths as plans and claims write them. A declared path must stay inside
// the repository: a builder in a worktree is only ever allowed to touch what is under it.

/**
 * Normalises a repository-relative path the way a person means it: `./src//a/./b.ts` is
 * `src/a/b.ts`, `src/a/../b.ts` is `src/b.ts`, a trailing `/` is dropped. `..` segments that
 * climb above the start are kept (so `isEscapingPath` can see them). Backslashes are left
 * alone: in a glob they escape the next character.
 */
export function normalizeRepositoryPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.trim().split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..' && segments.length > 0 && segments[segments.length - 1] !== '..') {
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  return segments.join('/');
}

/**
 * Does this path point outside the repository? True for absolute paths (`/etc/x`, `C:\x`,
 * `C:/x`, `\\server\share`), home-relative paths (`~`, `~user/x`), paths starting with an
 * environment variable (`$HOME/x`, `${HOME}`), which a shell would expand, and paths whose
 * `..` segments climb above the root after normalisation (`a/../../x`). Backslashes count as
 * separators here: a Windows-style `..\x` escapes just the same.
 */
export function isEscapingPath(path: string): boolean {
  const trimmed = path.trim();
  if (trimmed === '') return false;
  if (trimmed.startsWith('/') || trimmed.startsWith('\\')) return true;
  if (/^[A-Za-z]:/.test(trimmed)) return true;
  if (trimmed.startsWith('~')) return true;
  if (trimmed.startsWith('$')) return true;
  const slashed = trimmed.replaceAll('\\', '/');
  return normalizeRepositoryPath(slashed).split('/')[0] === '..';
}
