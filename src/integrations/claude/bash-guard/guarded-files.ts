// Which files a Bash command must leave as they are: those another instance holds exclusively
// (a claim is a path, a folder or a glob: expanded to the files there now), and the few files
// that switch enforcement off when changed (baton's config, Claude Code's settings — the
// project's and the user's —, the agent clients' MCP config, .git/config and baton's git hook). A parser cannot tell what a shell command writes, so the guard compares
// these files before and after the command instead (bash-guard.ts).
import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Claim } from '../../../core/claims/claim.ts';
import { batonConfigFile, claudeSettingsFiles, mcpConfigFiles } from '../../../core/paths/control-files.ts';
import { isGlob, literalPrefix, pathMatchesGlob } from '../../../core/paths/glob.ts';
import { gitCommonDirectory } from '../../../workspace/git-common-directory.ts';

/** Past these, baton cannot keep a copy of everything held: the command is denied. */
export const guardLimits = { files: 500, bytes: 32 * 1024 * 1024 };

export interface GuardedPath {
  /** Repository-relative and `/`-separated, or absolute for a file outside the work tree. */
  path: string;
  /** The instance holding it, or undefined for a configuration file no agent may change. */
  holder: string | undefined;
  /** The claim's pattern, for the message. */
  pattern: string | undefined;
}

/**
 * Files in the work tree whose change would switch enforcement off; guarded whether they exist
 * or not. The agent clients' MCP config: a client that loses baton's MCP server loses its tools.
 * Files, not folders (core/paths/control-files.ts): each is copied and compared around a command.
 */
export const enforcementFiles: readonly string[] = [
  batonConfigFile,
  ...claudeSettingsFiles,
  ...mcpConfigFiles,
];

/** Folders never walked for a glob claim: they are not anyone's work and may be huge. */
const skippedFolders = new Set(['.git', 'node_modules', '.baton']);

function walk(root: string, folder: string, found: string[], limit: number): void {
  let entries: string[];
  try {
    entries = readdirSync(path.join(root, folder));
  } catch {
    return;
  }
  for (const name of entries) {
    if (found.length > limit) return;
    const relative = folder === '' ? name : `${folder}/${name}`;
    let stats: ReturnType<typeof lstatSync>;
    try {
      stats = lstatSync(path.join(root, relative));
    } catch {
      continue;
    }
    if (stats.isDirectory()) {
      if (!skippedFolders.has(name)) walk(root, relative, found, limit);
    } else {
      found.push(relative);
    }
  }
}

/** The files a claim covers now; a plain path that does not exist is guarded as absent. */
function filesOfClaim(root: string, pattern: string, limit: number): string[] {
  if (!isGlob(pattern)) {
    const absolute = path.join(root, pattern);
    let isFolder = false;
    try {
      isFolder = lstatSync(absolute).isDirectory();
    } catch {
      // Not there: guarded as absent, so that creating it is seen too.
    }
    if (!isFolder) return [pattern];
    const found: string[] = [];
    walk(root, pattern, found, limit);
    return found;
  }
  const found: string[] = [];
  walk(root, literalPrefix(pattern), found, limit);
  return found.filter((file) => pathMatchesGlob(file, pattern));
}

/** A folder or glob claim: a file that appears under it during the command is someone's too. */
export interface GuardedPattern {
  pattern: string;
  holder: string;
}

export type GuardSelection =
  | { kind: 'paths'; paths: GuardedPath[]; patterns: GuardedPattern[] }
  | { kind: 'too-many'; reason: string };

/** The files under a folder or glob claim now (a plain file claim has no listing). */
export function filesUnderPattern(repositoryRoot: string, pattern: string): string[] | undefined {
  if (!isGlob(pattern)) {
    try {
      if (!lstatSync(path.join(repositoryRoot, pattern)).isDirectory()) return undefined;
    } catch {
      return undefined;
    }
  }
  return filesOfClaim(repositoryRoot, pattern, guardLimits.files);
}

/** `outside`: absolute enforcement files beyond the work tree (enforcementFilesOutside). */
export function guardedPaths(
  repositoryRoot: string,
  claims: readonly Claim[],
  outside: readonly string[],
): GuardSelection {
  const byPath = new Map<string, GuardedPath>();
  for (const file of [...enforcementFiles, ...outside])
    byPath.set(file, { path: file, holder: undefined, pattern: undefined });
  const patterns: GuardedPattern[] = [];
  for (const claim of claims) {
    if (filesUnderPattern(repositoryRoot, claim.pattern) !== undefined || isGlob(claim.pattern)) {
      patterns.push({ pattern: claim.pattern, holder: claim.instance });
    }
    for (const file of filesOfClaim(repositoryRoot, claim.pattern, guardLimits.files)) {
      if (!byPath.has(file)) byPath.set(file, { path: file, holder: claim.instance, pattern: claim.pattern });
      if (byPath.size > guardLimits.files + enforcementFiles.length + outside.length) {
        return {
          kind: 'too-many',
          reason: `instance ${claim.instance}'s claim on ${claim.pattern} covers more than ${guardLimits.files} files, too many for baton to keep a copy of around a Bash command`,
        };
      }
    }
  }
  return { kind: 'paths', paths: [...byPath.values()], patterns };
}

/**
 * The enforcement files outside the work tree, absolute: the repository's shared git config
 * (core.hooksPath, aliases) and baton's post-commit hook (a linked worktree's lie outside it),
 * and the user's Claude Code settings (`disableAllHooks`, or hooks taken out, reach every
 * session of this user).
 */
export function enforcementFilesOutside(repositoryRoot: string, home: string | undefined): string[] {
  const files: string[] = [];
  const common = gitCommonDirectory(repositoryRoot);
  if (common !== undefined)
    files.push(path.join(common, 'config'), path.join(common, 'hooks', 'post-commit'));
  if (home) files.push(path.join(home, '.claude', 'settings.json'));
  return files;
}
