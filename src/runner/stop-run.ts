// Stopping a run cleanly from outside it: the runner on this machine gets SIGTERM, which
// `baton run` takes like Ctrl-C (tasks in flight are stopped, nothing half-merged; run it again
// to resume). A runner on another host, or none alive, is said and left alone.
import { hostname } from 'node:os';
import { BatonError } from '../errors.ts';
import { getRunLease, leaseIsLive } from '../store/runs.ts';
import type { Store } from '../store/store.ts';
import { processAlive } from './lease.ts';

export async function stopRun(
  store: Store,
  planId: string,
  heartbeatMs: number,
): Promise<{ runnerId: string; pid: number }> {
  const lease = await getRunLease(store, planId);
  const live =
    lease !== undefined &&
    leaseIsLive(lease, {
      now: Date.now(),
      host: hostname(),
      staleAfterMs: heartbeatMs * 3,
      isProcessAlive: processAlive,
    });
  if (!lease || !live)
    throw new BatonError('RUN_NOT_RUNNING', `plan "${planId}" has no run in progress`, {
      hint: `baton status ${planId} shows its last run.`,
    });
  if (lease.host !== hostname() || lease.pid === null)
    throw new BatonError('RUN_IN_PROGRESS', `plan "${planId}" is being run on ${lease.host}, not here`, {
      hint: `Stop it there (Ctrl-C in its terminal, or kill -TERM ${lease.pid} on ${lease.host}).`,
    });
  process.kill(lease.pid, 'SIGTERM');
  return { runnerId: lease.runnerId, pid: lease.pid };
}
