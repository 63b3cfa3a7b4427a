// Claims in the store. Every change happens inside withTableLock(store, 'claims'): one writer at
// a time on both engines, so "ten processes claim one file" ends with exactly one holder. The
// overlap rules themselves live in src/core/claims/claim.ts; releasing is claim-release.ts.
import type { Transaction } from 'kysely';
import { type Claim, claimBlocks, patternsOverlap, sameHolder } from '../core/claims/claim.ts';
import { claimFromRow } from './claim-row.ts';
import { insertEvent, type NewEvent } from './event-log.ts';
import type { Database } from './schema.ts';
import { type Store, withTableLock } from './store.ts';
import { inTransaction } from './store-scope.ts';

export type { Claim } from '../core/claims/claim.ts';

export interface ClaimRequest {
  instance: string;
  /** Repository-relative paths or globs (see normalizeRepositoryPattern). */
  patterns: readonly string[];
  ttlMs: number;
  /** Exclusive keeps every other instance out; shared coexists with other shared claims. */
  exclusive: boolean;
  reason?: string | null;
  planId?: string | null;
  taskId?: string | null;
  /** The Claude Code session claiming (see sameHolder); null or absent outside one. */
  sessionId?: string | null;
  now?: number;
}

export interface ClaimDenial {
  /** The pattern asked for. */
  pattern: string;
  /** The other instance's active claim in the way. */
  heldBy: Claim;
}

/** What a re-claim changed on a claim this instance already held. */
export interface ClaimChange {
  pattern: string;
  /** Set when the mode changed: `shared` is a downgrade, `exclusive` an upgrade. */
  nowMode?: 'shared' | 'exclusive';
  /** The lease's end before the re-claim (the new end is now + ttl, shorter or longer). */
  previousExpiresAt: number;
}

export type ClaimResult =
  | {
      granted: Claim[];
      changes: ClaimChange[];
      /** This instance's own claims as they were before this request re-claimed them. */
      replaced: Claim[];
    }
  | { denied: ClaimDenial[] };

/** Expired leases block nobody; removing them keeps the table as small as the live claims. */
export async function deleteExpired(
  transaction: Transaction<Database>,
  project: string,
  now: number,
): Promise<void> {
  await transaction
    .deleteFrom('claims')
    .where('project', '=', project)
    .where('expires_at', '<=', now)
    .execute();
}

/**
 * All or nothing: either every pattern is granted (new claims, or renewed leases on this
 * instance's own), or none is and each blocking claim is named. Both outcomes are events.
 *
 * Re-claiming a pattern this instance holds sets exactly what was asked: the mode requested
 * (an upgrade to exclusive only when no other instance's claim conflicts; a downgrade to shared
 * always, reported in `changes`), and a lease ending at now + ttl, even when that is sooner
 * than before (asking for 1s means 1s).
 */
export async function acquireClaims(store: Store, request: ClaimRequest): Promise<ClaimResult> {
  const now = request.now ?? Date.now();
  const patterns = [...new Set(request.patterns)];
  return withTableLock(store, 'claims', async (transaction) => {
    await deleteExpired(transaction, store.project, now);
    const active = (
      await transaction.selectFrom('claims').selectAll().where('project', '=', store.project).execute()
    ).map(claimFromRow);
    const denied: ClaimDenial[] = [];
    for (const pattern of patterns) {
      const heldBy = active.find((claim) =>
        claimBlocks(claim, {
          instance: request.instance,
          sessionId: request.sessionId ?? null,
          pattern,
          exclusive: request.exclusive,
        }),
      );
      if (heldBy) denied.push({ pattern, heldBy });
    }
    if (denied.length > 0) {
      await insertEvent(
        inTransaction(store, transaction),
        claimEvent(request, 'claim-denied', now, {
          affects: denied.map((denial) => denial.pattern),
          data: {
            exclusive: request.exclusive,
            heldBy: denied.map((denial) => ({
              pattern: denial.heldBy.pattern,
              instance: denial.heldBy.instance,
              expiresAt: denial.heldBy.expiresAt,
            })),
          },
        }),
      );
      return { denied };
    }
    const expiresAt = now + request.ttlMs;
    const granted: Claim[] = [];
    const changes: ClaimChange[] = [];
    const replaced: Claim[] = [];
    for (const pattern of patterns) {
      const own = active.find(
        (claim) =>
          sameHolder(claim, { instance: request.instance, sessionId: request.sessionId ?? null }) &&
          claim.pattern === pattern,
      );
      if (own) {
        changes.push(claimChange(own, request));
        replaced.push(own);
        granted.push(await reclaimOwn(store, transaction, own, request, expiresAt));
      } else granted.push(await insertClaim(store, transaction, pattern, request, now, expiresAt));
    }
    await insertEvent(
      inTransaction(store, transaction),
      claimEvent(request, 'claim-granted', now, {
        affects: patterns,
        data: {
          exclusive: request.exclusive,
          expiresAt,
          reason: request.reason ?? null,
          ...(changes.length > 0 ? { changes } : {}),
        },
      }),
    );
    return { granted, changes, replaced };
  });
}

/** The event of a claim request's outcome, under the claimant's instance, plan and task. */
function claimEvent(
  request: ClaimRequest,
  kind: 'claim-granted' | 'claim-denied',
  at: number,
  details: { affects: string[]; data: Record<string, unknown> },
): NewEvent {
  return {
    kind,
    at,
    instance: request.instance,
    planId: request.planId ?? null,
    taskId: request.taskId ?? null,
    ...details,
  };
}

function claimChange(own: Claim, request: ClaimRequest): ClaimChange {
  return {
    pattern: own.pattern,
    ...(own.exclusive !== request.exclusive
      ? { nowMode: request.exclusive ? ('exclusive' as const) : ('shared' as const) }
      : {}),
    previousExpiresAt: own.expiresAt,
  };
}

/** Re-claim: the mode, lease, and reason follow the latest request. */
async function reclaimOwn(
  store: Store,
  transaction: Transaction<Database>,
  own: Claim,
  request: ClaimRequest,
  expiresAt: number,
): Promise<Claim> {
  const renewed = {
    exclusive: request.exclusive ? 1 : 0,
    expires_at: expiresAt,
    reason: request.reason ?? own.reason,
    plan_id: request.planId ?? own.planId,
    task_id: request.taskId ?? own.taskId,
  };
  await transaction
    .updateTable('claims')
    .set(renewed)
    .where('project', '=', store.project)
    .where('id', '=', own.id)
    .execute();
  return {
    ...own,
    exclusive: request.exclusive,
    expiresAt: renewed.expires_at,
    reason: renewed.reason,
    planId: renewed.plan_id,
    taskId: renewed.task_id,
  };
}

async function insertClaim(
  store: Store,
  transaction: Transaction<Database>,
  pattern: string,
  request: ClaimRequest,
  now: number,
  expiresAt: number,
): Promise<Claim> {
  const row = await transaction
    .insertInto('claims')
    .values({
      project: store.project,
      instance: request.instance,
      pattern,
      exclusive: request.exclusive ? 1 : 0,
      reason: request.reason ?? null,
      acquired_at: now,
      expires_at: expiresAt,
      plan_id: request.planId ?? null,
      task_id: request.taskId ?? null,
      session_id: request.sessionId ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return claimFromRow(row);
}

/** The project's claims still active at `now`. */
function activeClaimsQuery(store: Store, now: number) {
  return store.db
    .selectFrom('claims')
    .selectAll()
    .where('project', '=', store.project)
    .where('expires_at', '>', now);
}

/** Active claims (expired ones are never listed), oldest first; optionally one instance's only. */
export async function listClaims(
  store: Store,
  options: { now?: number; instance?: string } = {},
): Promise<Claim[]> {
  let query = activeClaimsQuery(store, options.now ?? Date.now());
  if (options.instance !== undefined) query = query.where('instance', '=', options.instance);
  const rows = await query.orderBy('acquired_at', 'asc').orderBy('id', 'asc').execute();
  return rows.map(claimFromRow);
}

/**
 * For the PreToolUse hook: another instance's active claim that keeps `instance` from editing
 * `path`, or undefined. Only exclusive claims block an edit, unless `exclusive` is set (then a
 * shared claim by someone else counts too). One indexed read of live claims, matched in memory.
 */
export async function findConflictingClaim(
  store: Store,
  request: { instance: string; path: string; now?: number; exclusive?: boolean; sessionId?: string | null },
): Promise<Claim | undefined> {
  let query = activeClaimsQuery(store, request.now ?? Date.now());
  // Without a session only other instances can be in the way; with one, its own instance's
  // claims from another session too (sameHolder).
  if (!request.sessionId) query = query.where('instance', '<>', request.instance);
  const rows = await query.execute();
  return rows.map(claimFromRow).find((claim) =>
    claimBlocks(claim, {
      instance: request.instance,
      sessionId: request.sessionId ?? null,
      pattern: request.path,
      exclusive: request.exclusive ?? false,
    }),
  );
}

/** Active claims of `instance` that overlap `path` (its own lease on the file, if any). */
export async function findOwnClaims(
  store: Store,
  request: { instance: string; path: string; now?: number },
): Promise<Claim[]> {
  const claims = await listClaims(store, { instance: request.instance, now: request.now });
  return claims.filter((claim) => patternsOverlap(claim.pattern, request.path));
}

/**
 * Extends this instance's active leases to `now + ttlMs` (never shortens one); only those
 * with the given patterns when `patterns` is set. Expired claims are not revived: claim again.
 */
export async function renewClaims(
  store: Store,
  request: { instance: string; ttlMs: number; patterns?: readonly string[]; now?: number },
): Promise<Claim[]> {
  const now = request.now ?? Date.now();
  const expiresAt = now + request.ttlMs;
  return withTableLock(store, 'claims', async (transaction) => {
    let update = transaction
      .updateTable('claims')
      .set({ expires_at: expiresAt })
      .where('project', '=', store.project)
      .where('instance', '=', request.instance)
      .where('expires_at', '>', now)
      .where('expires_at', '<', expiresAt);
    if (request.patterns) {
      if (request.patterns.length === 0) return [];
      update = update.where('pattern', 'in', [...request.patterns]);
    }
    await update.execute();
    let select = transaction
      .selectFrom('claims')
      .selectAll()
      .where('project', '=', store.project)
      .where('instance', '=', request.instance)
      .where('expires_at', '>', now);
    if (request.patterns) select = select.where('pattern', 'in', [...request.patterns]);
    return (await select.orderBy('id', 'asc').execute()).map(claimFromRow);
  });
}
