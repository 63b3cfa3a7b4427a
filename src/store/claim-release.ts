// Releasing claims: an instance its own (some patterns, or all), or a person anyone's (`baton
// release --force`). Like every claims change, inside withTableLock(store, 'claims'), and each
// release is one claim-released event.
import type { Transaction } from 'kysely';
import type { Claim } from '../core/claims/claim.ts';
import { deleteExpired } from './claim-leases.ts';
import { claimFromRow } from './claim-row.ts';
import { insertEvent } from './event-log.ts';
import type { Database } from './schema.ts';
import { type Store, withTableLock } from './store.ts';
import { inTransaction } from './store-scope.ts';

/**
 * `sessionId` set: an agent in that Claude Code session releases only claims it may call its
 * own (taken in that session, or outside any); absent: every claim of the instance (a person).
 */
export type ReleaseRequest =
  | { instance: string; patterns: readonly string[]; sessionId?: string; now?: number }
  | { instance: string; all: true; sessionId?: string; now?: number };

export interface ReleaseResult {
  released: Claim[];
  /** Patterns asked for that this instance did not hold. */
  notHeld: string[];
}

/** Releases some of this instance's claims (by exact pattern), or all of them. */
export async function releaseClaims(store: Store, request: ReleaseRequest): Promise<ReleaseResult> {
  const now = request.now ?? Date.now();
  return withTableLock(store, 'claims', async (transaction) => {
    await deleteExpired(transaction, store.project, now);
    let query = transaction
      .selectFrom('claims')
      .selectAll()
      .where('project', '=', store.project)
      .where('instance', '=', request.instance);
    const session = request.sessionId;
    if (session !== undefined)
      query = query.where((where) =>
        where.or([where('session_id', 'is', null), where('session_id', '=', session)]),
      );
    const asked = 'all' in request ? undefined : [...new Set(request.patterns)];
    if (asked) {
      if (asked.length === 0) return { released: [], notHeld: [] };
      query = query.where('pattern', 'in', asked);
    }
    const released = (await query.execute()).map(claimFromRow);
    await deleteReleased(store, transaction, released, {
      at: now,
      instance: request.instance,
      data: { all: asked === undefined },
    });
    return releaseResult(asked ?? [], released);
  });
}

/**
 * A person releases claims whoever holds them (`baton release --force`). The event is the
 * person's: their instance (when they have one) and name, with the holders in its data — never
 * recorded under a holder's name.
 */
export async function forceReleaseClaims(
  store: Store,
  request: { patterns: readonly string[]; actor: string | null; by: string; now?: number },
): Promise<ReleaseResult> {
  const now = request.now ?? Date.now();
  const asked = [...new Set(request.patterns)];
  if (asked.length === 0) return { released: [], notHeld: [] };
  return withTableLock(store, 'claims', async (transaction) => {
    await deleteExpired(transaction, store.project, now);
    const released = (
      await transaction
        .selectFrom('claims')
        .selectAll()
        .where('project', '=', store.project)
        .where('pattern', 'in', asked)
        .execute()
    ).map(claimFromRow);
    await deleteReleased(store, transaction, released, {
      at: now,
      instance: request.actor,
      data: {
        forced: true,
        by: request.by,
        heldBy: released.map((claim) => ({ instance: claim.instance, pattern: claim.pattern })),
      },
    });
    return releaseResult(asked, released);
  });
}

/**
 * Undoes one granted claim request of `instance` (acquireClaims' `granted` and `replaced`): the
 * claims it took are released, and those it re-claimed get back the mode, lease and reason they
 * had before, so that nothing the instance held before the request is lost.
 */
export async function undoClaims(
  store: Store,
  request: { instance: string; granted: readonly Claim[]; replaced: readonly Claim[]; now?: number },
): Promise<ReleaseResult> {
  const now = request.now ?? Date.now();
  const replacedIds = new Set(request.replaced.map((claim) => claim.id));
  const taken = request.granted.filter((claim) => !replacedIds.has(claim.id));
  return withTableLock(store, 'claims', async (transaction) => {
    for (const previous of request.replaced)
      await transaction
        .updateTable('claims')
        .set({
          exclusive: previous.exclusive ? 1 : 0,
          expires_at: previous.expiresAt,
          reason: previous.reason,
          plan_id: previous.planId,
          task_id: previous.taskId,
        })
        .where('project', '=', store.project)
        .where('id', '=', previous.id)
        .where('instance', '=', request.instance)
        .execute();
    const released =
      taken.length === 0
        ? []
        : (
            await transaction
              .selectFrom('claims')
              .selectAll()
              .where('project', '=', store.project)
              .where('instance', '=', request.instance)
              .where(
                'id',
                'in',
                taken.map((claim) => claim.id),
              )
              .execute()
          ).map(claimFromRow);
    await deleteReleased(store, transaction, released, {
      at: now,
      instance: request.instance,
      data: { all: false, undone: true, restored: request.replaced.map((claim) => claim.pattern) },
    });
    await deleteExpired(transaction, store.project, now);
    return releaseResult(
      taken.map((claim) => claim.pattern),
      released,
    );
  });
}

/** Inside the claims lock: deletes the released claims and records one claim-released event. */
async function deleteReleased(
  store: Store,
  transaction: Transaction<Database>,
  released: readonly Claim[],
  event: { at: number; instance: string | null; data: Record<string, unknown> },
): Promise<void> {
  if (released.length === 0) return;
  await transaction
    .deleteFrom('claims')
    .where('project', '=', store.project)
    .where(
      'id',
      'in',
      released.map((claim) => claim.id),
    )
    .execute();
  await insertEvent(inTransaction(store, transaction), {
    kind: 'claim-released',
    at: event.at,
    instance: event.instance,
    affects: released.map((claim) => claim.pattern),
    data: event.data,
  });
}

function releaseResult(asked: readonly string[], released: Claim[]): ReleaseResult {
  const heldPatterns = new Set(released.map((claim) => claim.pattern));
  return { released, notHeld: asked.filter((pattern) => !heldPatterns.has(pattern)) };
}
