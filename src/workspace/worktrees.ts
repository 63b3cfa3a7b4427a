// Task worktrees: one git worktree per task, on its own branch, outside the main checkout, so
// builders never see each other's half-done work and the user's checkout is never touched.
import { existsSync, lstatSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { GitError, git, gitResult } from './git-async.ts';
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

export async function commitOf(cwd: string, revision: string): Promise<string> {
  return git(cwd, ['rev-parse', '--verify', `${revision}^{commit}`]);
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

export async function deleteBranch(repositoryRoot: string, branch: string): Promise<void> {
  await serialized(repositoryRoot, () => gitResult(repositoryRoot, ['branch', '-D', branch]));
}

/**
 * A fresh worktree at `directory` on `branch`, which is (re)set to `startPoint`: whatever was
 * there before (an interrupted attempt) is thrown away, so a restart always starts clean.
 */
export function createWorktree(options: {
  repositoryRoot: string;
  directory: string;
  branch: string;
  startPoint: string;
}): Promise<void> {
  return serialized(options.repositoryRoot, () => createWorktreeNow(options));
}

async function createWorktreeNow(options: {
  repositoryRoot: string;
  directory: string;
  branch: string;
  startPoint: string;
}): Promise<void> {
  if (existsSync(options.directory)) await removeWorktreeNow(options.repositoryRoot, options.directory);
  mkdirSync(path.dirname(options.directory), { recursive: true });
  await git(options.repositoryRoot, [
    'worktree',
    'add',
    '--quiet',
    '--force',
    '-B',
    options.branch,
    options.directory,
    options.startPoint,
  ]);
}

/** A worktree checked out on an existing branch (the integration worktree), reused when present. */
export function ensureBranchWorktree(options: {
  repositoryRoot: string;
  directory: string;
  branch: string;
}): Promise<void> {
  return serialized(options.repositoryRoot, () => ensureBranchWorktreeNow(options));
}

async function ensureBranchWorktreeNow(options: {
  repositoryRoot: string;
  directory: string;
  branch: string;
}): Promise<void> {
  if (existsSync(path.join(options.directory, '.git'))) {
    const current = await gitResult(options.directory, ['symbolic-ref', '--short', '-q', 'HEAD']);
    if (current.exitCode === 0 && current.stdout.trim() === options.branch) return;
    await removeWorktreeNow(options.repositoryRoot, options.directory);
  } else if (existsSync(options.directory)) {
    await removeWorktreeNow(options.repositoryRoot, options.directory);
  }
  await gitResult(options.repositoryRoot, ['worktree', 'prune']);
  mkdirSync(path.dirname(options.directory), { recursive: true });
  await git(options.repositoryRoot, ['worktree', 'add', '--quiet', options.directory, options.branch]);
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
 * Commits everything changed in the worktree (tracked, new and deleted files) except the
 * linked paths, whether or not the executor committed anything itself. Returns whether there
 * was anything to commit. (Few processes on purpose: each spawn blocks the runner's loop.)
 */
export async function commitAll(
  worktree: string,
  message: string,
  excluded: readonly string[] = [],
): Promise<boolean> {
  const pathspec = ['.', ...excluded.map((relative) => `:(exclude)${relative}`)];
  await git(worktree, ['add', '--all', '--', ...pathspec]);
  const commit = await gitResult(worktree, [
    ...(await identityArguments(worktree)),
    'commit',
    '--quiet',
    '--no-verify',
    '-m',
    message,
  ]);
  if (commit.exitCode === 0) return true;
  // `git commit` with nothing staged exits 1 and says so; anything else is a real failure.
  if (/nothing (added )?to commit|no changes added/.test(commit.stdout + commit.stderr)) return false;
  throw new GitError(['commit'], commit.exitCode, commit.stdout, commit.stderr);
}

// baton's own commits must not fail on a machine where git knows no user (a CI box); an
// identity the user configured is always kept.
// Read once per process: the worktrees of one repository share its configuration.
let identity: Promise<string[]> | undefined;

export function identityArguments(cwd: string): Promise<string[]> {
  identity ??= readIdentity(cwd);
  return identity;
}

async function readIdentity(cwd: string): Promise<string[]> {
  const name = await gitResult(cwd, ['config', 'user.name']);
  const email = await gitResult(cwd, ['config', 'user.email']);
  const fallback: string[] = [];
  if (name.stdout.trim() === '') fallback.push('-c', 'user.name=baton');
  if (email.stdout.trim() === '') fallback.push('-c', 'user.email=baton@localhost');
  return fallback;
}

/** An empty commit, so a task that changed nothing still gets a merge commit of its own. */
export async function commitEmpty(worktree: string, message: string): Promise<string> {
  await git(worktree, [
    ...(await identityArguments(worktree)),
    'commit',
    '--quiet',
    '--no-verify',
    '--allow-empty',
    '-m',
    message,
  ]);
  return commitOf(worktree, 'HEAD');
}
