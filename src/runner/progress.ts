// Showing a run as it goes: a live task list redrawn in place on a terminal; one line per
// event when the output is a file or a pipe; NDJSON events with --json.
import type { RunEvent } from './run-events.ts';

export interface TaskView {
  id: string;
  title: string;
  state: string;
  round: number;
  score?: number;
  startedAt?: number;
  finishedAt?: number;
  note?: string;
}

export interface ProgressReporter {
  /** The task list as the run starts (or resumes). */
  start(tasks: TaskView[]): void;
  event(event: RunEvent, tasks: ReadonlyMap<string, TaskView>): void;
  stop(): void;
}

function elapsed(view: TaskView, now: number): string {
  if (view.startedAt === undefined) return '';
  const seconds = Math.max(0, Math.round(((view.finishedAt ?? now) - view.startedAt) / 1000));
  return seconds >= 60
    ? `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`
    : `${seconds}s`;
}

export function taskLine(view: TaskView, now: number): string {
  const round = view.round > 0 ? `round ${view.round}` : '';
  const score = view.score !== undefined ? `score ${view.score}` : '';
  const columns = [
    view.id.padEnd(6),
    view.state.padEnd(9),
    round.padEnd(8),
    score.padEnd(10),
    elapsed(view, now).padEnd(7),
    view.title,
  ];
  const line = columns.join(' ');
  return view.note ? `${line} — ${view.note}` : line;
}

export function eventLine(event: RunEvent): string {
  const time = new Date(event.at).toISOString().slice(11, 19);
  const task = event.taskId ? ` ${event.taskId}` : '';
  return `${time} ${event.kind}${task}: ${event.message}`;
}

/** NDJSON: one event per line, for scripts. */
export function jsonReporter(write: (text: string) => void): ProgressReporter {
  return {
    start() {},
    event(event) {
      write(`${JSON.stringify(event)}\n`);
    },
    stop() {},
  };
}

/** One line per event, for logs and pipes. */
export function lineReporter(write: (text: string) => void): ProgressReporter {
  return {
    start(tasks) {
      write(`${tasks.length} task(s): ${tasks.map((task) => `${task.id} ${task.state}`).join(', ')}\n`);
    },
    event(event) {
      write(`${eventLine(event)}\n`);
    },
    stop() {},
  };
}

export interface TerminalOptions {
  /** The terminal's width: lines are cut to fit, so redrawing in place never miscounts. */
  columns?: () => number | undefined;
  /** The clock (tests pass their own). */
  now?: () => number;
  /** How often the list is redrawn between events (elapsed times move on); 0: only on events. */
  refreshMs?: number;
}

function fit(line: string, columns: number | undefined): string {
  if (!columns || columns < 10 || line.length < columns) return line;
  return `${line.slice(0, columns - 2)}…`;
}

/**
 * The live list: every task with its state, round, score and elapsed time, redrawn in place
 * (cursor up, clear to the end) on each event and once a second, with the latest event below.
 */
export function terminalReporter(
  write: (text: string) => void,
  options: TerminalOptions = {},
): ProgressReporter {
  const clock = options.now ?? Date.now;
  const refreshMs = options.refreshMs ?? 1000;
  let views: ReadonlyMap<string, TaskView> = new Map();
  let drawnLines = 0;
  let lastEvent = '';
  let timer: NodeJS.Timeout | undefined;
  const draw = (): void => {
    const now = clock();
    const columns = options.columns?.();
    const lines = [...views.values()].map((view) => taskLine(view, now));
    if (lastEvent) lines.push('', lastEvent);
    const up = drawnLines > 0 ? `\x1b[${drawnLines}F` : '';
    write(`${up}\x1b[J${lines.map((line) => fit(line, columns)).join('\n')}\n`);
    drawnLines = lines.length;
  };
  return {
    start(tasks) {
      views = new Map(tasks.map((task) => [task.id, task]));
      draw();
      if (refreshMs > 0) {
        timer = setInterval(draw, refreshMs);
        timer.unref();
      }
    },
    event(event, tasks) {
      views = tasks;
      lastEvent = eventLine(event);
      draw();
    },
    stop() {
      clearInterval(timer);
      draw();
    },
  };
}

/** The reporter for an output stream: NDJSON with --json, the live list on a terminal, else lines. */
export function reporterFor(
  stream: { isTTY?: boolean; columns?: number; write(text: string): unknown },
  json: boolean,
): ProgressReporter {
  const write = (text: string) => {
    stream.write(text);
  };
  if (json) return jsonReporter(write);
  if (stream.isTTY) return terminalReporter(write, { columns: () => stream.columns });
  return lineReporter(write);
}
