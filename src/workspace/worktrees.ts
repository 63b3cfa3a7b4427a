// Task worktrees: one git worktree per task, on its own branch, outside the main checkout, so
// builders never see each other's half-done work and the user's checkout is never touched.
import { existsSync, lstatSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { statusArguments } from './git.ts';
import { GitError, type GitResult, git, gitResult, gitScript } from './git-async.ts';
import { runCommand } from './run-command.ts';

// git's worktree bookkeeping (.git/worktrees/*) is not safe against concurrent changes: an
// `add` reading it while a `remove` or `prune` rewrites it fails ("failed to read commondir").
// Every worktree and branch change of one repository therefore goes through this queue.
const queues = new Map<string, Promise<unknown>>();

function serialized<Result>(repositoryRoot: string, work: () => Promise<Result>): Promise<Result> {
  const previous = queues.get(repositoryRoot) ?? Promise.resolve();
  const next = previous.then(work, work);
  queues.set(
    repositoryRoot,
    next.catch(() => {}),
  );
  return next;
}

/** Where worktrees go: the configured folder (relative to the repository), else beside it. */
export function worktreesRoot(repositoryRoot: string, configured: string | undefined): string {
  if (configured) return path.resolve(repositoryRoot, configured);
  return path.join(path.dirname(repositoryRoot), `${path.basename(repositoryRoot)}.baton-worktrees`);
}

export async function branchExists(repositoryRoot: string, branch: string): Promise<boolean> {
  const result = await gitResult(repositoryRoot, ['show-ref', '--verify', '--quiet', `refs/heads/${branch}`]);
  return result.exitCode === 0;
}

/** Removes a worktree (whatever state it is in) and forgets it. */
export function removeWorktree(repositoryRoot: string, directory: string): Promise<void> {
  return serialized(repositoryRoot, () => removeWorktreeNow(repositoryRoot, directory));
}

async function removeWorktreeNow(repositoryRoot: string, directory: string): Promise<void> {
  const removed = await gitResult(repositoryRoot, ['worktree', 'remove', '--force', '--force', directory]);
  if (removed.exitCode === 0 && !existsSync(directory)) return;
  // Not a worktree git knows (or half gone): remove the folder and let git forget it.
  if (existsSync(directory)) rmSync(directory, { recursive: true, force: true });
  await gitResult(repositoryRoot, ['worktree', 'prune']);
}

// Worktree and branch pairs, in one process: a worktree that will not go quietly is deleted
// and forgotten (prune).
const removeTaskScript = `while [ $# -ge 2 ]; do
  git worktree remove --force --force "$1" >/dev/null 2>&1
  if [ -e "$1" ]; then rm -rf "$1"; git worktree prune; fi
  git branch -D "$2" >/dev/null 2>&1
  shift 2
done
exit 0`;

// Removals gather for a moment and go together in one process: merges come one at a time, and
// each removal on its own would cost a spawn, which blocks the runner's thread.
const gatherMs = 1_000;
const pendingRemovals = new Map<
  string,
  { entries: Array<{ directory: string; branch: string; done: () => void }>; timer: NodeJS.Timeout }
>();

/**
 * Removes a merged task's worktree and its branch, soon: removals asked for within a short
 * while (or while other worktree changes are queued) are one step, one process.
 */
export function removeTaskWorktree(repositoryRoot: string, directory: string, branch: string): Promise<void> {
  return new Promise<void>((resolve) => {
    const pending = pendingRemovals.get(repositoryRoot);
    if (pending) {
      pending.entries.push({ directory, branch, done: resolve });
      return;
    }
    pendingRemovals.set(repositoryRoot, {
      entries: [{ directory, branch, done: resolve }],
      timer: setTimeout(() => removeGatheredWorktreesNow(repositoryRoot), gatherMs),
    });
  });
}

/** Starts the removals still gathering at once (a run ending, or with every task started, does not wait for the moment). */
export function removeGatheredWorktreesNow(repositoryRoot: string): void {
  const batch = pendingRemovals.get(repositoryRoot);
  if (!batch) return;
  clearTimeout(batch.timer);
  pendingRemovals.delete(repositoryRoot);
  void serialized(repositoryRoot, () =>
    gitScript(
      repositoryRoot,
      removeTaskScript,
      batch.entries.flatMap((entry) => [entry.directory, entry.branch]),
    ),
  ).finally(() => {
    for (const entry of batch.entries) entry.done();
  });
}

export async function deleteBranch(repositoryRoot: string, branch: string): Promise<void> {
  await serialized(repositoryRoot, () => gitResult(repositoryRoot, ['branch', '-D', branch]));
}

// Creates worktrees, three arguments each (directory, branch, start point), one after the
// other in one process; prints `ok <directory>` or `failed <directory>` for each as it is
// made, so its task can start at once. Whatever was at a directory before (an interrupted
// attempt) is removed first. (One after the other on purpose: side by side they finish
// together, and so do their tasks' executors, which then all want the CPU at the same time.)
const createWorktreesScript = `while [ $# -ge 3 ]; do
  if [ -e "$1" ]; then
    git worktree remove --force --force "$1" >/dev/null 2>&1
    if [ -e "$1" ]; then rm -rf "$1"; git worktree prune; fi
  fi
  if git worktree add --quiet --force -B "$2" "$1" "$3"; then echo "ok $1"; else echo "failed $1"; fi
  shift 3
done`;

export interface WorktreeSpec {
  directory: string;
  branch: string;
  startPoint: string;
}

/**
 * Fresh worktrees, each at `directory` on `branch`, which is (re)set to `startPoint`: whatever
 * was there before (an interrupted attempt) is thrown away, so a restart always starts clean.
 * Several at once cost one process; the output says which were made (`ok <directory>`).
 */
export function createWorktrees(
  repositoryRoot: string,
  specs: readonly WorktreeSpec[],
  /** Called as each worktree is made (or fails), before the rest of the batch is done. */
  onMade?: (directory: string, ok: boolean) => void,
): Promise<GitResult> {
  return serialized(repositoryRoot, () => {
    for (const spec of specs) mkdirSync(path.dirname(spec.directory), { recursive: true });
    return gitScript(
      repositoryRoot,
      createWorktreesScript,
      specs.flatMap((spec) => [spec.directory, spec.branch, spec.startPoint]),
      {},
      onMade &&
        ((line) => {
          if (line.startsWith('ok ')) onMade(line.slice(3), true);
          else if (line.startsWith('failed ')) onMade(line.slice(7), false);
        }),
    );
  });
}

/** One fresh worktree (see `createWorktrees`); throws when git cannot make it. */
export async function createWorktree(options: {
  repositoryRoot: string;
  directory: string;
  branch: string;
  startPoint: string;
}): Promise<void> {
  const result = await createWorktrees(options.repositoryRoot, [options]);
  if (!result.stdout.split('\n').includes(`ok ${options.directory}`))
    throw new GitError(['worktree', 'add', options.directory], result.exitCode, result.stdout, result.stderr);
}

/** Moves a clean worktree's branch and files to `commit` (a prepared worktree catching up). */
export async function resetWorktree(worktree: string, commit: string): Promise<void> {
  await git(worktree, ['reset', '--quiet', '--hard', commit]);
}

/** A fresh detached checkout of `commit` at `directory` (the plan's verification runs in one). */
export function createDetachedWorktree(options: {
  repositoryRoot: string;
  directory: string;
  commit: string;
}): Promise<void> {
  return serialized(options.repositoryRoot, async () => {
    if (existsSync(options.directory)) await removeWorktreeNow(options.repositoryRoot, options.directory);
    mkdirSync(path.dirname(options.directory), { recursive: true });
    await git(options.repositoryRoot, [
      'worktree',
      'add',
      '--quiet',
      '--force',
      '--detach',
      options.directory,
      options.commit,
    ]);
  });
}

/** Symlinks each repository-relative path from the main checkout into the worktree. */
export function linkIntoWorktree(repositoryRoot: string, worktree: string, paths: readonly string[]): void {
  for (const relative of paths) {
    const source = path.resolve(repositoryRoot, relative);
    const target = path.resolve(worktree, relative);
    if (!existsSync(source)) continue;
    if (existsSync(target) || isDanglingLink(target)) rmSync(target, { recursive: true, force: true });
    mkdirSync(path.dirname(target), { recursive: true });
    symlinkSync(source, target);
  }
}

function isDanglingLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

export interface SetupFailure {
  command: string;
  exitCode: number | null;
  output: string;
}

/** Runs `run.setup` in a new worktree; the first failure stops and is returned. */
export async function runSetupCommands(
  worktree: string,
  commands: readonly string[],
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<SetupFailure | undefined> {
  for (const command of commands) {
    const result = await runCommand(command, {
      cwd: worktree,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
    });
    if (result.exitCode !== 0)
      return { command, exitCode: result.exitCode, output: `${result.stdout}\n${result.stderr}`.trim() };
  }
  return undefined;
}

/**
 * Files changed or created in a worktree since its last commit (not ignored ones), e.g. by
 * `run.setup`: the baseline a task's own changes are told apart from.
 */
export async function uncommittedFiles(
  worktree: string,
  excluded: readonly string[] = [],
): Promise<string[]> {
  const listed = await git(
    worktree,
    statusArguments(excluded.map((relative) => `:(exclude,literal)${relative}`)),
  );
  const fields = listed.split('\0');
  const files: string[] = [];
  for (let index = 0; index < fields.length; index++) {
    const entry = fields[index]!;
    if (entry.length < 4) continue;
    files.push(entry.slice(3));
    if (entry[0] === 'R' || entry[0] === 'C') index++;
  }
  return files;
}

/**
 * How baton's own commits start in its scripts (the message follows): without the executor's
 * hooks, and without the `git maintenance run --auto` (`git gc --auto` before git 2.29) that
 * every commit otherwise starts, one more process for each of a run's commits. Only these calls
 * are told: the repository's settings stay as they are, so the user's own commits keep their
 * maintenance.
 */
export const ownCommit = 'git -c maintenance.auto=false -c gc.auto=0 commit --quiet --no-verify';

// Stage everything but the excluded paths, then commit: one process. `git commit` with
// nothing staged exits 1 and says so.
const commitAllScript = `message=$1; shift
git add --all -- "$@" || exit 3
exec ${ownCommit} -m "$message"`;

/**
 * Commits everything changed in the worktree (tracked, new and deleted files) except the
 * linked paths, whether or not the executor committed anything itself. Returns whether there
 * was anything to commit. (One process on purpose: each spawn blocks the runner's loop.)
 */
export async function commitAll(
  worktree: string,
  message: string,
  excluded: readonly string[] = [],
): Promise<boolean> {
  const pathspec = ['.', ...excluded.map((relative) => `:(exclude,literal)${relative}`)];
  const commit = await gitScript(
    worktree,
    commitAllScript,
    [message, ...pathspec],
    await identityEnvironment(worktree),
  );
  if (commit.exitCode === 0) return true;
  if (/nothing (added )?to commit|no changes added/.test(commit.stdout + commit.stderr)) return false;
  throw new GitError(['add', '--all', '&&', 'commit'], commit.exitCode, commit.stdout, commit.stderr);
}

// baton's own commits must not fail on a machine where git knows no user (a CI box); an
// identity the user configured is always kept.
// Read once per process: the worktrees of one repository share its configuration.
let identity: Promise<Array<[string, string]>> | undefined;

/** `-c user.name=…` arguments for a git call, when git knows no user. */
export async function identityArguments(cwd: string): Promise<string[]> {
  identity ??= readIdentity(cwd);
  return (await identity).flatMap(([key, value]) => ['-c', `${key}=${value}`]);
}

/** The same as `GIT_CONFIG_*` variables, for the git calls of a script. */
export async function identityEnvironment(cwd: string): Promise<Record<string, string>> {
  identity ??= readIdentity(cwd);
  const entries = await identity;
  if (entries.length === 0) return {};
  const environment: Record<string, string> = { GIT_CONFIG_COUNT: String(entries.length) };
  entries.forEach(([key, value], index) => {
    environment[`GIT_CONFIG_KEY_${index}`] = key;
    environment[`GIT_CONFIG_VALUE_${index}`] = value;
  });
  return environment;
}

async function readIdentity(cwd: string): Promise<Array<[string, string]>> {
  const result = await gitScript(cwd, 'git config user.name; echo "|"; git config user.email');
  const [name = '', email = ''] = result.stdout.split('|');
  const fallback: Array<[string, string]> = [];
  if (name.trim() === '') fallback.push(['user.name', 'baton']);
  if (email.trim() === '') fallback.push(['user.email', 'baton@localhost']);
  return fallback;
}
