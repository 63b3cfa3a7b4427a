// The runner's lease on a plan: one row per plan in `runs`. A runner takes it before it starts,
// renews `heartbeat_at` while it works, and marks it finished at the end. A second runner is
// refused while the lease is live; a lease whose holder is dead (its heartbeat is stale, or its
// pid is gone on this same host) is taken over, so `kill -9` never leaves a plan stuck.
import type { Selectable } from 'kysely';
import type { RunsTable } from './schema.ts';
import { type Store, withTableLock } from './store.ts';

export interface RunLease {
  planId: string;
  runnerId: string;
  pid: number | null;
  host: string | null;
  /** running, finished, stopped, blocked. */
  state: string;
  startedAt: number;
  heartbeatAt: number;
  finishedAt: number | null;
  data: Record<string, unknown>;
}

export interface LeaseRequest {
  planId: string;
  runnerId: string;
  pid: number;
  host: string;
  /** A running lease whose heartbeat is older than this is a dead runner's. */
  staleAfterMs: number;
  now?: number;
  /** Is this pid alive on this host? (Injected: the store does not look at processes.) */
  isProcessAlive: (pid: number) => boolean;
}

export type LeaseResult = { acquired: true; previous?: RunLease } | { acquired: false; heldBy: RunLease };

function toLease(row: Selectable<RunsTable>): RunLease {
  let data: Record<string, unknown> = {};
  try {
    data = row.data ? (JSON.parse(row.data) as Record<string, unknown>) : {};
  } catch {
    // A damaged detail column does not make the lease unreadable.
  }
  return {
    planId: row.plan_id,
    runnerId: row.runner_id,
    pid: row.pid === null ? null : Number(row.pid),
    host: row.host,
    state: row.state,
    startedAt: Number(row.started_at),
    heartbeatAt: Number(row.heartbeat_at),
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
    data,
  };
}

/** Whether a lease still belongs to a live runner (other than the one asking). */
export function leaseIsLive(
  lease: RunLease,
  request: Pick<LeaseRequest, 'host' | 'staleAfterMs' | 'isProcessAlive'> & { now: number },
): boolean {
  if (lease.state !== 'running') return false;
  if (request.now - lease.heartbeatAt > request.staleAfterMs) return false;
  if (lease.host === request.host && lease.pid !== null && !request.isProcessAlive(lease.pid)) return false;
  return true;
}

export async function acquireRunLease(store: Store, request: LeaseRequest): Promise<LeaseResult> {
  const now = request.now ?? Date.now();
  return withTableLock(store, 'runs', async (transaction) => {
    const row = await transaction
      .selectFrom('runs')
      .selectAll()
      .where('project', '=', store.project)
      .where('plan_id', '=', request.planId)
      .executeTakeFirst();
    const previous = row ? toLease(row) : undefined;
    if (previous && previous.runnerId !== request.runnerId && leaseIsLive(previous, { ...request, now })) {
      return { acquired: false, heldBy: previous };
    }
    const values = {
      project: store.project,
      plan_id: request.planId,
      runner_id: request.runnerId,
      pid: request.pid,
      host: request.host,
      state: 'running',
      started_at: now,
      heartbeat_at: now,
      finished_at: null,
      data: null,
    };
    await transaction
      .insertInto('runs')
      .values(values)
      .onConflict((conflict) =>
        conflict.columns(['project', 'plan_id']).doUpdateSet({
          runner_id: values.runner_id,
          pid: values.pid,
          host: values.host,
          state: values.state,
          started_at: values.started_at,
          heartbeat_at: values.heartbeat_at,
          finished_at: null,
          data: null,
        }),
      )
      .execute();
    return previous ? { acquired: true, previous } : { acquired: true };
  });
}

/** Renews the heartbeat; false when the lease is no longer this runner's (it was taken over). */
export async function renewRunLease(
  store: Store,
  planId: string,
  runnerId: string,
  now: number = Date.now(),
): Promise<boolean> {
  const result = await store.db
    .updateTable('runs')
    .set({ heartbeat_at: now })
    .where('project', '=', store.project)
    .where('plan_id', '=', planId)
    .where('runner_id', '=', runnerId)
    .where('state', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Ends the lease with the run's outcome, keeping the row so `status` can tell how it ended. */
export async function finishRunLease(
  store: Store,
  planId: string,
  runnerId: string,
  state: string,
  data: Record<string, unknown> = {},
  now: number = Date.now(),
): Promise<void> {
  await store.db
    .updateTable('runs')
    .set({ state, finished_at: now, heartbeat_at: now, data: JSON.stringify(data) })
    .where('project', '=', store.project)
    .where('plan_id', '=', planId)
    .where('runner_id', '=', runnerId)
    .execute();
}

export async function getRunLease(store: Store, planId: string): Promise<RunLease | undefined> {
  const row = await store.db
    .selectFrom('runs')
    .selectAll()
    .where('project', '=', store.project)
    .where('plan_id', '=', planId)
    .executeTakeFirst();
  return row ? toLease(row) : undefined;
}

export async function listRunLeases(store: Store): Promise<RunLease[]> {
  const rows = await store.db
    .selectFrom('runs')
    .selectAll()
    .where('project', '=', store.project)
    .orderBy('plan_id')
    .execute();
  return rows.map(toLease);
}
