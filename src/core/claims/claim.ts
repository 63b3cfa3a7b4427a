// Claims: leases on a path or glob held by an instance. This file decides, without I/O, which
// claims stand in each other's way; src/store/claim-leases.ts applies it inside one locked transaction.
import { patternsMayOverlap } from '../paths/glob.ts';

export interface Claim {
  id: number;
  instance: string;
  /** A repository-relative path or glob. */
  pattern: string;
  /** Exclusive (the default) keeps every other instance out; shared ones coexist with shared ones. */
  exclusive: boolean;
  reason: string | null;
  acquiredAt: number;
  expiresAt: number;
  planId: string | null;
  taskId: string | null;
  /**
   * The Claude Code session that took it (payload session_id, or CLAUDE_CODE_SESSION_ID for a
   * `baton claim` in its Bash); null when taken outside a session, e.g. at a terminal.
   */
  sessionId: string | null;
}

/** Who asks: an instance, and the Claude Code session it speaks from when there is one. */
export interface Claimant {
  instance: string;
  sessionId?: string | null;
}

/**
 * Whether a claim is the claimant's own. The same instance in another Claude Code session is
 * another holder: a second window (or a nested agent) given the same BATON_INSTANCE may not
 * take over what the first one holds. A claim taken outside a session, or a claimant outside
 * one (a person at a terminal), goes by the instance alone.
 */
export function sameHolder(held: Pick<Claim, 'instance' | 'sessionId'>, claimant: Claimant): boolean {
  if (held.instance !== claimant.instance) return false;
  const heldSession = held.sessionId ?? null;
  const askingSession = claimant.sessionId ?? null;
  return heldSession === null || askingSession === null || heldSession === askingSession;
}

/**
 * Whether two claim patterns can name a common file. Two paths: exact (equal, or one is a
 * folder holding the other). A path and a glob: exact. Two globs: conservative, "yes" when
 * unsure, since a false "yes" costs a wait and a false "no" costs a lost edit.
 */
export function patternsOverlap(first: string, second: string): boolean {
  return first === second || patternsMayOverlap(first, second);
}

/** A held claim keeps the requester out when either side is exclusive and they are different holders (sameHolder). */
export function claimBlocks(
  held: Pick<Claim, 'instance' | 'pattern' | 'exclusive'> & { sessionId?: string | null },
  request: Claimant & { pattern: string; exclusive: boolean },
): boolean {
  if (sameHolder({ instance: held.instance, sessionId: held.sessionId ?? null }, request)) return false;
  if (!held.exclusive && !request.exclusive) return false;
  return patternsOverlap(held.pattern, request.pattern);
}

export function isActive(claim: Pick<Claim, 'expiresAt'>, now: number): boolean {
  return claim.expiresAt > now;
}
