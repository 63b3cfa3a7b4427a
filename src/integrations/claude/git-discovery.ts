// Which repository git would discover from a folder. git looks in the folder, then each parent:
// a `.git` there (folder or file) is a repository, and so is the folder itself when git takes it
// for one — HEAD, plus objects/ and refs/ it can enter (a symlink to anything executable will
// do) or a `commondir` file naming them elsewhere. Between a planner's folder and the project's
// root, any of these would be a repository the project's files made, with a config git obeys,
// so the planner's git is refused there (see core/shell/git-use.ts). baton errs on the side of
// refusing: any folder on the way holding one of those names counts.
import { existsSync, lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';

// Names that make a folder, or help make it, a git directory in git's own test.
const gitDirectoryMarks = ['.git', 'HEAD', 'commondir', 'gitdir'];

function markIn(folder: string): string | undefined {
  for (const name of gitDirectoryMarks) {
    const candidate = path.join(folder, name);
    try {
      lstatSync(candidate);
      return candidate;
    } catch {
      // Not there.
    }
  }
  return existsSync(path.join(folder, 'objects')) && existsSync(path.join(folder, 'refs'))
    ? path.join(folder, 'objects')
    : undefined;
}

/**
 * What makes git take something other than `projectRoot`'s own repository from `cwd` (the
 * folder, or the mark in it), or undefined when git would find the project's `.git`. A `cwd`
 * outside the project counts as foreign.
 */
export function foreignGitDirectory(cwd: string, projectRoot: string): string | undefined {
  let folder: string;
  let root: string;
  try {
    folder = realpathSync(cwd);
    root = realpathSync(projectRoot);
  } catch {
    return cwd;
  }
  for (;;) {
    if (folder === root) return undefined;
    const relative = path.relative(root, folder);
    if (relative.startsWith('..') || path.isAbsolute(relative)) return folder;
    const mark = markIn(folder);
    if (mark !== undefined) return mark;
    folder = path.dirname(folder);
  }
}
