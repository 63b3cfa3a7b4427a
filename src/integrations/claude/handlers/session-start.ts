// SessionStart: records the session start and gives the agent the digest (see digest.ts) as
// additional context. Without an instance the digest is still given (others' claims matter
// most then) but no session is recorded.

import { type HookResult, sessionContext } from '../../../claude-code/hook-answers.ts';
import type { HookPayload } from '../../../claude-code/hook-payload.ts';
import { buildDigest, type DigestPlan } from '../digest.ts';
import type { HookContext } from '../hook-context.ts';

const hour = 3_600_000;
/** The window shown to an instance on its first session (or without an instance). */
const firstSessionWindow = 24 * hour;
/** How far back `blocked` entries are always shown. */
const blockedWindow = 7 * 24 * hour;

export async function handleSessionStart(_payload: HookPayload, context: HookContext): Promise<HookResult> {
  const now = Date.now();
  const store = await context.store();
  const [{ queryPool }, { listClaims }, { recordSessionStart }] = await Promise.all([
    import('../../../store/pool-entries.ts'),
    import('../../../store/claim-leases.ts'),
    import('../../../store/sessions.ts'),
  ]);
  const previous =
    context.instance === undefined ? undefined : await recordSessionStart(store, context.instance, now);
  const since = previous ?? now - firstSessionWindow;
  const [entries, blocked, claims] = await Promise.all([
    queryPool(store, { since, limit: 300 }),
    queryPool(store, { action: 'blocked', since: now - blockedWindow, limit: 30 }),
    listClaims(store, { now }),
  ]);
  let plans: DigestPlan[] | { error: string };
  try {
    const { summarisePlans } = await import('../../../plans/plan-summaries.ts');
    const { storePlanReads } = await import('../../../store/plan-reads-kysely.ts');
    const summaries = await summarisePlans(context.repositoryRoot, context.config, storePlanReads(store), [
      'active',
    ]);
    plans = summaries.map((plan) => ({ id: plan.id, title: plan.title, tasks: plan.tasks, done: plan.done }));
  } catch (error) {
    plans = { error: (error as Error).message };
  }
  const text = buildDigest({
    instance: context.instance,
    now,
    since,
    sinceLastSession: previous !== undefined,
    entries,
    blocked,
    claims,
    plans,
  });
  return sessionContext(text);
}
