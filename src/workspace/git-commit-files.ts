// The commit just made, for the pool's automatic `committed` entries (PostToolUse after a
// `git commit`, and the git post-commit hook). One git process; paths are repository-relative.
import { tryGit } from './git.ts';

export interface CommitSummary {
  hash: string;
  subject: string;
  files: string[];
}

export function lastCommit(cwd: string): CommitSummary | undefined {
  const output = tryGit(cwd, ['show', '--name-only', '-z', '--format=%H%x1f%s', 'HEAD']);
  if (output === undefined) return undefined;
  const [header = '', ...rest] = output.split('\0');
  const [hash = '', subject = ''] = header.split('\x1f');
  if (!/^[0-9a-f]{40,64}$/.test(hash)) return undefined;
  const files = rest.map((file) => file.replace(/^\n+/, '')).filter((file) => file.length > 0);
  return { hash, subject, files };
}
