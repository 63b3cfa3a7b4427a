// The one question PreToolUse asks the store on every edit: may this instance edit this file,
// and if so, claim it (or renew its lease). On SQLite it goes through the raw node:sqlite module
// (no Kysely on the hot path); on Postgres, or before the SQLite store exists, through the
// regular store functions. Both follow the same rules: tests run the same cases on both.
import type { Claim } from '../../core/claims/claim.ts';
import {
  type BoundSession,
  type EditClaimOutcome,
  type EditClaimRequest,
  openSqliteEditClaims,
} from '../../store/edit-claims-sqlite.ts';
import type { NewEvent } from '../../store/event-log.ts';
import type { Store } from '../../store/store.ts';

export type { BoundSession, EditClaimOutcome, EditClaimRequest } from '../../store/edit-claims-sqlite.ts';

export interface EditGate {
  findBlockingClaim(instance: string | undefined, path: string): Promise<Claim | undefined>;
  /** Every active exclusive claim of the other instances (all of them without an instance). */
  exclusiveClaimsOfOthers(instance: string | undefined): Promise<Claim[]>;
  claimForEdit(request: EditClaimRequest): Promise<EditClaimOutcome>;
  recordEvent(event: NewEvent): Promise<void>;
  /** The session baton bound `instance` to (and its task), or undefined when it has none. */
  sessionBinding(instance: string): Promise<BoundSession | undefined>;
  close(): Promise<void>;
}

export async function openSqliteEditGate(
  file: string,
  busyTimeoutMs: number,
  project: string,
): Promise<EditGate | undefined> {
  const claims = openSqliteEditClaims(file, { busyTimeoutMs, project });
  if (!claims) return undefined;
  return {
    findBlockingClaim: async (instance, path) => claims.findBlockingClaim(instance, path),
    exclusiveClaimsOfOthers: async (instance) => claims.exclusiveClaimsOfOthers(instance),
    claimForEdit: async (request) => claims.claimForEdit(request),
    recordEvent: async (event) => {
      claims.appendEvent(event);
    },
    sessionBinding: async (instance) => claims.sessionBinding(instance),
    close: async () => claims.close(),
  };
}

/** The same gate over an opened store (Kysely): Postgres, or a SQLite store not created yet. */
export async function storeEditGate(store: Store): Promise<EditGate> {
  const { findConflictingClaim, listClaims, renewClaims, acquireClaims } = await import(
    '../../store/claim-leases.ts'
  );
  const { appendEvent } = await import('../../store/event-log.ts');
  const { findSessionBinding } = await import('../../store/session-bindings.ts');
  const { decideEditClaim } = await import('../../core/claims/edit-decision.ts');
  return {
    findBlockingClaim: (instance, path) => findConflictingClaim(store, { instance: instance ?? '', path }),
    exclusiveClaimsOfOthers: async (instance) =>
      (await listClaims(store, { now: Date.now() })).filter(
        (claim) => claim.exclusive && claim.instance !== (instance ?? ''),
      ),
    async claimForEdit(request) {
      const now = request.now ?? Date.now();
      const claimant = { instance: request.instance, sessionId: request.sessionId ?? null };
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const decision = decideEditClaim(await listClaims(store, { now }), claimant, request.path);
        if (decision.kind === 'held') return decision;
        if (decision.kind === 'renew') {
          const renewed = await renewClaims(store, {
            instance: request.instance,
            ttlMs: request.ttlMs,
            patterns: decision.own.map((claim) => claim.pattern),
            now,
          });
          if (renewed.length > 0) return { kind: 'renewed', claims: renewed };
          continue;
        }
        if (request.claimIfFree === false) return { kind: 'free' };
        const result = await acquireClaims(store, {
          instance: request.instance,
          patterns: [request.path],
          ttlMs: request.ttlMs,
          exclusive: decision.exclusive,
          reason: request.reason ?? null,
          sessionId: claimant.sessionId,
          now,
        });
        if ('granted' in result && result.granted[0]) return { kind: 'claimed', claim: result.granted[0] };
        // Someone claimed it between our read and our write: look again.
      }
      const held = await findConflictingClaim(store, { ...claimant, path: request.path, now });
      if (held) return { kind: 'held', claim: held };
      throw new Error(`could not claim ${request.path}: the claims kept changing`);
    },
    async recordEvent(event) {
      await appendEvent(store, event);
    },
    sessionBinding: async (instance) => findSessionBinding(store, instance),
    close: async () => {},
  };
}
