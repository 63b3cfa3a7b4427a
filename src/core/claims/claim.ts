// Claims: leases on a path or glob held by an instance. This file decides, without I/O, which
// claims stand in each other's way; src/store/claims.ts applies it inside one locked transaction.
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
}

/**
 * Whether two claim patterns can name a common file. Two paths: exact (equal, or one is a
 * folder holding the other). A path and a glob: exact. Two globs: conservative, "yes" when
 * unsure, since a false "yes" costs a wait and a false "no" costs a lost edit.
 */
export function patternsOverlap(first: string, second: string): boolean {
  return first === second || patternsMayOverlap(first, second);
}

/** A held claim keeps the requester out when either side is exclusive and they belong to different instances. */
export function claimBlocks(
  held: Pick<Claim, 'instance' | 'pattern' | 'exclusive'>,
  request: { instance: string; pattern: string; exclusive: boolean },
): boolean {
  if (held.instance === request.instance) return false;
  if (!held.exclusive && !request.exclusive) return false;
  return patternsOverlap(held.pattern, request.pattern);
}

export function isActive(claim: Pick<Claim, 'expiresAt'>, now: number): boolean {
  return claim.expiresAt > now;
}
