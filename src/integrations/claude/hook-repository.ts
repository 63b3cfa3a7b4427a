// Which repository a hook decides for. Claude Code's payload `cwd` follows the agent's `cd`, so
// it alone is not enough: an agent in /tmp (no repository) editing the project's files would get
// no decision at all. The session's project (CLAUDE_PROJECT_DIR, set by Claude Code for hooks)
// comes first, so that an agent cannot pick the rules by changing folder or by laying out a
// repository of its own; then the payload's folder; then the edited file's own repository.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { editedFilePath, type HookPayload } from '../../claude-code/hook-payload.ts';
import { findRepositoryRoot } from '../../workspace/repository.ts';

/** The nearest existing folder at or above `file` (a file being created does not exist yet). */
function existingFolder(file: string): string {
  let current = path.dirname(file);
  while (!existsSync(current)) {
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return current;
}

export function hookRepositoryRoot(
  payload: HookPayload,
  env: Readonly<Record<string, string | undefined>>,
  fallbackCwd: string,
): string | undefined {
  const cwd = payload.cwd ?? fallbackCwd;
  const edited = editedFilePath(payload);
  const starts = [
    env.CLAUDE_PROJECT_DIR || undefined,
    cwd,
    edited === undefined ? undefined : existingFolder(path.resolve(cwd, edited)),
  ];
  for (const start of starts) {
    if (start === undefined) continue;
    const root = findRepositoryRoot(start);
    if (root !== undefined) return root;
  }
  return undefined;
}

/**
 * A baton project that has lost its repository: a folder holding `.baton/config.yaml` (what
 * `baton init` writes; a stray `.baton/` alone is not enough) but no `.git`, at or
 * above the session's project or folder and below the repository git would find instead (or
 * with none found). An agent that moves `.git` aside would otherwise get no decision at all (no
 * repository, nothing to decide), or the rules of an enclosing repository, for as long as it
 * keeps it there. PreToolUse denies while it lasts (hook-entry.ts).
 */
export function batonProjectWithoutRepository(
  payload: HookPayload,
  env: Readonly<Record<string, string | undefined>>,
  fallbackCwd: string,
  repositoryRoot: string | undefined,
): string | undefined {
  for (const start of [env.CLAUDE_PROJECT_DIR || undefined, payload.cwd ?? fallbackCwd]) {
    if (start === undefined) continue;
    let current = path.resolve(start);
    for (;;) {
      if (current === repositoryRoot) break;
      if (existsSync(path.join(current, '.baton', 'config.yaml')) && !existsSync(path.join(current, '.git')))
        return current;
      const parent = path.dirname(current);
      if (parent === current) break;
      current = parent;
    }
  }
  return undefined;
}
