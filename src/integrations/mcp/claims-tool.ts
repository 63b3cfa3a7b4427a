// The `claims` tool: claim, release and list, always as the caller's own instance (a person
// frees another's claim with `baton release --force`; there is no such action here).
import { describeHeldClaim } from '../../core/claims/describe-claim.ts';
import { normalizeRepositoryPattern } from '../../core/claims/pattern.ts';
import { parseDuration } from '../../core/duration.ts';
import { BatonError } from '../../errors.ts';
import { acquireClaims, listClaims } from '../../store/claim-leases.ts';
import { releaseClaims } from '../../store/claim-release.ts';
import { callerInstance, type McpSession } from './session.ts';
import { requireArgument } from './tool-result.ts';

export interface ClaimsArguments {
  action: string;
  paths?: string[] | undefined;
  ttl?: string | undefined;
  shared?: boolean | undefined;
  reason?: string | undefined;
  plan?: string | undefined;
  task?: string | undefined;
}

export async function claimsTool(session: McpSession, args: ClaimsArguments): Promise<unknown> {
  const { context } = session;
  const store = await context.store();
  const now = Date.now();
  if (args.action === 'list')
    return { instance: session.instance ?? null, claims: await listClaims(store, { now }) };
  const instance = callerInstance(session);
  const base = { repositoryRoot: context.repositoryRoot, cwd: context.repositoryRoot };
  const paths = requireArgument(args.paths, 'paths');
  if (paths.length === 0) throw new BatonError('USAGE', 'this action needs at least one path in "paths"');
  const patterns = paths.map((text) => normalizeRepositoryPattern(text, base));
  if (args.action === 'release') return { instance, ...(await releaseClaims(store, { instance, patterns })) };
  const result = await acquireClaims(store, {
    instance,
    patterns,
    ttlMs: args.ttl === undefined ? context.config.claims.ttl : parseDuration(args.ttl, 'ttl'),
    exclusive: args.shared !== true,
    reason: args.reason ?? null,
    planId: args.plan ?? null,
    taskId: args.task ?? null,
    sessionId: null,
    now,
  });
  if ('denied' in result)
    throw new BatonError(
      'CLAIM_HELD',
      result.denied.map((denial) => describeHeldClaim(denial.pattern, denial.heldBy, now)).join('; '),
      { hint: 'Nothing was claimed. Wait for the lease to end, or work on something else.' },
    );
  return { instance, claims: result.granted };
}
