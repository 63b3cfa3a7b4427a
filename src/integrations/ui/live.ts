// Live updates: one watcher reads the store's event log for every page open (one small query per
// read, however many pages listen: no polling storm from the browsers) and pushes what is new
// to each page as a server-sent event. Task states, plan moves, pool posts and claims each
// record an event, so the log is the one thing to watch. With the events about a plan's tasks
// go that plan's task states (one more query per batch, not per page): a plan page shows a
// task's new state from the message itself, before it reads the whole plan again.
//
// When to read: a SQLite store tells by its files — every commit, by any process, writes the
// database's WAL (or the database itself), and the kernel reports that write to an fs.watch on
// the store's folder. So a write is seen within a few milliseconds, and a store nobody writes
// is read only at the slow safety interval (a missed notification, a file system without
// them). A Postgres store has no file to watch here: it is read at the short interval.
import { type FSWatcher, watch } from 'node:fs';
import path from 'node:path';
import type { StoredEvent } from '../../store/event-log.ts';
import { eventsAfter, latestEventId } from '../../store/event-query.ts';
import type { Store } from '../../store/store.ts';
import { planStatesView } from './views.ts';

/** Receives each batch as the page's live stream sends it (JSON, written once for every page). */
export type LiveListener = (message: string) => void;

/** A batch for the pages: the events, and the task states of each plan they are about. */
export async function liveMessage(store: Store, events: readonly StoredEvent[]): Promise<string> {
  const plans = new Set(events.flatMap((event) => (event.planId && event.taskId ? [event.planId] : [])));
  const states: Record<string, Awaited<ReturnType<typeof planStatesView>>> = {};
  for (const planId of plans) states[planId] = await planStatesView({ store }, planId);
  return JSON.stringify({
    events: events.map((event) => ({
      id: event.id,
      kind: event.kind,
      planId: event.planId,
      taskId: event.taskId,
      at: event.at,
    })),
    states,
  });
}

export interface WatchTiming {
  /** Reads of a store whose writes cannot be watched (Postgres). */
  intervalMs: number;
  /** Reads of a watched SQLite store between notifications: a safety net, not the signal. */
  watchedIntervalMs: number;
  /**
   * A second read this long after a notification: the kernel reports the WAL's first write,
   * which can come just before the commit is visible to a reader.
   */
  settleMs: number;
}

const eventBatch = 500;

export const defaultWatchTiming: WatchTiming = { intervalMs: 30, watchedIntervalMs: 1000, settleMs: 25 };

export class StoreWatcher {
  readonly #store: Store;
  readonly #timing: WatchTiming;
  readonly #listeners = new Set<LiveListener>();
  #lastId = 0;
  #timer: NodeJS.Timeout | undefined;
  #settle: NodeJS.Timeout | undefined;
  #files: FSWatcher | undefined;
  #reading = false;
  #readAgain = false;
  /** How many times the log was read (the bench reports it: reads while nothing happens). */
  reads = 0;

  constructor(store: Store, timing: Partial<WatchTiming> = {}) {
    this.#store = store;
    this.#timing = { ...defaultWatchTiming, ...timing };
  }

  /** Whether writes are noticed as they happen (a SQLite store whose folder can be watched). */
  get watching(): boolean {
    return this.#files !== undefined;
  }

  async start(): Promise<void> {
    this.#lastId = await latestEventId(this.#store);
    this.#files = this.#watchFiles();
    const interval = this.#files ? this.#timing.watchedIntervalMs : this.#timing.intervalMs;
    this.#timer = setInterval(() => this.#read(), interval);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    clearTimeout(this.#settle);
    this.#files?.close();
    this.#files = undefined;
    this.#listeners.clear();
  }

  listen(listener: LiveListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The store's folder, watched for writes to its files; undefined when it cannot be. */
  #watchFiles(): FSWatcher | undefined {
    if (this.#store.engine !== 'sqlite') return undefined;
    const file = path.basename(this.#store.location);
    try {
      const watcher = watch(path.dirname(this.#store.location), { persistent: false }, (_type, name) => {
        // baton.db, baton.db-wal; not baton.db-shm, which every reader touches.
        if (name === file || name === `${file}-wal`) this.#noticed();
      });
      // A watch that fails later (the folder removed) leaves the interval to do the work.
      watcher.on('error', () => {
        watcher.close();
        if (this.#files === watcher) this.#files = undefined;
      });
      return watcher;
    } catch {
      return undefined;
    }
  }

  #noticed(): void {
    this.#read();
    if (this.#settle) return;
    this.#settle = setTimeout(() => {
      this.#settle = undefined;
      this.#read();
    }, this.#timing.settleMs);
    this.#settle.unref();
  }

  /** Reads now, or right after the read in progress (which may have run before the write). */
  #read(): void {
    if (this.#reading) {
      this.#readAgain = true;
      return;
    }
    void this.#tick();
  }

  async #tick(): Promise<void> {
    this.#reading = true;
    this.reads++;
    try {
      const events = await eventsAfter(this.#store, this.#lastId, eventBatch);
      if (events.length === 0) return;
      // A full batch may not be all of them: read on.
      if (events.length === eventBatch) this.#readAgain = true;
      this.#lastId = events.at(-1)!.id;
      if (this.#listeners.size === 0) return;
      const message = await liveMessage(this.#store, events);
      for (const listener of this.#listeners) listener(message);
    } catch {
      // A store that cannot be read now is tried again at the next notification or interval.
    } finally {
      this.#reading = false;
      if (this.#readAgain) {
        this.#readAgain = false;
        this.#read();
      }
    }
  }
}
