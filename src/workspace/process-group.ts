// A child spawned `detached` leads a process group of its own; signalling the group ends
// everything it started (a test runner's workers, a `sleep` in a pipeline, an agent's tools),
// not only the child. A process that leaves the group (setsid) escapes this. Used by the
// verification commands here and by the agent processes of src/agents/backends/.

// The group is sent SIGTERM first, so test runners and agents can clean up, then SIGKILL if it
// lingers.
const killGraceMs = 2_000;

export function killProcessGroup(processId: number | undefined, signal: NodeJS.Signals): void {
  if (processId === undefined) return;
  try {
    // A negative id addresses the process group the detached child leads.
    process.kill(-processId, signal);
  } catch {
    // The group is already gone.
  }
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

/** Ends the child's group when `timeoutMs` passes or `signal` aborts, whichever comes first. */
export function endProcessGroupOnDeadline(
  child: { readonly pid?: number | undefined },
  options: { timeoutMs: number; signal?: AbortSignal | undefined },
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
  const stop = (): void => {
    killProcessGroup(child.pid, 'SIGTERM');
    escalation ??= setTimeout(() => killProcessGroup(child.pid, 'SIGKILL'), killGraceMs);
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
