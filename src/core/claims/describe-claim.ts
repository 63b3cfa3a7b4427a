// The words a person (or an agent told "no") reads when a claim stands in the way.
import { formatClock, formatDuration } from '../pool/time.ts';
import type { Claim } from './claim.ts';

const globCharacters = /[*?[{]/;

/**
 * "src/a.ts is held by instance A (reason: refactor auth) until 14:32 (in 24m)". Two different
 * globs are judged conservatively (they may have no file in common), so that case says
 * "may overlap src/*.ts, held by instance A" rather than claiming a certainty.
 */
export function describeHeldClaim(requested: string, held: Claim, now: number): string {
  const mode = held.exclusive ? '' : ' (shared)';
  const reason = held.reason ? ` (reason: ${held.reason})` : '';
  const until = `until ${formatClock(held.expiresAt)} (in ${formatDuration(held.expiresAt - now)})`;
  if (held.pattern !== requested && globCharacters.test(held.pattern) && globCharacters.test(requested)) {
    return `${requested} may overlap ${held.pattern}, held by instance ${held.instance}${mode}${reason} ${until}`;
  }
  const through = held.pattern === requested ? '' : ` through ${held.pattern}`;
  return `${requested} is held by instance ${held.instance}${through}${mode}${reason} ${until}`;
}

/** One line per claim for `baton claims`. */
export function describeClaim(claim: Claim, now: number): string {
  const mode = claim.exclusive ? 'exclusive' : 'shared';
  const reason = claim.reason ? `  (reason: ${claim.reason})` : '';
  const task = claim.planId ? `  [${claim.planId}${claim.taskId ? `/${claim.taskId}` : ''}]` : '';
  return `${claim.pattern}  ${claim.instance}  ${mode}  until ${formatClock(claim.expiresAt)} (in ${formatDuration(claim.expiresAt - now)})${reason}${task}`;
}
