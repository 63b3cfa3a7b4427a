// The scope check: a task may change only the files it declared. The diff is taken against
// the commit the task started from, so it covers everything the executor did in every round,
// whether it committed the work itself or left it for baton to commit.
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { pathMatchesGlob } from '../core/paths/glob.ts';
import { statusArguments } from './git.ts';
import { GitError, git, gitResult, gitScript } from './git-async.ts';
import { identityEnvironment } from './worktrees.ts';

/** Files changed between `from` and HEAD (renames as a deletion plus an addition). */
export async function changedFiles(worktree: string, from: string): Promise<string[]> {
  const output = await git(worktree, ['diff', '--name-only', '--no-renames', '-z', from, 'HEAD']);
  return output.split('\0').filter((file) => file !== '');
}

export interface TaskChanges {
  files: string[];
  diff: string;
}

const rawPatchArguments = ['--no-color', '--no-renames', '--raw', '-z', '-p'];

// $1 the message, $2 the task's start commit, then the pathspec: commits everything (`git
// commit` exits 1 when there is nothing to commit, 128 on an error), prints whether it did,
// then the task's changes since its start.
const commitAndDiffScript = `message=$1 from=$2; shift 2
git add --all -- "$@" || exit 3
git commit --quiet --no-verify -m "$message" >/dev/null
status=$?
[ $status -le 1 ] || exit $status
echo "$status"
exec git diff ${rawPatchArguments.join(' ')} "$from" HEAD`;

/**
 * `commitAll` and a diff in one process: commits whatever the executor left (but the excluded
 * paths), then returns everything the task changed since `from` (`--raw -p`): the files for
 * the scope check, the diff for the reviewer.
 */
export async function commitAndDiff(
  worktree: string,
  message: string,
  from: string,
  excluded: readonly string[] = [],
): Promise<TaskChanges & { committed: boolean }> {
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
  return {
    committed: result.stdout.slice(0, newline) === '0',
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

/** The changed files that no declared pattern covers. */
export function filesOutsideScope(changed: readonly string[], declared: readonly string[]): string[] {
  return changed.filter((file) => !declared.some((pattern) => pathMatchesGlob(file, pattern)));
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

/**
 * What an executor must not change from its worktree: the main checkout's files (`git status`
 * there, with each listed file's size and time) and the repository's shared git directory
 * (`config`, `hooks/`, `info/`, by content). A worktree's `.git` is a file pointing into the
 * main repository's git directory, so a command run in a worktree can reach both:
 * `git config core.hooksPath …` writes the shared config, and
 * `$(git rev-parse --git-common-dir)/../README.md` is the main checkout.
 */
export interface RepositoryFingerprint {
  /** Main checkout entries: `XY path` → size and modification time (or '' when absent). */
  checkout: Map<string, string>;
  /** Files of the shared git directory (`.git/config`, `.git/hooks/…`, `.git/info/…`) → content hash. */
  gitDirectory: Map<string, string>;
}

// Content hashes of the shared git directory's files, by path, with the file's identity when
// hashed: a file whose inode, size, modification and change times are all unchanged is not read
// again. Any write changes the change time (which no tool can set back), but only to the
// kernel's coarse clock: as git does with its index ("racily clean" entries), a hash is reused
// only when the change time was already well in the past when the file was read.
const hashCache = new Map<string, { stamp: string; hash: string }>();
const racyMs = 2_000;

function hashFiles(root: string, relative: string, into: Map<string, string>, label: string): void {
  const absolute = path.join(root, relative);
  let stats: ReturnType<typeof lstatSync>;
  try {
    stats = lstatSync(absolute);
  } catch {
    return;
  }
  if (stats.isDirectory()) {
    for (const entry of readdirSync(absolute).sort())
      hashFiles(root, path.join(relative, entry), into, label);
    return;
  }
  const key = `${label}/${relative.split(path.sep).join('/')}`;
  const stamp = `${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}:${stats.mode}`;
  const cached = hashCache.get(absolute);
  if (cached && cached.stamp === stamp) {
    into.set(key, cached.hash);
    return;
  }
  const readAt = Date.now();
  const content = stats.isSymbolicLink() ? `link:${readlinkSync(absolute)}` : readFileSync(absolute);
  const hash = createHash('sha1').update(content).digest('hex');
  into.set(key, hash);
  if (stats.ctimeMs < readAt - racyMs && stats.mtimeMs < readAt - racyMs)
    hashCache.set(absolute, { stamp, hash });
  else hashCache.delete(absolute);
}

// The shared git directory of a repository does not move while baton runs.
const commonDirectories = new Map<string, Promise<string>>();

function commonDirectory(repositoryRoot: string): Promise<string> {
  let known = commonDirectories.get(repositoryRoot);
  if (!known) {
    known = git(repositoryRoot, ['rev-parse', '--git-common-dir']).then((output) =>
      path.resolve(repositoryRoot, output.trim()),
    );
    commonDirectories.set(repositoryRoot, known);
    known.catch(() => commonDirectories.delete(repositoryRoot));
  }
  return known;
}

/**
 * The fingerprint of the main checkout and the shared git directory; `exclude` names
 * repository-relative folders left out of the checkout's status (baton's own state, the
 * worktrees when they live inside the repository).
 */
export async function repositoryFingerprint(
  repositoryRoot: string,
  exclude: readonly string[] = [],
): Promise<RepositoryFingerprint> {
  const common = await commonDirectory(repositoryRoot);
  const result = await gitResult(repositoryRoot, [
    '--no-optional-locks',
    ...statusArguments(exclude.map((relative) => `:(exclude,literal)${relative}`)),
  ]);
  if (result.exitCode !== 0)
    throw new GitError(['status', '--porcelain'], result.exitCode, result.stdout, result.stderr);
  const fields = result.stdout.split('\0');
  const checkout = new Map<string, string>();
  for (let index = 0; index < fields.length; index++) {
    const entry = fields[index]!.replace(/^\n/, '');
    if (entry.length < 4) continue;
    const file = entry.slice(3);
    let stamp = '';
    try {
      const stats = lstatSync(path.join(repositoryRoot, file));
      stamp = `${stats.size}:${stats.mtimeMs}`;
    } catch {
      // Deleted: the entry says so.
    }
    checkout.set(`${entry.slice(0, 2)} ${file}`, stamp);
    if (entry[0] === 'R' || entry[0] === 'C') index++;
  }
  const gitDirectory = new Map<string, string>();
  for (const part of ['config', 'hooks', 'info']) hashFiles(common, part, gitDirectory, '.git');
  return { checkout, gitDirectory };
}

/**
 * `repositoryFingerprint`, shared by the tasks that ask at about the same time: a request is
 * answered by a fingerprint taken wholly after it was made (never by one already under way,
 * which might predate it), so it sees exactly what a fingerprint of its own would. While one
 * is being taken, every request that comes meanwhile waits for the next, taken once for all
 * of them as soon as the current one ends: concurrent tasks' round boundaries cost one
 * `git status`, not one each.
 */
export function sharedRepositoryFingerprint(
  repositoryRoot: string,
  exclude: readonly string[] = [],
): Promise<RepositoryFingerprint> {
  const key = JSON.stringify([repositoryRoot, ...exclude]);
  let state = fingerprintQueues.get(key);
  if (!state) {
    state = { current: undefined, next: undefined };
    fingerprintQueues.set(key, state);
  }
  const queue = state;
  const start = (): Promise<RepositoryFingerprint> => {
    const taking = repositoryFingerprint(repositoryRoot, exclude);
    queue.current = taking;
    const done = () => {
      if (queue.current === taking) queue.current = undefined;
    };
    taking.then(done, done);
    return taking;
  };
  if (!queue.current) return start();
  if (!queue.next) {
    const after = queue.current.then(
      () => undefined,
      () => undefined,
    );
    queue.next = after.then(() => {
      queue.next = undefined;
      return start();
    });
  }
  return queue.next;
}

const fingerprintQueues = new Map<
  string,
  { current: Promise<RepositoryFingerprint> | undefined; next: Promise<RepositoryFingerprint> | undefined }
>();

/** What changed between two fingerprints: main checkout files by path, git files as `.git/…`. */
export function fingerprintChanges(
  before: RepositoryFingerprint,
  after: RepositoryFingerprint,
): { checkout: string[]; gitDirectory: string[] } {
  const changed = (left: Map<string, string>, right: Map<string, string>) =>
    [...new Set([...left.keys(), ...right.keys()])].filter((key) => left.get(key) !== right.get(key));
  const checkout = [...new Set(changed(before.checkout, after.checkout).map((key) => key.slice(3)))].sort();
  return { checkout, gitDirectory: changed(before.gitDirectory, after.gitDirectory).sort() };
}
