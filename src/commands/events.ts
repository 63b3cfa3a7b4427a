// `baton events`: the store's event log, filtered — denials (an edit or command a hook refused,
// a claim refused, a tool refused inside a backend), plan moves, run progress, pool entries.
// The place to see why a task was blocked or an agent was stopped.
import type { Command } from 'commander';
import type { StoredEvent } from '../store/event-log.ts';

interface EventsOptions {
  since?: string;
  kind?: string[];
  instance?: string;
  plan?: string;
  task?: string;
  limit?: string;
  json?: boolean;
}

/** `--kind a,b --kind c` → [a, b, c]; `denials` stands for every kind of refusal. */
export function readKinds(values: readonly string[] | undefined, denialKinds: readonly string[]): string[] {
  const kinds = new Set<string>();
  for (const value of values ?? [])
    for (const kind of value.split(',').map((part) => part.trim().toLowerCase())) {
      if (kind === '') continue;
      if (kind === 'denials') for (const denial of denialKinds) kinds.add(denial);
      else kinds.add(kind);
    }
  return [...kinds];
}

export function describeEvents(
  events: readonly StoredEvent[],
  describe: (event: StoredEvent) => string,
  formatTime: (at: number) => string,
): string[] {
  const rows = events.map((event) => [
    formatTime(event.at),
    event.kind,
    event.instance ?? '-',
    event.planId ? `${event.planId}${event.taskId ? `/${event.taskId}` : ''}` : '-',
    describe(event),
  ]);
  const widths = [0, 1, 2, 3].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) =>
    row
      .map((cell, column) => (column < 4 ? cell.padEnd(widths[column]!) : cell))
      .join('  ')
      .trimEnd(),
  );
}

export function register(program: Command): void {
  program
    .command('events')
    .description(
      'the event log: denials and refusals (why an edit, a command or a claim was refused), plan moves, run progress',
    )
    .option('--since <when>', 'only events since 30m, 2h, 1d ago or an ISO time')
    .option(
      '--kind <kinds>',
      'only these kinds (repeatable or comma-separated, e.g. edit-denied,task-blocked; "denials" for every refusal)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--instance <id>', 'only events of this instance')
    .option('--plan <id>', 'only events of this plan')
    .option('--task <id>', 'only events of this task')
    .option('--limit <n>', 'at most this many, the newest (default 50; 0 for all)')
    .option('--json', 'print the events as JSON')
    .addHelpText(
      'after',
      '\nOldest first, the newest last. Kinds include edit-denied, command-denied, tool-refused, claim-denied,\n' +
        'claim-granted, pool-posted, plan-approved, run-started, task-blocked, task-merged, run-finished.\n' +
        'Example: baton events --kind denials --plan my-plan --since 1h\n',
    )
    .action(async (options: EventsOptions) => {
      const { parseSince, formatLocalTime } = await import('../core/pool/time.ts');
      const { readInstanceFilter, readLimit } = await import('./pool-query.ts');
      const { denialKinds, describeEvent } = await import('../core/events/describe-event.ts');
      // Every flag is read before the store is opened: a typo costs no connection.
      const filters = {
        since: options.since === undefined ? undefined : parseSince(options.since),
        kinds: readKinds(options.kind, denialKinds),
        instance: readInstanceFilter(options.instance),
        planId: options.plan,
        taskId: options.task,
        limit: readLimit(options.limit),
      };
      const { withContext } = await import('./context.ts');
      const { queryEvents, recordedEventKinds } = await import('../store/event-query.ts');
      const { writeJson, writeLine } = await import('./output.ts');
      await withContext(async (context) => {
        const events = await queryEvents(await context.store(), filters);
        if (options.json)
          return writeJson({
            ok: true,
            events: events.map((event) => ({ ...event, description: describeEvent(event) })),
          });
        if (events.length === 0) {
          // A mistyped kind matches nothing, quietly: say which asked kinds were never recorded.
          const recorded = filters.kinds.length > 0 ? await recordedEventKinds(await context.store()) : [];
          const never = filters.kinds.filter((kind) => !recorded.includes(kind));
          if (filters.kinds.length > 0 && never.length > 0)
            return writeLine(
              `no events match: no ${never.join(' or ')} event is recorded here` +
                (recorded.length > 0 ? ` (recorded kinds: ${recorded.join(', ')})` : ''),
            );
          return writeLine('no events match');
        }
        for (const line of describeEvents(events, describeEvent, formatLocalTime)) writeLine(line);
      });
    });
}
