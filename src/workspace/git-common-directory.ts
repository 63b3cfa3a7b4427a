// The repository's shared git folder (`git rev-parse --git-common-dir`) without spawning git,
// for the hooks: a main checkout's `.git` folder, or, from a linked worktree, the folder its
// `.git` file points to (`gitdir: …/.git/worktrees/<name>`) followed by that folder's `commondir`.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export function gitCommonDirectory(repositoryRoot: string): string | undefined {
  const dotGit = path.join(repositoryRoot, '.git');
  try {
    if (statSync(dotGit).isDirectory()) return dotGit;
    const pointer = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotGit, 'utf8'));
    if (!pointer) return undefined;
    const gitDirectory = path.resolve(repositoryRoot, pointer[1]!);
    try {
      const common = readFileSync(path.join(gitDirectory, 'commondir'), 'utf8').trim();
      return path.resolve(gitDirectory, common);
    } catch {
      return gitDirectory;
    }
  } catch {
    return undefined;
  }
}
