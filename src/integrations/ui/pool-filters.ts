// The pool feed's filters as the page sends them (query parameters), read like `baton pool
// query`'s flags: an action among the pool's actions, `since` as a duration back from now
// (`30m`, `2h`, `1d`) or an ISO time (core/pool/time.ts), an instance, a topic, a path the
// entries affect, a plan. A value baton cannot read is refused with the hint the command gives,
// rather than silently showing the whole pool.
import { isPoolAction, poolActions } from '../../core/pool/entry.ts';
import { parseSince } from '../../core/pool/time.ts';
import { BatonError } from '../../errors.ts';
import type { PoolQuery } from '../../store/pool-entries.ts';

/** A filter left empty on the page is no filter. */
function given(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

export function poolFiltersFromQuery(query: Record<string, string | undefined>, now = Date.now()): PoolQuery {
  const filters: PoolQuery = {};
  const instance = given(query.instance);
  if (instance) filters.instance = instance;
  const topic = given(query.topic);
  if (topic) filters.topic = topic;
  const affects = given(query.affects);
  if (affects) filters.affects = affects;
  const plan = given(query.plan);
  if (plan) filters.planId = plan;
  const action = given(query.action)?.toLowerCase();
  if (action !== undefined) {
    if (!isPoolAction(action))
      throw new BatonError('USAGE', `action: unknown action "${action}"`, {
        hint: `One of ${poolActions.join(', ')}.`,
      });
    filters.action = action;
  }
  const since = given(query.since);
  if (since !== undefined) filters.since = parseSince(since, now);
  return filters;
}
