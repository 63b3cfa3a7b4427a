// The one decision an edit asks of the claims, for both store drivers (the hook's raw node:sqlite
// path in src/store/edit-claims-sqlite.ts and the Kysely path in integrations/claude/edit-gate.ts):
// given the active claims, is the path held by another holder, already the claimant's own (renew
// those leases), or free (a new claim, shared when another holder has a shared one over it)?
import { type Claim, type Claimant, claimBlocks, patternsOverlap, sameHolder } from './claim.ts';

export type EditClaimDecision =
  | { kind: 'held'; claim: Claim }
  | { kind: 'renew'; own: Claim[] }
  | { kind: 'claim'; exclusive: boolean };

export function decideEditClaim(
  active: readonly Claim[],
  claimant: Claimant,
  path: string,
): EditClaimDecision {
  const held = active.find((claim) => claimBlocks(claim, { ...claimant, pattern: path, exclusive: false }));
  if (held) return { kind: 'held', claim: held };
  const own = active.filter((claim) => sameHolder(claim, claimant) && patternsOverlap(claim.pattern, path));
  if (own.length > 0) return { kind: 'renew', own };
  const sharedByOthers = active.some(
    (claim) => !sameHolder(claim, claimant) && patternsOverlap(claim.pattern, path),
  );
  return { kind: 'claim', exclusive: !sharedByOthers };
}
