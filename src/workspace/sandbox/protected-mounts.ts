// The places an agent's commands never write, whatever its role: git's own files (the main
// repository's .git, which holds every worktree's git directory too, and a worktree's `.git`
// file), baton's (.baton/, the store and its -wal/-shm beside it), Claude Code's settings
// (.claude/) and the MCP clients' configuration. Baton commits an executor's work itself, so an
// agent needs no write to .git: `git status` and `git diff` only read.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import {
  agentClientFolders,
  batonFolder,
  claudeFolder,
  gitFolder,
  looseMcpConfigFiles,
} from '../../core/paths/control-files.ts';
import { isPostgresUrl } from '../../store/store-location.ts';
import { tryGit } from '../git.ts';

/**
 * Folders and files, relative to a checkout, that are never an agent's to write: the names of
 * core/paths/control-files.ts. Deliberately wider than the edit gate (core/paths/protected-paths.ts,
 * which protects only Claude Code's settings files in `.claude/`): a confined command is held by
 * paths (bubblewrap's read-only mounts, Claude Code's Bash sandbox `denyWrite`), not by rules
 * checked at each write, so `.claude/` is protected whole. A settings file that does not exist yet
 * cannot be mounted read-only, and a writable `.claude/` could be renamed away and made again with
 * new settings in it; the edit tools, checked path by path, may still change the rest of `.claude/`.
 */
export const protectedEntries: readonly string[] = [
  gitFolder,
  batonFolder,
  claudeFolder,
  ...agentClientFolders,
  ...looseMcpConfigFiles,
];

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
