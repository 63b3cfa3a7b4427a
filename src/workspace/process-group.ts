// A child spawned `detached` leads a process group of its own; signalling the group ends
// everything it started (a test runner's workers, a `sleep` in a pipeline, an agent's tools),
// not only the child. Used by the verification commands here and by the agent processes of
// src/agents/backends/.
//
// A process can leave the group (`setsid`, a daemon's double fork, an agent CLI that starts its
// tools in groups of their own), but it keeps the environment it was given. So every process
// baton starts carries a tag in BATON_PROCESS_TAGS, and when a command is stopped — its time-out,
// an abort (Ctrl-C), a runner taking over a dead one's tasks — every process whose environment
// holds the tag is stopped too (read from /proc/<pid>/environ; Linux only). A command that ends
// by itself leaves such processes alone: build daemons (Gradle, Bazel, sccache) detach on
// purpose to be shared by the next build, another task's, or the user's own. Only a process that
// also empties its environment (`env -i setsid …`) is out of reach.
import { readdirSync, readFileSync } from 'node:fs';

// The group is sent SIGTERM first, so test runners and agents can clean up, then SIGKILL if it
// lingers.
const killGraceMs = 2_000;

const tagsVariable = 'BATON_PROCESS_TAGS';

/** A process baton started: its group's leader and the tag its descendants carry. */
export interface StartedProcess {
  pid: number;
  tag: string;
}

/** A tag no other process carries (no node:crypto: it costs start-up for a few random bytes). */
export function newProcessTag(): string {
  const random = () => Math.floor(Math.random() * 0x100000000).toString(36);
  return `bt${process.pid.toString(36)}x${Date.now().toString(36)}x${random()}${random()}`;
}

/**
 * The environment with `tag` added to BATON_PROCESS_TAGS (tags of enclosing baton commands are
 * kept, so an outer baton still reaches what an inner one started).
 */
export function taggedEnvironment<Environment extends Record<string, string | undefined>>(
  env: Environment,
  tag: string,
): Environment {
  const outer = env[tagsVariable];
  return { ...env, [tagsVariable]: outer ? `${outer},${tag}` : tag };
}

function carriesTag(processId: number, needles: readonly Buffer[]): boolean {
  try {
    const environment = readFileSync(`/proc/${processId}/environ`);
    return needles.some((needle) => environment.includes(needle));
  } catch {
    return false; // Gone already, or another user's.
  }
}

function processGroupOf(processId: number): number | undefined {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid pgrp …"; comm may hold spaces and parentheses.
    const stat = readFileSync(`/proc/${processId}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  } catch {
    return undefined;
  }
}

/**
 * Sends `signal` to every process whose environment holds `tag`, except the members of
 * `skipGroup` (already signalled through their group) and those in `signalled`, which it adds
 * to. Each environment is read right before its process is signalled. How many it reached.
 */
export function signalTaggedProcesses(
  tag: string,
  signal: NodeJS.Signals,
  options: { skipGroup?: number; signalled?: Set<number> } = {},
): number {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return 0;
  }
  const needles = [Buffer.from(tag)];
  const signalled = options.signalled ?? new Set<number>();
  let reached = 0;
  for (const entry of entries) {
    const processId = Number(entry);
    if (!Number.isInteger(processId) || processId === process.pid || signalled.has(processId)) continue;
    if (!carriesTag(processId, needles)) continue;
    if (options.skipGroup !== undefined && processGroupOf(processId) === options.skipGroup) continue;
    try {
      process.kill(processId, signal);
      signalled.add(processId);
      reached++;
    } catch {
      // Ended meanwhile.
    }
  }
  return reached;
}

export function killProcessGroup(processId: number | undefined, signal: NodeJS.Signals): void {
  if (processId === undefined) return;
  try {
    // A negative id addresses the process group the detached child leads.
    process.kill(-processId, signal);
  } catch {
    // The group is already gone.
  }
}

/**
 * Stops a command: its group, and every process that left the group but carries its tag —
 * each signalled once (a second signal makes some tools skip their clean-up).
 */
export function killProcessTree(started: Partial<StartedProcess>, signal: NodeJS.Signals): void {
  killProcessGroup(started.pid, signal);
  if (started.tag === undefined) return;
  const signalled = new Set<number>();
  const options = { skipGroup: started.pid, signalled };
  // A second pass reaches what a tagged process started while the first one ran.
  if (signalTaggedProcesses(started.tag, signal, options) > 0)
    signalTaggedProcesses(started.tag, signal, options);
}

/**
 * Stops what a dead runner recorded: by its tag; its group only while the recorded pid still
 * carries the tag (after a reboot the pid may lead somebody else's group now).
 */
export function killRecordedProcess(recorded: StartedProcess | { pid: number; tag?: undefined }): void {
  if (recorded.tag === undefined) {
    killProcessGroup(recorded.pid, 'SIGKILL');
    return;
  }
  if (carriesTag(recorded.pid, [Buffer.from(recorded.tag)])) killProcessGroup(recorded.pid, 'SIGKILL');
  killProcessTree({ tag: recorded.tag }, 'SIGKILL');
}

/** How a process led its own group to the end, and what it printed. */
export interface ProcessGroupResult {
  /** Null when the process was ended by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Ended because the caller's signal aborted. */
  aborted: boolean;
}

export interface ProcessGroupDeadline {
  /** Ended because the time ran out. */
  readonly timedOut: boolean;
  /** Ended because the caller's signal aborted. */
  readonly aborted: boolean;
  /** Clears the timers and the abort listener, once the child has ended. */
  release(): void;
}

/**
 * Ends the child's group (and its tag) when `timeoutMs` passes or `signal` aborts, whichever
 * comes first. A child the spawner starts (group-process.ts) has no pid until it is started: it
 * gets the signals sent before then as soon as it has one, and if it still has none when the
 * SIGKILL is due, the caller stops waiting for it (`abandon`).
 */
export function endProcessGroupOnDeadline(
  child: {
    readonly pid?: number | undefined;
    once(event: 'spawn', listener: () => void): unknown;
    abandon?(): void;
  },
  options: { timeoutMs: number; signal?: AbortSignal | undefined; tag?: string },
): ProcessGroupDeadline {
  let escalation: NodeJS.Timeout | undefined;
  const deadline = {
    timedOut: false,
    aborted: false,
    release(): void {
      clearTimeout(timer);
      clearTimeout(escalation);
      options.signal?.removeEventListener('abort', onAbort);
    },
  };
  let sent: NodeJS.Signals | undefined;
  const send = (signal: NodeJS.Signals): void => {
    sent = signal;
    killProcessTree({ pid: child.pid, tag: options.tag }, signal);
  };
  const stop = (): void => {
    if (child.pid === undefined && sent === undefined)
      child.once('spawn', () => killProcessTree({ pid: child.pid, tag: options.tag }, sent ?? 'SIGKILL'));
    send('SIGTERM');
    escalation ??= setTimeout(() => {
      send('SIGKILL');
      if (child.pid === undefined) child.abandon?.();
    }, killGraceMs);
  };
  const timer = setTimeout(() => {
    deadline.timedOut = true;
    stop();
  }, options.timeoutMs);
  const onAbort = (): void => {
    deadline.aborted = true;
    stop();
  };
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  return deadline;
}
