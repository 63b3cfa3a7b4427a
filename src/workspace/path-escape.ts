// Whether a repository-relative path leads outside the repository through a symlink. The
// path itself may not exist yet (a file a task will create), so we resolve the nearest
// ancestor that does exist.
import { realpathSync } from 'node:fs';
import path from 'node:path';

export function makeSymlinkEscapeCheck(repositoryRoot: string): (repositoryRelativePath: string) => boolean {
  const root = realpathSync(repositoryRoot);
  return (repositoryRelativePath) => {
    // A glob's literal prefix is what could be a symlink.
    const literal = repositoryRelativePath.split(/[*?[{]/)[0] ?? '';
    let candidate = path.resolve(root, literal);
    for (;;) {
      try {
        const real = realpathSync(candidate);
        return real !== root && !real.startsWith(root + path.sep);
      } catch {
        const parent = path.dirname(candidate);
        if (parent === candidate) return false;
        candidate = parent;
      }
    }
  };
}
