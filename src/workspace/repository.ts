// Finding the repository a command works on. Walking up to `.git` costs no process spawn,
// which matters for the hook handlers that run on every tool call.
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { BatonError } from '../errors.ts';

/** The root of the git work tree containing `start`, or undefined outside one. */
export function findRepositoryRoot(start: string): string | undefined {
  let current = path.resolve(start);
  for (;;) {
    // `.git` is a folder in a main checkout and a file in a linked worktree.
    if (existsSync(path.join(current, '.git'))) return realpathSync(current);
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

export function requireRepositoryRoot(start: string): string {
  const root = findRepositoryRoot(start);
  if (!root) {
    throw new BatonError('NOT_A_GIT_REPO', `not inside a git repository: ${path.resolve(start)}`, {
      hint: 'Run baton inside a git repository (git init creates one).',
    });
  }
  return root;
}
