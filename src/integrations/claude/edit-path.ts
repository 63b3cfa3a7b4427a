// Where an edit really lands. Claude Code hands the hook an absolute path; baton needs the
// repository-relative one, and must refuse a path that leaves the repository: absolute
// elsewhere, `../`, or a symlink (to a file or a folder, existing or dangling) pointing out,
// or a file with other hard links (`ln outside/file inside/file`: editing it changes the file
// at its other paths too, which may be outside the repository).
import { lstatSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

export type EditTarget =
  | { inside: true /** Repository-relative, `/`-separated. */; path: string; absolute: string }
  | { inside: false; absolute: string; reason: string };

/** The real location of `file`, following symlinks through its nearest existing ancestor. */
export function resolveRealPath(file: string, depth = 0): string {
  try {
    return realpathSync(file);
  } catch {
    // Not there (yet), or a dangling link: resolve what exists.
  }
  if (depth < 40) {
    try {
      if (lstatSync(file).isSymbolicLink()) {
        return resolveRealPath(path.resolve(path.dirname(file), readlinkSync(file)), depth + 1);
      }
    } catch {
      // Does not exist at all: fall through to the parent.
    }
  }
  const parent = path.dirname(file);
  if (parent === file || depth >= 40) return file;
  return path.join(resolveRealPath(parent, depth + 1), path.basename(file));
}

/** `repositoryRoot` must be a real path (findRepositoryRoot returns one). */
export function resolveEditTarget(repositoryRoot: string, filePath: string, cwd: string): EditTarget {
  const absolute = path.resolve(cwd, filePath);
  const real = resolveRealPath(absolute);
  const relative = path.relative(repositoryRoot, real);
  if (
    relative === '' ||
    relative === '..' ||
    relative.startsWith(`..${path.sep}`) ||
    path.isAbsolute(relative)
  ) {
    const through = real === absolute ? '' : ` (it leads to ${real})`;
    return {
      inside: false,
      absolute,
      reason: `${absolute} is outside the repository ${repositoryRoot}${through}`,
    };
  }
  const links = hardLinkCount(real);
  if (links > 1) {
    return {
      inside: false,
      absolute,
      reason: `${absolute} has ${links - 1} other hard link(s), so an edit would also change the same file at another path, maybe outside the repository ${repositoryRoot}`,
    };
  }
  return { inside: true, path: relative.split(path.sep).join('/'), absolute };
}

/** How many names the file has (0 when it does not exist yet). */
function hardLinkCount(file: string): number {
  try {
    const stats = statSync(file);
    return stats.isFile() ? stats.nlink : 0;
  } catch {
    return 0;
  }
}
