// What baton refused an agent while it worked on a round: edits and commands its hooks denied,
// tools refused inside the model backend. They are read back from the event log by the session's
// instance (each task's sessions act as the task's own instances), so the people watching the run
// and the executor's next round learn why, not only that the checks failed.
import { denialKinds, describeEvent } from '../core/events/describe-event.ts';
import { queryEvents } from '../store/event-query.ts';
import type { Store } from '../store/store.ts';
import { deniedSummary } from './round-feedback.ts';
import type { TaskEventSink } from './run-events.ts';

export interface RoundDenial {
  /** The event's kind: edit-denied, command-denied, tool-refused … */
  kind: string;
  at: number;
  /** What was refused and why, in one line: "Write src/other.js: src/other.js is not among …". */
  text: string;
}

/** The denials recorded for `instance` since `since` (epoch ms), oldest first. */
export async function denialsSince(store: Store, instance: string, since: number): Promise<RoundDenial[]> {
  const events = await queryEvents(store, { instance, since, kinds: denialKinds, limit: 50 });
  return events.map((event) => ({ kind: event.kind, at: event.at, text: describeEvent(event) }));
}

/** Where a round's denials are read from and shown: the rounds' input (task-rounds-input.ts). */
export interface DenialReporting {
  denials?: (role: 'executor' | 'reviewer', since: number, round: number) => Promise<RoundDenial[]>;
  emit: TaskEventSink;
}

/**
 * What baton refused a role during the round, shown as it happens (a `task-denied` event); the
 * executor's also go into the round's feedback and the blocking reason. Reading them never fails
 * the round: a read that fails is said in the event instead.
 */
export async function reportDenials(
  reporting: DenialReporting,
  role: 'executor' | 'reviewer',
  since: number,
  round: number,
): Promise<string[]> {
  if (!reporting.denials) return [];
  let denials: string[];
  try {
    denials = (await reporting.denials(role, since, round)).map((denial) => denial.text);
  } catch (error) {
    denials = [`(what baton refused could not be read: ${(error as Error).message})`];
  }
  if (denials.length > 0)
    reporting.emit('task-denied', `${role}: ${deniedSummary(denials)}`, { role, denials }, round);
  return denials;
}
