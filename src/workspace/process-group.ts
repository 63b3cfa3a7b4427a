// A child spawned `detached` leads a process group of its own; signalling the group ends
// everything it started (a test runner's workers, a `sleep` in a pipeline, an agent's tools),
// not only the child. Used by the verification commands here and by the agent processes of
// src/agents/backends/.
//
// A process can leave the group (`setsid`, a daemon's double fork, an agent CLI that starts its
// tools in groups of their own), but it keeps the environment it was given. So every process
// baton starts carries a tag in BATON_PROCESS_TAGS, and ending a group also ends every process
// whose environment holds the tag (read from /proc/<pid>/environ; Linux only). Only a process
// that also empties its environment (`env -i setsid …`) is out of reach.
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

/** The ids of the processes whose environment holds one of `tags` (never this process). */
function taggedProcessIds(tags: readonly string[]): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const needles = tags.map((tag) => Buffer.from(tag));
  const found: number[] = [];
  for (const entry of entries) {
    const processId = Number(entry);
    if (!Number.isInteger(processId) || processId === process.pid) continue;
    let environment: Buffer;
    try {
      environment = readFileSync(`/proc/${entry}/environ`);
    } catch {
      continue; // Gone already, or another user's.
    }
    if (needles.some((needle) => environment.includes(needle))) found.push(processId);
  }
  return found;
}

function signalEach(processIds: readonly number[], signal: NodeJS.Signals): number {
  let reached = 0;
  for (const processId of processIds) {
    try {
      process.kill(processId, signal);
      reached++;
    } catch {
      // Ended meanwhile.
    }
  }
  return reached;
}

/** Sends `signal` to every process whose environment holds one of `tags`; how many it reached. */
export function signalTaggedProcesses(tags: readonly string[], signal: NodeJS.Signals): number {
  return signalEach(taggedProcessIds(tags), signal);
}

// Tags of commands that ended normally, waiting for one sweep of /proc. A pass reads every
// process's environment (a few ms); when several tasks finish at once they share one.
const tagsToSweep = new Set<string>();

/** Soon, off the caller's path: SIGKILL to whatever still carries `tag` (what a command left). */
function sweepTaggedProcesses(tag: string): void {
  if (tagsToSweep.size === 0) {
    setImmediate(() => {
      const tags = [...tagsToSweep];
      tagsToSweep.clear();
      if (signalTaggedProcesses(tags, 'SIGKILL') > 0) signalTaggedProcesses(tags, 'SIGKILL');
    });
  }
  tagsToSweep.add(tag);
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

/** Ends the group and, at once, every process that left it but carries its tag. */
export function killProcessTree(started: Partial<StartedProcess>, signal: NodeJS.Signals): void {
  killProcessGroup(started.pid, signal);
  if (started.tag === undefined) return;
  // A second pass reaches what a tagged process started while the first one ran.
  if (signalTaggedProcesses([started.tag], signal) > 0) signalTaggedProcesses([started.tag], signal);
}

/**
 * After a command or agent ended by itself: SIGKILL to what is left in its group now, and to
 * what left the group but carries its tag in a sweep shared with other commands ending now.
 */
export function endLeftovers(started: Partial<StartedProcess>): void {
  killProcessGroup(started.pid, 'SIGKILL');
  if (started.tag !== undefined) sweepTaggedProcesses(started.tag);
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

/** Ends the child's group (and its tag) when `timeoutMs` passes or `signal` aborts, whichever comes first. */
export function endProcessGroupOnDeadline(
  child: { readonly pid?: number | undefined },
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
  const tree = { pid: child.pid, tag: options.tag };
  const stop = (): void => {
    killProcessTree(tree, 'SIGTERM');
    escalation ??= setTimeout(() => killProcessTree(tree, 'SIGKILL'), killGraceMs);
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
