// One line per event for `baton events`: what happened, in words. Each kind recorded its detail
// in its own shape (a denial its tool, file and reason; a run event its message; a pool entry its
// action, topic and summary); this reads each shape and falls back to the summary, the message
// or the reason any event may carry.

/** The fields of a stored event that a description reads. */
export interface DescribableEvent {
  kind: string;
  action: string | null;
  topic: string | null;
  summary: string | null;
  affects: readonly string[];
  data: Record<string, unknown>;
}

/** Kinds that record something refused: `--kind denials` stands for all of them. */
export const denialKinds = [
  'edit-denied',
  'command-denied',
  'tool-refused',
  'claim-denied',
  'instance-denied',
] as const;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

// Denial reasons are written for the agent ("baton: … Do not edit it"): the prefix adds nothing here.
const withoutPrefix = (reason: string): string => reason.replace(/^baton:\s*/, '');

function describeDenial(event: DescribableEvent): string | undefined {
  const { data } = event;
  const reason = text(data.reason) ?? text(data.message);
  if (event.kind === 'edit-denied') {
    const target = [text(data.tool), text(data.path) ?? event.affects[0]].filter(Boolean).join(' ');
    return `${target}${reason ? `: ${withoutPrefix(reason)}` : ''}`;
  }
  if (event.kind === 'command-denied')
    return `${text(data.tool) ?? 'Bash'} \`${text(data.command) ?? '?'}\`${reason ? `: ${withoutPrefix(reason)}` : ''}`;
  if (event.kind === 'instance-denied') {
    // A session that named an instance it may not act as (a runner's, bound to another session).
    const target = text(data.path) ?? (text(data.command) ? `\`${text(data.command)}\`` : undefined);
    return `${[text(data.tool), target].filter(Boolean).join(' ')}${reason ? `: ${withoutPrefix(reason)}` : ''}`;
  }
  if (event.kind === 'claim-denied') {
    const holders = Array.isArray(data.heldBy)
      ? (data.heldBy as Array<{ pattern?: unknown; instance?: unknown }>)
          .map((held) => `${text(held.pattern) ?? '?'} (held by ${text(held.instance) ?? '?'})`)
          .join(', ')
      : event.affects.join(', ');
    return `claim refused: ${holders}`;
  }
  return undefined;
}

export function describeEvent(event: DescribableEvent): string {
  const denial = describeDenial(event);
  if (denial !== undefined) return denial;
  if (event.kind === 'pool-posted')
    return `${event.action ?? 'note'} · ${event.topic ?? ''}${event.summary ? `: ${event.summary}` : ''}`;
  const { data } = event;
  const known = text(event.summary) ?? text(data.message);
  if (known) return known;
  if (event.kind === 'plan-approved' && text(data.by)) return `approved by ${text(data.by)}`;
  const reason = text(data.reason);
  if (reason) return `${text(data.by) ? `by ${text(data.by)}: ` : ''}${reason}`;
  if (text(data.from) && text(data.to)) return `${text(data.from)} → ${text(data.to)}`;
  return event.affects.join(', ');
}
