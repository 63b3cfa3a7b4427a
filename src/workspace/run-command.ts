// Running a shell command for an agent or for verification (DESIGN: only src/workspace/ spawns
// verification commands). The command runs under `bash -c` in a process group of its own, so a
// time-out or an abort kills everything it started (a test runner's workers, a `sleep` in a
// pipeline), not only the shell; whatever is still running in the group when the shell ends is
// killed too. At a time-out or an abort, so is any process that left the group (setsid) but
// carries the command's tag (see process-group.ts). Output is kept within a cap: the head and the tail of each stream,
// because the start says what ran and the end says how it failed. During `baton run` the spawner
// starts it (group-process.ts).
import { startGroupProcess } from './group-process.ts';
import {
  endProcessGroupOnDeadline,
  killProcessGroup,
  newProcessTag,
  type ProcessGroupResult,
  taggedEnvironment,
} from './process-group.ts';

export interface RunCommandOptions {
  cwd: string;
  /** Killed (the whole process group) after this long. Default 120 000 ms. */
  timeoutMs?: number;
  /** Bytes kept per stream (stdout and stderr each); the middle is dropped. Default 64 KiB. */
  outputCapBytes?: number;
  /** The complete environment of the command. Default: this process's environment. */
  env?: Record<string, string | undefined>;
  /** Aborting kills the process group, as a time-out does. */
  signal?: AbortSignal;
}

export interface CommandResult extends ProcessGroupResult {
  /** Some output was dropped to keep within the cap. */
  truncated: boolean;
  durationMs: number;
}

export const defaultCommandTimeoutMs = 120_000;
export const defaultOutputCapBytes = 64 * 1024;

// After the shell exits, a background child may still hold the pipes open (`server &`); we
// stop waiting for them after this long instead of hanging until that child ends.
const pipeDrainMs = 500;

/** Keeps the first and the last `capBytes / 2` bytes of a stream. */
class CappedOutput {
  readonly capBytes: number;
  private head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private droppedBytes = 0;

  constructor(capBytes: number) {
    this.capBytes = Math.max(0, Math.floor(capBytes));
  }

  get truncated(): boolean {
    return this.droppedBytes > 0;
  }

  push(chunk: Buffer): void {
    const headCap = Math.ceil(this.capBytes / 2);
    let rest = chunk;
    if (this.headBytes < headCap) {
      const taken = rest.subarray(0, headCap - this.headBytes);
      this.head.push(taken);
      this.headBytes += taken.length;
      rest = rest.subarray(taken.length);
    }
    if (rest.length === 0) return;
    this.tail.push(rest);
    this.tailBytes += rest.length;
    const tailCap = this.capBytes - headCap;
    // Drop whole chunks from the front of the tail, then trim the first one.
    while (this.tailBytes > tailCap && this.tail.length > 0) {
      const first = this.tail[0]!;
      const excess = this.tailBytes - tailCap;
      if (first.length <= excess) {
        this.tail.shift();
        this.tailBytes -= first.length;
        this.droppedBytes += first.length;
      } else {
        this.tail[0] = first.subarray(excess);
        this.tailBytes -= excess;
        this.droppedBytes += excess;
      }
    }
  }

  text(): string {
    const head = Buffer.concat(this.head).toString('utf8');
    const tail = Buffer.concat(this.tail).toString('utf8');
    if (this.droppedBytes === 0) return head + tail;
    return `${head}\n[… ${this.droppedBytes} bytes of output omitted …]\n${tail}`;
  }
}

export function runCommand(command: string, options: RunCommandOptions): Promise<CommandResult> {
  const timeoutMs = options.timeoutMs ?? defaultCommandTimeoutMs;
  const capBytes = options.outputCapBytes ?? defaultOutputCapBytes;
  const started = performance.now();

  return new Promise((resolve, reject) => {
    const tag = newProcessTag();
    const child = startGroupProcess({
      file: 'bash',
      args: ['-c', command],
      cwd: options.cwd,
      env: taggedEnvironment(options.env ?? process.env, tag),
      tag,
    });
    const stdout = new CappedOutput(capBytes);
    const stderr = new CappedOutput(capBytes);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));

    const deadline = endProcessGroupOnDeadline(child, { timeoutMs, signal: options.signal, tag });
    let exitCode: number | null = null;
    let exitSignal: NodeJS.Signals | null = null;
    let settled = false;
    let drain: NodeJS.Timeout | undefined;

    const finish = (): void => {
      if (settled) return;
      settled = true;
      deadline.release();
      clearTimeout(drain);
      // Whatever the shell left running in its group (a server started with `&`) goes with
      // it; what detached on purpose (a build daemon) stays, see process-group.ts.
      killProcessGroup(child.pid, 'SIGKILL');
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({
        exitCode,
        signal: exitSignal,
        stdout: stdout.text(),
        stderr: stderr.text(),
        timedOut: deadline.timedOut,
        aborted: deadline.aborted,
        truncated: stdout.truncated || stderr.truncated,
        durationMs: Math.round(performance.now() - started),
      });
    };

    child.on('error', (error) => {
      if (settled) return;
      settled = true;
      deadline.release();
      reject(error);
    });
    child.on('exit', (code, signal) => {
      exitCode = code;
      exitSignal = signal;
      drain = setTimeout(finish, pipeDrainMs);
    });
    child.on('close', finish);
  });
}
