// Which repository git would discover from a folder. git looks in the folder, then each parent:
// a `.git` there (folder or file) is the repository, and so is the folder itself when it is laid
// out as one (HEAD, objects/, refs/: a bare repository). Between a planner's folder and the
// repository root, either would be a repository the project's files made, with a config git
// obeys, so the planner's git is refused there (see core/shell/git-use.ts).
import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

function isFolder(candidate: string): boolean {
  try {
    return statSync(candidate).isDirectory();
  } catch {
    return false;
  }
}

function looksLikeGitDirectory(folder: string): boolean {
  return (
    existsSync(path.join(folder, 'HEAD')) &&
    isFolder(path.join(folder, 'objects')) &&
    isFolder(path.join(folder, 'refs'))
  );
}

/**
 * The folder git would take for a repository from `cwd` when it is not `repositoryRoot`'s own,
 * or undefined when git would find the root's `.git`. A `cwd` outside the root counts as foreign.
 */
export function foreignGitDirectory(cwd: string, repositoryRoot: string): string | undefined {
  let folder: string;
  try {
    folder = realpathSync(cwd);
  } catch {
    return cwd;
  }
  const root = realpathSync(repositoryRoot);
  for (;;) {
    if (folder === root) return undefined;
    const relative = path.relative(root, folder);
    if (relative.startsWith('..') || path.isAbsolute(relative)) return folder;
    if (existsSync(path.join(folder, '.git'))) return path.join(folder, '.git');
    if (looksLikeGitDirectory(folder)) return folder;
    folder = path.dirname(folder);
  }
}
