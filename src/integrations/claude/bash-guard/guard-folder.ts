// Where the Bash guard keeps its copies, and whether a session has any open: the one question
// every edit's PreToolUse asks of the guard (a command sent to the background may have changed a
// guarded file since). Kept apart from snapshots.ts so that asking it loads nothing else: an edit
// in a session with no copies open never loads the guard, nor node:crypto.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { gitCommonDirectory } from '../../../workspace/git-common-directory.ts';

/** Where the guard keeps its copies; the repository's own folder when git's cannot be found. */
export function guardFolder(repositoryRoot: string): string {
  return path.join(
    gitCommonDirectory(repositoryRoot) ?? path.join(repositoryRoot, '.baton'),
    'baton',
    'guard',
  );
}

export function sessionFolder(repositoryRoot: string, sessionId: string | undefined): string {
  const key = (sessionId ?? 'no-session').replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80) || 'no-session';
  return path.join(guardFolder(repositoryRoot), 'sessions', key);
}

/**
 * Whether the session's folder holds any snapshot (open, or being written by a concurrent hook):
 * when it holds none there is nothing to compare.
 */
export function hasSnapshots(repositoryRoot: string, sessionId: string | undefined): boolean {
  try {
    return readdirSync(sessionFolder(repositoryRoot, sessionId)).length > 0;
  } catch {
    return false;
  }
}
