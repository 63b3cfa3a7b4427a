// What an executor must leave alone outside its worktree, read around each of its rounds: the
// main checkout's files, the shared git directory's config, hooks and info, and the
// repository's refs (refs.ts). Tasks running side by side share each reading.
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync, type Stats } from 'node:fs';
import path from 'node:path';
import { statusArguments } from './git.ts';
import { GitError, git, gitResult } from './git-async.ts';
import { parseRefListing, refListingArguments } from './refs.ts';

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
  /** The watched refs (refs.ts): ref name → object id, and `HEAD`. */
  refs: Map<string, string>;
}

// What was read of the shared git directory, by path, with the identity of the file or folder
// when read: one whose inode, size, modification and change times are all unchanged is not read
// again (a file's content hash; a folder's listing, which adding, removing or renaming an entry
// changes). Any write changes the change time (which no tool can set back), but only to the
// kernel's coarse clock: as git does with its index ("racily clean" entries), a reading is reused
// only when the change time was already well in the past when it was made.
const hashCache = new Map<string, { stamp: string; value: string }>();
const listingCache = new Map<string, { stamp: string; value: string[] }>();
const racyMs = 2_000;

function readUnlessUnchanged<T>(
  cache: Map<string, { stamp: string; value: T }>,
  absolute: string,
  stats: Stats,
  read: () => T,
): T {
  const stamp = `${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}:${stats.mode}`;
  const cached = cache.get(absolute);
  if (cached && cached.stamp === stamp) return cached.value;
  const readAt = Date.now();
  const value = read();
  if (stats.ctimeMs < readAt - racyMs && stats.mtimeMs < readAt - racyMs)
    cache.set(absolute, { stamp, value });
  else cache.delete(absolute);
  return value;
}

function hashFiles(root: string, relative: string, into: Map<string, string>, label: string): void {
  const absolute = path.join(root, relative);
  let stats: Stats;
  try {
    stats = lstatSync(absolute);
  } catch {
    return;
  }
  if (stats.isDirectory()) {
    const entries = readUnlessUnchanged(listingCache, absolute, stats, () => readdirSync(absolute).sort());
    for (const entry of entries) hashFiles(root, path.join(relative, entry), into, label);
    return;
  }
  const link = stats.isSymbolicLink();
  const hash = readUnlessUnchanged(hashCache, absolute, stats, () =>
    createHash('sha1')
      .update(link ? `link:${readlinkSync(absolute)}` : readFileSync(absolute))
      .digest('hex'),
  );
  into.set(`${label}/${relative.split(path.sep).join('/')}`, hash);
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
  const status = statusArguments(exclude.map((relative) => `:(exclude,literal)${relative}`));
  // The refs and the checkout's status side by side: two git processes at once (during a run
  // the spawner starts them, so the runner waits for neither to start), where a script would
  // add a shell and run them one after the other before the executor can start.
  const [listing, statusResult] = await Promise.all([
    gitResult(repositoryRoot, refListingArguments),
    gitResult(repositoryRoot, ['--no-optional-locks', ...status]),
  ]);
  for (const [result, args] of [
    [listing, refListingArguments],
    [statusResult, status],
  ] as const)
    if (result.exitCode !== 0) throw new GitError(args, result.exitCode, result.stdout, result.stderr);
  const refs = parseRefListing(listing.stdout, common);
  const fields = statusResult.stdout.split('\0');
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
  return { checkout, gitDirectory, refs };
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
