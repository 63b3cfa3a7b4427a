// What a run reports as it goes. Each event is shown (live list, a line, or NDJSON), recorded
// in the store as an event, and the milestones are posted to the pool where other sessions
// see them. Kinds are `<noun>-<verb>` (DESIGN).

import type { PoolAction } from '../core/pool/entry.ts';
import { scrubValue } from '../core/secrets/secrets.ts';
import { appendEvent } from '../store/event-log.ts';
import { postPoolEntries } from '../store/pool-entries.ts';
import type { Store } from '../store/store.ts';

export type RunEventKind =
  | 'run-started'
  | 'task-started'
  | 'task-waiting'
  | 'task-executed'
  | 'task-verified'
  | 'task-scope-failed'
  | 'task-reviewed'
  | 'task-round-failed'
  | 'task-denied'
  | 'task-merged'
  | 'task-merge-conflict'
  | 'task-blocked'
  | 'task-interrupted'
  | 'integration-restored'
  | 'plan-verified'
  | 'plan-ready'
  | 'run-finished';

/** Records one of a task's events, in a round when there is one (run-context.ts: taskEvents). */
export type TaskEventSink = (
  kind: RunEventKind,
  message: string,
  data?: Record<string, unknown>,
  round?: number,
) => void;

export interface RunEvent {
  kind: RunEventKind;
  at: number;
  planId: string;
  taskId?: string;
  /** The round the task is in, for task events. */
  round?: number;
  /** What a person reads: one line. */
  message: string;
  data?: Record<string, unknown>;
}

export type RunEventListener = (event: RunEvent) => void;

const poolActions: Partial<Record<RunEventKind, PoolAction>> = {
  'task-started': 'started',
  'task-merged': 'completed',
  'task-blocked': 'blocked',
  'plan-ready': 'completed',
};

/**
 * Records events in order, without making the run wait for the store: writes are chained, and
 * `flush()` waits for them (the run calls it before it ends). A failed write is reported once
 * and does not stop the run: the task states, written separately, are what resuming relies on.
 */
export class RunEventRecorder {
  readonly #store: Store;
  readonly #instance: string;
  readonly #listeners: RunEventListener[] = [];
  #chain: Promise<void> = Promise.resolve();
  #failure: Error | undefined;

  constructor(store: Store, instance: string) {
    this.#store = store;
    this.#instance = instance;
  }

  listen(listener: RunEventListener): void {
    this.#listeners.push(listener);
  }

  emit(event: Omit<RunEvent, 'at'> & { at?: number }): void {
    // Whatever a backend or a command said may echo a key: nothing unscrubbed is shown or kept.
    // One scrubValue for both, so the environment's secrets are listed once an event.
    const scrubbed = scrubValue({ message: event.message, data: event.data });
    const complete: RunEvent = {
      ...event,
      message: scrubbed.message,
      ...(event.data ? { data: scrubbed.data } : {}),
      at: event.at ?? Date.now(),
    };
    for (const listener of this.#listeners) listener(complete);
    this.#chain = this.#chain
      .then(() => this.#persist(complete))
      .catch((error: unknown) => {
        this.#failure ??= error as Error;
      });
  }

  async #persist(event: RunEvent): Promise<void> {
    const action = poolActions[event.kind];
    const data = { ...event.data, message: event.message, round: event.round };
    await appendEvent(this.#store, {
      kind: event.kind,
      at: event.at,
      instance: this.#instance,
      planId: event.planId,
      taskId: event.taskId ?? null,
      data,
    });
    if (!action) return;
    await postPoolEntries(this.#store, [
      {
        instance: this.#instance,
        action,
        topic: event.taskId ? `${event.planId} ${event.taskId}` : event.planId,
        summary: event.message,
        planId: event.planId,
        taskId: event.taskId ?? null,
        affects: Array.isArray(event.data?.files) ? (event.data.files as string[]) : undefined,
        data: { ...data, event: event.kind },
        at: event.at,
      },
    ]);
  }

  /** Waits for every event emitted so far to be written; returns the first write error, if any. */
  async flush(): Promise<Error | undefined> {
    await this.#chain;
    return this.#failure;
  }
}
