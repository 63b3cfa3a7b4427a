// Git without blocking: the runner drives several worktrees at once, and a synchronous git
// call would stall every other task (and the lease heartbeat) while it runs.
import { execFile } from 'node:child_process';

export class GitError extends Error {
  readonly args: readonly string[];
  readonly exitCode: number | null;
  readonly stderr: string;
  readonly stdout: string;
  constructor(args: readonly string[], exitCode: number | null, stdout: string, stderr: string) {
    super(`git ${args.join(' ')} failed (exit ${exitCode}): ${stderr.trim() || stdout.trim()}`);
    this.name = 'GitError';
    this.args = args;
    this.exitCode = exitCode;
    this.stdout = stdout;
    this.stderr = stderr;
  }
}

export interface GitResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs git and resolves with its output whatever the exit code. */
export function gitResult(cwd: string, args: readonly string[]): Promise<GitResult> {
  return new Promise<GitResult>((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        env: {
          ...process.env,
          LC_ALL: 'C',
          GIT_TERMINAL_PROMPT: '0',
          GIT_EDITOR: 'true',
          GIT_MERGE_AUTOEDIT: 'no',
        },
      },
      (error, stdout, stderr) => {
        if (error && typeof (error as NodeJS.ErrnoException).code === 'string') {
          reject(error);
          return;
        }
        const exitCode = error ? Number((error as { code?: number }).code ?? 1) : 0;
        resolve({ exitCode, stdout, stderr });
      },
    );
  });
}

/** Runs git; rejects with a GitError naming the command when it fails. Output is right-trimmed. */
export async function git(cwd: string, args: readonly string[]): Promise<string> {
  const result = await gitResult(cwd, args);
  if (result.exitCode !== 0) throw new GitError(args, result.exitCode, result.stdout, result.stderr);
  return result.stdout.trimEnd();
}
