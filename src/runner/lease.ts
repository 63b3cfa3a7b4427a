// The runner's lease on a plan, held for the whole run: taken at the start (refused while a
// live runner holds it), renewed on a timer together with the task claims, released at the end.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { BatonError } from '../errors.ts';
import { renewClaims } from '../store/claim-leases.ts';
import { acquireRunLease, finishRunLease, type RunLease, renewRunLease } from '../store/runs.ts';
import type { Store } from '../store/store.ts';

export function newRunnerId(kind = 'runner'): string {
  return `${kind}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but is someone else's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface HeldLease {
  runnerId: string;
  /** The dead runner whose lease was taken over, if any. */
  takenOver?: RunLease;
  finish(state: string, data?: Record<string, unknown>): Promise<void>;
}

export interface LeaseOptions {
  store: Store;
  planId: string;
  heartbeatMs: number;
  claimTtlMs: number;
  /** Claim holders (one per running task) whose claims the heartbeat renews. */
  claimInstances: () => string[];
  /** Called when the lease turns out to be someone else's (it was taken over): the run must stop. */
  onLost: () => void;
  /** Who holds it; default a new runner id. */
  runnerId?: string;
}

export async function holdRunLease(options: LeaseOptions): Promise<HeldLease> {
  const runnerId = options.runnerId ?? newRunnerId();
  const result = await acquireRunLease(options.store, {
    planId: options.planId,
    runnerId,
    pid: process.pid,
    host: hostname(),
    staleAfterMs: options.heartbeatMs * 3,
    isProcessAlive: processAlive,
  });
  if (!result.acquired) {
    const holder = result.heldBy;
    const seconds = Math.round((Date.now() - holder.heartbeatAt) / 1000);
    throw new BatonError(
      'RUN_IN_PROGRESS',
      `plan "${options.planId}" is already being run by ${holder.runnerId} (pid ${holder.pid ?? '?'} on ${holder.host ?? '?'}, last heartbeat ${seconds}s ago)`,
      {
        hint: `Wait for it to finish (baton status ${options.planId}), or stop it; a dead runner's lease is taken over automatically.`,
        data: { runnerId: holder.runnerId, pid: holder.pid, host: holder.host },
      },
    );
  }
  let stopped = false;
  let beating: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    beating = beating.then(async () => {
      if (stopped) return;
      try {
        const held = await renewRunLease(options.store, options.planId, runnerId);
        if (!held) {
          options.onLost();
          return;
        }
        for (const instance of options.claimInstances())
          await renewClaims(options.store, { instance, ttlMs: options.claimTtlMs });
      } catch {
        // A missed heartbeat is retried on the next tick; three in a row lose the lease.
      }
    });
  }, options.heartbeatMs);
  timer.unref();
  return {
    runnerId,
    takenOver: result.previous && result.previous.state === 'running' ? result.previous : undefined,
    async finish(state, data = {}) {
      stopped = true;
      clearInterval(timer);
      await beating;
      await finishRunLease(options.store, options.planId, runnerId, state, data);
    },
  };
}
