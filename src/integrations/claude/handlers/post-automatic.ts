// Posting one automatic pool entry, if its kind's cooldown for this instance has run out.
import type { NewPoolEntry } from '../../../core/pool/entry.ts';
import { parseDuration } from '../../../core/pool/time.ts';
import type { HookContext } from '../hook-context.ts';

/** True when posted, false when held back by the cooldown. */
export async function postAutomaticEntry(context: HookContext, entry: NewPoolEntry): Promise<boolean> {
  const store = await context.store();
  const { takeCooldown } = await import('../../../store/cooldowns.ts');
  const { postPoolEntries } = await import('../../../store/pool.ts');
  const cooldownMs = parseDuration(context.config.pool.cooldown, 'pool.cooldown');
  const allowed = await takeCooldown(store, { instance: entry.instance, kind: entry.action, cooldownMs });
  if (!allowed) return false;
  await postPoolEntries(store, [entry]);
  return true;
}
