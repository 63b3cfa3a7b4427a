// The places an agent's commands never write, whatever its role: git's own files (the main
// repository's .git, which holds every worktree's git directory too, and a worktree's `.git`
// file), baton's (.baton/, the store and its -wal/-shm beside it), Claude Code's settings
// (.claude/) and the MCP clients' configuration. Baton commits an executor's work itself, so an
// agent needs no write to .git: `git status` and `git diff` only read.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { isPostgresUrl } from '../../store/store-location.ts';
import { tryGit } from '../git.ts';

/** Folders and files, relative to a checkout, that are never an agent's to write. */
export const protectedEntries = [
  '.git',
  '.baton',
  '.claude',
  '.mcp.json',
  '.codex',
  '.cursor',
  '.gemini',
  '.vscode/mcp.json',
] as const;

export interface ProtectedPathsOptions {
  /** The main checkout. */
  repositoryRoot: string;
  /** Where the agent works: the repository, or a task's worktree. */
  workdir: string;
  /** The store's URL (a SQLite file path or postgres://); its file is protected too. */
  storeUrl?: string;
}

function gitDirectories(workdir: string): string[] {
  const found: string[] = [];
  for (const flag of ['--git-common-dir', '--git-dir']) {
    const answer = tryGit(workdir, ['rev-parse', '--path-format=absolute', flag]);
    if (answer) found.push(answer);
  }
  return found;
}

/** Absolute paths, without duplicates; some may not exist (yet). */
export function protectedPaths(options: ProtectedPathsOptions): string[] {
  const paths = new Set<string>();
  for (const checkout of [options.repositoryRoot, options.workdir])
    for (const entry of protectedEntries) paths.add(path.join(path.resolve(checkout), entry));
  for (const directory of gitDirectories(options.workdir)) paths.add(directory);
  if (options.storeUrl && !isPostgresUrl(options.storeUrl)) {
    const store = path.resolve(options.repositoryRoot, options.storeUrl);
    for (const suffix of ['', '-wal', '-shm', '-journal']) paths.add(store + suffix);
  }
  return [...paths];
}

/** The protected paths that exist now (bubblewrap can only mount over what exists). */
export function existingProtectedPaths(options: ProtectedPathsOptions): string[] {
  return protectedPaths(options).filter((candidate) => existsSync(candidate));
}

/**
 * Everything in `root` except the way down to `keep`: what to deny so that
 * `root` is read-only but `keep` stays writable, for a worktree configured inside the repository
 * (a deny on the whole repository would win over the worktree, deny rules being stronger).
 * `[root]` when `keep` is outside it, nothing when `keep` is `root` itself.
 */
export function everythingBut(root: string, keep: string): string[] {
  const denied: string[] = [];
  const relative = path.relative(root, keep);
  if (relative === '') return [];
  if (relative.startsWith('..') || path.isAbsolute(relative)) return [root];
  let directory = root;
  for (const segment of relative.split(path.sep)) {
    let names: string[];
    try {
      names = readdirSync(directory);
    } catch {
      return [root];
    }
    for (const name of names) if (name !== segment) denied.push(path.join(directory, name));
    directory = path.join(directory, segment);
  }
  return denied;
}
