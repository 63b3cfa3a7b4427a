// Posting one automatic pool entry, if its kind's cooldown for this instance has run out.
import type { NewPoolEntry } from '../../../core/pool/entry.ts';
import type { HookContext } from '../hook-context.ts';

export interface AutomaticPostOptions {
  /** The cooldown's key (default: the entry's action). */
  cooldownKind?: string;
  /** Post whatever the cooldown says (a failing test run is always news). */
  always?: boolean;
  /** Cooldowns to forget after posting: the next entry of that kind is news again. */
  reset?: readonly string[];
}

/** True when posted, false when held back by the cooldown. */
export async function postAutomaticEntry(
  context: HookContext,
  entry: NewPoolEntry,
  options: AutomaticPostOptions = {},
): Promise<boolean> {
  const store = await context.store();
  const { takeCooldown, clearCooldown } = await import('../../../store/cooldowns.ts');
  const { postPoolEntries } = await import('../../../store/pool-entries.ts');
  if (!options.always) {
    const cooldownMs = context.config.pool.cooldown;
    const kind = options.cooldownKind ?? entry.action;
    const allowed = await takeCooldown(store, { instance: entry.instance, kind, cooldownMs });
    if (!allowed) return false;
  }
  await postPoolEntries(store, [entry]);
  for (const kind of options.reset ?? []) await clearCooldown(store, { instance: entry.instance, kind });
  return true;
}
