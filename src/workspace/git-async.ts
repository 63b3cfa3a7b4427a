// Git without blocking: the runner drives several worktrees at once, and a synchronous git
// call would stall every other task (and the lease heartbeat) while it runs. Even an
// asynchronous spawn blocks the runner's thread until the child has started (about 3 ms idle,
// 10 ms and more on a busy 2-core machine, growing with the runner's memory), so steps made of
// several git calls run as one small `sh` script (`gitScript`): one spawn from the runner, the
// rest forked by the shell. During `baton run` the processes are started by the shell workers
// (shell-workers.ts, `sh` processes that fork for far less than Node does) or, for what they
// cannot carry, the git spawner (git-spawner.ts): the runner's thread does not wait at all.
import { execFile } from 'node:child_process';
import { environmentWith, startThroughSpawner } from './git-spawner.ts';
import type { ProcessRequest } from './process-request.ts';

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
  return spawnResult('git', args, cwd);
}

/**
 * Runs a POSIX shell script whose commands are git calls; `args` are its positional
 * parameters ($1, $2, …), so nothing is ever quoted into the script text. Resolves with the
 * script's exit code and output.
 */
export function gitScript(
  cwd: string,
  script: string,
  args: readonly string[] = [],
  /** Changes to the runner's environment for this script: an undefined value removes a variable. */
  env: Readonly<Record<string, string | undefined>> = {},
  /** Called with each line of output as it comes (the result still has all of it). */
  onLine?: (line: string) => void,
): Promise<GitResult> {
  return spawnResult('sh', ['-c', script, 'baton-git', ...args], cwd, env, onLine);
}

/**
 * What every git call changes in the runner's environment: output in the untranslated form
 * baton parses, and never a prompt or an editor waiting for a person.
 */
const gitEnvironment: Readonly<Record<string, string>> = {
  LC_ALL: 'C',
  GIT_TERMINAL_PROMPT: '0',
  GIT_EDITOR: 'true',
  GIT_MERGE_AUTOEDIT: 'no',
};

function spawnResult(
  file: string,
  args: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string | undefined>> = {},
  onLine?: (line: string) => void,
): Promise<GitResult> {
  const changes: Record<string, string | null> = { ...gitEnvironment };
  for (const [name, value] of Object.entries(env)) changes[name] = value ?? null;
  const request: ProcessRequest = { file, args, cwd, env: changes, maxBuffer: 64 * 1024 * 1024 };
  let partial = '';
  const onChunk =
    onLine &&
    ((chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    });
  return startThroughSpawner(request, onChunk, () => spawnDirectly(request, onChunk));
}

function spawnDirectly(request: ProcessRequest, onChunk?: (chunk: string) => void): Promise<GitResult> {
  return new Promise<GitResult>((resolve, reject) => {
    const child = execFile(
      request.file,
      request.args,
      {
        cwd: request.cwd,
        encoding: 'utf8',
        maxBuffer: request.maxBuffer,
        env: environmentWith(process.env, request.env),
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
    if (onChunk) child.stdout?.on('data', onChunk);
  });
}

/** Runs git; rejects with a GitError naming the command when it fails. Output is right-trimmed. */
export async function git(cwd: string, args: readonly string[]): Promise<string> {
  const result = await gitResult(cwd, args);
  if (result.exitCode !== 0) throw new GitError(args, result.exitCode, result.stdout, result.stderr);
  return result.stdout.trimEnd();
}
