// Running git. Every git process baton starts goes through here (DESIGN: only src/workspace/
// spawns git), with no shell and no prompts.
import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';

// Node's default (1 MiB) is too small for `ls-files` of a big monorepo; past it git's answer
// would be an error, and a listing quietly empty.
const maximumOutputBytes = 256 * 1024 * 1024;

/** Runs git and returns its output, right-trimmed; `input`, when given, is its stdin. */
export function runGit(cwd: string, args: readonly string[], input?: string): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: maximumOutputBytes,
    ...(input === undefined
      ? { stdio: ['ignore', 'pipe', 'pipe'] }
      : { input, stdio: ['pipe', 'pipe', 'pipe'] }),
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
  }).trimEnd();
}

export function tryGit(cwd: string, args: readonly string[]): string | undefined {
  try {
    return runGit(cwd, args);
  } catch {
    return undefined;
  }
}

/** Who a person is, for approvals: git's user.name, else the login name. */
export function personName(cwd: string): string {
  return tryGit(cwd, ['config', 'user.name']) || process.env.USER || userInfo().username || 'unknown';
}

export function currentBranch(cwd: string): string | undefined {
  return tryGit(cwd, ['symbolic-ref', '--short', '-q', 'HEAD']) || undefined;
}

/**
 * `git status` arguments for every change under the current folder, each new file by name,
 * NUL-separated; `excludes` are pathspecs (`:(exclude,literal)dir`).
 */
export function statusArguments(excludes: readonly string[] = []): string[] {
  return ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', '.', ...excludes];
}
