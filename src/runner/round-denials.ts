// What baton refused an agent while it worked on a round: edits and commands its hooks denied,
// tools refused inside the model backend. They are read back from the event log by the session's
// instance (each task's sessions act as the task's own instances), so the people watching the run
// and the executor's next round learn why, not only that the checks failed.
import { denialKinds, describeEvent } from '../core/events/describe.ts';
import { queryEvents } from '../store/event-query.ts';
import type { Store } from '../store/store.ts';

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
