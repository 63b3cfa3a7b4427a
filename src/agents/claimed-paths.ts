// The files other instances hold exclusively when a session starts, as absolute paths, so a
// session's sandbox can deny writing them (claims hold for Bash, not only for Edit/Write). A
// claim on a glob is expanded over the files git knows at that moment; a file that matches it
// but is created later is left to the hooks.
import path from 'node:path';
import { isGlob, pathMatchesGlob } from '../core/paths/glob.ts';
import { listClaims } from '../store/claim-leases.ts';
import type { Store } from '../store/store.ts';
import { tryGit } from '../workspace/git.ts';

export async function pathsClaimedByOthers(
  store: Store,
  repositoryRoot: string,
  instance: string | undefined,
): Promise<string[]> {
  const claims = (await listClaims(store)).filter((claim) => claim.exclusive && claim.instance !== instance);
  if (claims.length === 0) return [];
  const globs = claims.filter((claim) => isGlob(claim.pattern)).map((claim) => claim.pattern);
  const files =
    globs.length === 0
      ? []
      : (tryGit(repositoryRoot, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']) ?? '')
          .split('\0')
          .filter((file) => file !== '' && globs.some((glob) => pathMatchesGlob(file, glob)));
  const literal = claims.filter((claim) => !isGlob(claim.pattern)).map((claim) => claim.pattern);
  return [...new Set([...literal, ...files])].map((file) => path.join(repositoryRoot, file));
}
