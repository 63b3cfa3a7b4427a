// The scope check: a task may change only the files it declared. The diff is taken against
// the commit the task started from, so it covers everything the executor did in every round,
// whether it committed the work itself or left it for baton to commit.
import { pathMatchesGlob } from '../core/paths/glob.ts';
import { normalizeRepositoryPath } from '../core/paths/repository-path.ts';
import { GitError, git, gitResult, gitScript } from './git-async.ts';
import { identityEnvironment, ownCommit } from './worktrees.ts';

/** Files changed between `from` and HEAD (renames as a deletion plus an addition). */
export async function changedFiles(worktree: string, from: string): Promise<string[]> {
  const output = await git(worktree, ['diff', '--name-only', '--no-renames', '-z', from, 'HEAD']);
  return output.split('\0').filter((file) => file !== '');
}

export interface TaskChanges {
  files: string[];
  diff: string;
}

/** A round's work committed: the task's changes, whether there was anything to commit, and the commit they end at. */
export interface CommittedChanges extends TaskChanges {
  committed: boolean;
  /** The commit to merge once approved, wherever the branch has gone since. */
  head: string;
}

const rawPatchArguments = ['--no-color', '--no-renames', '--raw', '-z', '-p'];

// The commit a linked worktree's HEAD is at, read by the shell from git's own files when they
// say it plainly: the worktree's `.git` file names its git directory, whose HEAD names a
// branch under refs/heads/ (no `..`), whose ref is a loose file in the shared git directory
// holding an object id. Anything else (a main checkout, a detached or packed or symbolic ref,
// another ref storage) returns 1 and git is asked. One git process less on every round's way
// to verification; what is diffed is the commit read, and the merge takes that same commit.
const headFromFiles = `headFromFiles() {
  IFS= read -r link < .git 2>/dev/null || return 1
  case $link in 'gitdir: '/*) gitdir=\${link#gitdir: } ;; *) return 1 ;; esac
  IFS= read -r ref < "$gitdir/HEAD" 2>/dev/null || return 1
  case $ref in 'ref: refs/heads/'*) ref=\${ref#ref: } ;; *) return 1 ;; esac
  case $ref in *..*|*'\\'*) return 1 ;; esac
  IFS= read -r common < "$gitdir/commondir" 2>/dev/null || return 1
  case $common in /*) ;; *) common=$gitdir/$common ;; esac
  IFS= read -r head < "$common/$ref" 2>/dev/null || return 1
  case $head in *[!0-9a-f]*|'') return 1 ;; esac
  [ \${#head} -eq 40 ] || [ \${#head} -eq 64 ]
}`;

// $1 the message, $2 the task's start commit, then the pathspec: commits everything (`git
// commit` exits 1 when there is nothing to commit, 128 on an error), prints whether it did and
// the commit it ended at, then the task's changes from its start to that commit.
const commitAndDiffScript = `${headFromFiles}
message=$1 from=$2; shift 2
git add --all -- "$@" || exit 3
${ownCommit} -m "$message" >/dev/null
status=$?
[ $status -le 1 ] || exit $status
headFromFiles || head=$(git rev-parse --verify HEAD) || exit 4
echo "$status $head"
exec git diff ${rawPatchArguments.join(' ')} "$from" "$head"`;

/**
 * `commitAll` and a diff in one process: commits whatever the executor left (but the excluded
 * paths), then returns everything the task changed since `from` (`--raw -p`): the files for
 * the scope check, the diff for the reviewer. `head` is the commit those changes end at: the
 * one to merge once approved, wherever the branch has gone since.
 */
export async function commitAndDiff(
  worktree: string,
  message: string,
  from: string,
  excluded: readonly string[] = [],
): Promise<CommittedChanges> {
  const pathspec = ['.', ...excluded.map((relative) => `:(exclude,literal)${relative}`)];
  const result = await gitScript(
    worktree,
    commitAndDiffScript,
    [message, from, ...pathspec],
    await identityEnvironment(worktree),
  );
  if (result.exitCode !== 0)
    throw new GitError(['add', '&&', 'commit', '&&', 'diff'], result.exitCode, result.stdout, result.stderr);
  const newline = result.stdout.indexOf('\n');
  const [status, head = ''] = result.stdout.slice(0, newline).split(' ');
  return {
    committed: status === '0',
    head,
    ...parseRawPatch(result.stdout.slice(newline + 1).trimEnd()),
  };
}

function parseRawPatch(output: string): TaskChanges {
  // Raw records come first, `:<modes> <ids> <status>` NUL path NUL each; an empty field ends
  // them, and the patch follows.
  const fields = output.split('\0');
  const files: string[] = [];
  let index = 0;
  while (index < fields.length && fields[index]!.startsWith(':')) {
    const file = fields[index + 1];
    if (file !== undefined && file !== '') files.push(file);
    index += 2;
  }
  const diff = fields
    .slice(index + 1)
    .join('\0')
    .replace(/^\n/, '');
  return { files, diff };
}

/**
 * The changed files that no declared pattern covers. git names a changed file exactly; one whose
 * name is not already tidy (a space at either end, a `.` or `..` segment: only a crafted tree has
 * those) is another file than the one `pathMatchesGlob` would tidy it into, so nothing covers it.
 */
export function filesOutsideScope(changed: readonly string[], declared: readonly string[]): string[] {
  return changed.filter(
    (file) =>
      normalizeRepositoryPath(file) !== file || !declared.some((pattern) => pathMatchesGlob(file, pattern)),
  );
}

/**
 * Puts out-of-scope files back as they were at `from` (deleting those that did not exist),
 * so a failed round's stray edits can never be merged; the caller commits the result.
 */
export async function revertFiles(worktree: string, from: string, files: readonly string[]): Promise<void> {
  for (const file of files) {
    const existed = await gitResult(worktree, ['cat-file', '-e', `${from}:${file}`]);
    if (existed.exitCode === 0) await git(worktree, ['checkout', from, '--', file]);
    else await git(worktree, ['rm', '--quiet', '--force', '--ignore-unmatch', '--', file]);
  }
}
