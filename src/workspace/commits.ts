// What a command that branches or merges needs from git before it starts: a first commit (a
// repository fresh from `git init` has none, and no branch to start from), and the plan's base.
// Said as what to do, never as a git error.
import { BatonError } from '../errors.ts';
import { tryGit } from './git.ts';

/** Whether `revision` names a commit of the repository. */
export function resolvesToCommit(repositoryRoot: string, revision: string): boolean {
  return tryGit(repositoryRoot, ['rev-parse', '--verify', '-q', `${revision}^{commit}`]) !== undefined;
}

/** Refuses (NO_COMMITS, exit 3) in a repository without a single commit. */
export function requireFirstCommit(repositoryRoot: string, what: string): void {
  if (resolvesToCommit(repositoryRoot, 'HEAD')) return;
  throw new BatonError('NO_COMMITS', `this repository has no commits yet: ${what} needs one to start from`, {
    hint: 'Commit first (e.g. git add -A && git commit -m "Initial commit"), then run it again.',
  });
}

/** Refuses (BASE_NOT_FOUND, exit 3) a plan base that names no branch or commit here. */
export function requireBase(repositoryRoot: string, base: string, planId: string): void {
  if (resolvesToCommit(repositoryRoot, base)) return;
  throw new BatonError(
    'BASE_NOT_FOUND',
    `plan "${planId}" starts from base "${base}", which is not a branch or commit of this repository`,
    {
      hint: `Create the branch (git branch ${base}), or revise the plan's base: to an existing branch (git branch lists them) and approve it again.`,
    },
  );
}
