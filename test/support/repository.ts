// Real git repositories in temporary folders, removed when the test ends.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

export function makeTemporaryDirectory(t: TestContext | undefined, prefix = 'baton-test-'): string {
  const directory = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  t?.after(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

/** A new git repository with one commit on `main`. */
export function makeRepository(t: TestContext | undefined): string {
  const directory = makeTemporaryDirectory(t, 'baton-repo-');
  git(directory, 'init', '--quiet', '--initial-branch=main');
  git(directory, 'config', 'user.email', 'test@example.com');
  git(directory, 'config', 'user.name', 'baton test');
  git(directory, 'config', 'commit.gpgsign', 'false');
  git(directory, 'commit', '--quiet', '--allow-empty', '-m', 'initial');
  return directory;
}
