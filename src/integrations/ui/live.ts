// Live updates: one watcher reads the store's event log for every page open (one small query per
// tick, however many pages listen: no polling storm from the browsers) and pushes what is new
// to each page as a server-sent event. Task states, plan moves, pool posts and claims each
// record an event, so the log is the one thing to watch.
import { eventsAfter, latestEventId } from '../../store/event-query.ts';
import type { StoredEvent } from '../../store/events.ts';
import type { Store } from '../../store/store.ts';

export type LiveListener = (events: StoredEvent[]) => void;

export class StoreWatcher {
  readonly #store: Store;
  readonly #intervalMs: number;
  readonly #listeners = new Set<LiveListener>();
  #lastId = 0;
  #timer: NodeJS.Timeout | undefined;
  #reading = false;

  constructor(store: Store, intervalMs = 50) {
    this.#store = store;
    this.#intervalMs = intervalMs;
  }

  async start(): Promise<void> {
    this.#lastId = await latestEventId(this.#store);
    this.#timer = setInterval(() => void this.#tick(), this.#intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#listeners.clear();
  }

  listen(listener: LiveListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async #tick(): Promise<void> {
    if (this.#reading) return;
    this.#reading = true;
    try {
      const events = await eventsAfter(this.#store, this.#lastId);
      if (events.length === 0) return;
      this.#lastId = events.at(-1)!.id;
      for (const listener of this.#listeners) listener(events);
    } catch {
      // A store that cannot be read this tick is tried again at the next.
    } finally {
      this.#reading = false;
    }
  }
}
