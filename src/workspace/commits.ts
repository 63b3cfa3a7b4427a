// What a command that branches or merges needs from git before it starts: a first commit (a
// repository fresh from `git init` has none, and no branch to start from), and the plan's base.
// Said as what to do, never as a git error.
import { BatonError } from '../errors.ts';
import { runGit, tryGit } from './git.ts';

/** Whether `revision` names a commit of the repository. */
export function resolvesToCommit(repositoryRoot: string, revision: string): boolean {
  return tryGit(repositoryRoot, ['rev-parse', '--verify', '-q', `${revision}^{commit}`]) !== undefined;
}

/**
 * Which of `revisions` name a commit, in one git process (`cat-file --batch-check` answers a
 * line each: the commit, or `missing`/`ambiguous`). A revision that cannot be one line names none.
 */
export function resolveCommits(repositoryRoot: string, revisions: readonly string[]): boolean[] {
  const asked = revisions.filter((revision) => !/[\r\n]/.test(revision));
  let answers: string[] = [];
  try {
    answers = runGit(
      repositoryRoot,
      ['cat-file', '--batch-check=%(objectname)'],
      asked.map((revision) => `${revision}^{commit}\n`).join(''),
    ).split('\n');
  } catch {
    // Not a repository git can read: nothing resolves.
  }
  const resolved = new Map(
    asked.map((revision, index) => [revision, /^[0-9a-f]+$/.test(answers[index] ?? '')]),
  );
  return revisions.map((revision) => resolved.get(revision) ?? false);
}

/**
 * What `baton run` starts from, checked in one git process: a first commit (NO_COMMITS), and
 * unless the plan's integration branch exists already, its base (BASE_NOT_FOUND).
 */
export function requireStartingPoint(
  repositoryRoot: string,
  planId: string,
  integration: string,
  base: string | undefined,
): void {
  const [head, integrationExists, baseExists] = resolveCommits(repositoryRoot, [
    'HEAD',
    `refs/heads/${integration}`,
    ...(base !== undefined ? [base] : []),
  ]);
  if (!head) throw noCommits(`baton run ${planId}`);
  if (base !== undefined && !integrationExists && !baseExists) throw baseNotFound(base, planId);
}

/** Refuses (NO_COMMITS, exit 3) in a repository without a single commit. */
export function requireFirstCommit(repositoryRoot: string, what: string): void {
  if (!resolvesToCommit(repositoryRoot, 'HEAD')) throw noCommits(what);
}

function noCommits(what: string): BatonError {
  return new BatonError('NO_COMMITS', `this repository has no commits yet: ${what} needs one to start from`, {
    hint: 'Commit first (e.g. git add -A && git commit -m "Initial commit"), then run it again.',
  });
}

/** BASE_NOT_FOUND (exit 3): a plan base that names no branch or commit here. */
function baseNotFound(base: string, planId: string): BatonError {
  return new BatonError(
    'BASE_NOT_FOUND',
    `plan "${planId}" starts from base "${base}", which is not a branch or commit of this repository`,
    {
      hint: `Create the branch (git branch ${base}), or revise the plan's base: to an existing branch (git branch lists them) and approve it again.`,
    },
  );
}
