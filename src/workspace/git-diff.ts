// The change a reviewer judges: the working tree (committed, staged, unstaged and new files)
// against where the work started. baton's own state under .baton/ (plans, feedback, hand-offs,
// the store) is left out: it is not the task's change.
import { execFileSync } from 'node:child_process';
import { BatonError } from '../errors.ts';
import { runGit, statusArguments, tryGit } from './git.ts';

const batonStateExclude = ':(exclude).baton';

/** Repository-relative paths changed in the working tree, new files included, `.baton/` excluded. */
export function changedFiles(cwd: string, options: { base?: string } = {}): string[] {
  const files = new Set<string>();
  const status = tryGit(cwd, statusArguments([batonStateExclude]));
  if (status !== undefined) {
    const fields = status.split('\0');
    for (let index = 0; index < fields.length; index++) {
      const entry = fields[index]!;
      if (entry.length < 4) continue;
      files.add(entry.slice(3));
      // A rename or copy is followed by its source path.
      if (entry[0] === 'R' || entry[0] === 'C') index++;
    }
  }
  if (options.base !== undefined) {
    const start = mergeBase(cwd, options.base);
    const committed = tryGit(cwd, ['diff', '--name-only', '-z', start, 'HEAD', '--', '.', batonStateExclude]);
    for (const file of committed?.split('\0') ?? []) if (file !== '') files.add(file);
  }
  return [...files].sort();
}

/** Where HEAD left `base` (the merge base); `base` itself when git cannot say. */
export function mergeBase(cwd: string, base: string): string {
  if (tryGit(cwd, ['rev-parse', '--verify', '--quiet', `${base}^{commit}`]) === undefined) {
    throw new BatonError('USAGE', `--base ${base}: no such commit or branch in ${cwd}`, {
      hint: 'Name a branch, tag or commit that exists, e.g. --base main.',
    });
  }
  return tryGit(cwd, ['merge-base', base, 'HEAD']) ?? base;
}

function untrackedFiles(cwd: string): string[] {
  const listed = tryGit(cwd, [
    'ls-files',
    '--others',
    '--exclude-standard',
    '-z',
    '--',
    '.',
    batonStateExclude,
  ]);
  return (listed ?? '').split('\0').filter((file) => file !== '');
}

function newFileDiff(cwd: string, file: string): string {
  try {
    // --no-index exits 1 when the files differ, which they always do here.
    return execFileSync('git', ['diff', '--no-index', '--', '/dev/null', file], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const stdout = (error as { stdout?: unknown }).stdout;
    return typeof stdout === 'string' ? stdout : '';
  }
}

export interface WorkingDiffOptions {
  /** Compare against the merge base with this ref; default HEAD (uncommitted work only). */
  base?: string;
  /** Characters kept; the rest is cut with a note. Default 400 000. */
  maxCharacters?: number;
}

/** A unified diff of everything changed since `base` (new files included), `.baton/` excluded. */
export function workingTreeDiff(cwd: string, options: WorkingDiffOptions = {}): string {
  const start = options.base === undefined ? 'HEAD' : mergeBase(cwd, options.base);
  const hasHead = tryGit(cwd, ['rev-parse', '--verify', '--quiet', 'HEAD']) !== undefined;
  const tracked = hasHead
    ? runGit(cwd, ['diff', '--no-color', '--no-ext-diff', start, '--', '.', batonStateExclude])
    : '';
  const parts = [tracked, ...untrackedFiles(cwd).map((file) => newFileDiff(cwd, file).trimEnd())].filter(
    (part) => part.trim() !== '',
  );
  const diff = parts.length === 0 ? '' : `${parts.join('\n')}\n`;
  const cap = options.maxCharacters ?? 400_000;
  return diff.length > cap ? `${diff.slice(0, cap)}\n[… diff cut after ${cap} characters …]\n` : diff;
}

/** Files git knows in the directory (tracked and new, not ignored), for expanding globs. */
export function listRepositoryFiles(cwd: string): string[] {
  const listed = tryGit(cwd, ['ls-files', '--cached', '--others', '--exclude-standard', '-z']);
  return [...new Set((listed ?? '').split('\0').filter((file) => file !== ''))].sort();
}
