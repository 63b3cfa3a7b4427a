// Running an agent CLI or a command backend: in a process group of its own, tagged (so an abort
// or a time-out ends everything it started, even what left the group; see process-group.ts), with the prompt or request on stdin, its stdout read
// line by line as it comes (stream-json, JSONL), and both streams kept within a cap. During
// `baton run` the spawner starts it (group-process.ts).
import { startGroupProcess, whenStarted } from '../../workspace/group-process.ts';
import {
  endProcessGroupOnDeadline,
  killProcessGroup,
  killProcessTree,
  newProcessTag,
  type ProcessGroupResult,
  type StartedProcess,
  taggedEnvironment,
} from '../../workspace/process-group.ts';

export interface AgentProcessOptions {
  /** The executable, or with `shell`, a bash command line. */
  command: string;
  args?: readonly string[];
  /** Run `command` with bash -c. */
  shell?: boolean;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Written to stdin, which is then closed; without it stdin is empty. */
  input?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** The child (the leader of its process group) and its tag, once it is started. */
  onSpawn?: (started: StartedProcess) => void;
  /** Each complete stdout line, as it arrives. */
  onLine?: (line: string) => void;
  /** Characters of each stream kept (the end). Default 4 MiB for stdout, 256 KiB for stderr. */
  stdoutCap?: number;
  stderrCap?: number;
}

export type AgentProcessResult = ProcessGroupResult;

function keepEnd(text: string, cap: number): string {
  return text.length > cap ? text.slice(text.length - cap) : text;
}

export function runAgentProcess(options: AgentProcessOptions): Promise<AgentProcessResult> {
  const stdoutCap = options.stdoutCap ?? 4 * 1024 * 1024;
  const stderrCap = options.stderrCap ?? 256 * 1024;
  return new Promise((resolve, reject) => {
    const [file, args] = options.shell
      ? ['bash', ['-c', options.command, ...(options.args ?? [])]]
      : [options.command, [...(options.args ?? [])]];
    const tag = newProcessTag();
    const child = startGroupProcess({
      file,
      args,
      cwd: options.cwd,
      env: taggedEnvironment(
        Object.fromEntries(
          Object.entries(options.env).filter(([, value]) => value !== undefined),
        ) as NodeJS.ProcessEnv,
        tag,
      ),
      tag,
      input: options.input ?? '',
    });
    whenStarted(child, (pid) => options.onSpawn?.({ pid, tag }));
    let stdout = '';
    let stderr = '';
    let pending = '';
    let settled = false;

    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout = keepEnd(stdout + chunk, stdoutCap);
      if (!options.onLine) return;
      pending += chunk;
      let newline = pending.indexOf('\n');
      while (newline !== -1) {
        options.onLine(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
      }
    });
    child.stderr.on('data', (chunk: string) => {
      stderr = keepEnd(stderr + chunk, stderrCap);
    });

    const deadline = endProcessGroupOnDeadline(child, { ...options, tag });
    child.on('error', (error) => {
      if (settled) return;
      settled = true;
      deadline.release();
      reject(error);
    });
    // A background child still holding the pipes (`server &`, or one that left the group with
    // `setsid`) would keep 'close' from coming: a moment after the agent exits, what it left
    // goes (its group, and what carries its tag), and the answer comes without the pipes.
    let drain: NodeJS.Timeout | undefined;
    child.on('exit', (exitCode, signal) => {
      drain = setTimeout(() => {
        if (settled) return;
        killProcessTree({ pid: child.pid, tag }, 'SIGKILL');
        child.stdout.destroy();
        child.stderr.destroy();
        answer(exitCode, signal);
      }, 500);
    });
    const answer = (exitCode: number | null, signal: NodeJS.Signals | null): void => {
      clearTimeout(drain);
      if (settled) return;
      settled = true;
      deadline.release();
      if (options.onLine && pending.trim() !== '') options.onLine(pending);
      // What the agent left in its group goes with its answer.
      killProcessGroup(child.pid, 'SIGKILL');
      const { timedOut, aborted } = deadline;
      resolve({ exitCode, signal, stdout, stderr, timedOut, aborted });
    };
    child.on('close', answer);
  });
}

/** The last lines of an output, for an error or a failed outcome. */
export function tail(text: string, lines = 30, characters = 4000): string {
  const kept = text.trimEnd().split('\n').slice(-lines).join('\n');
  return kept.length > characters ? `…${kept.slice(-characters)}` : kept;
}
