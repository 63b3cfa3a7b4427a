// `baton pool query` and `baton pool tail`: reading the pool, newest first or as it grows.
import { statSync } from 'node:fs';
import path from 'node:path';
import { normalizeRepositoryPattern } from '../core/claims/pattern.ts';
import { isValidInstanceId } from '../core/instance.ts';
import { isPoolAction, type PoolAction, type PoolEntry, poolActions } from '../core/pool/entry.ts';
import { formatEntries, formatEntry } from '../core/pool/format.ts';
import { parseSince } from '../core/pool/time.ts';
import { BatonError } from '../errors.ts';
import { latestPoolEntryId, type PoolQuery, queryPool, tailPool } from '../store/pool-entries.ts';
import { withContext } from './context.ts';
import { writeJson, writeLine } from './output.ts';

// The options commander hands this subcommand (declared in pool.ts).
export interface QueryOptions {
  since?: string;
  instance?: string;
  action?: string;
  affects?: string;
  topic?: string;
  plan?: string;
  limit?: string;
  json?: boolean;
}

const defaultLimit = 50;
const pollMilliseconds = 500;

function readAction(value: string | undefined): PoolAction | undefined {
  if (value === undefined) return undefined;
  const action = value.trim().toLowerCase();
  if (!isPoolAction(action)) {
    throw new BatonError('USAGE', `--action: unknown action "${value}"`, {
      hint: `One of ${poolActions.join(', ')}.`,
    });
  }
  return action;
}

export function readInstanceFilter(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!isValidInstanceId(value)) throw new BatonError('USAGE', `--instance: invalid instance id "${value}"`);
  return value;
}

export function readLimit(value: string | undefined): number | undefined {
  if (value === undefined) return defaultLimit;
  if (!/^\d+$/.test(value.trim())) {
    throw new BatonError('USAGE', `--limit: "${value}" is not a whole number`, {
      hint: 'Use 0 for all entries.',
    });
  }
  const limit = Number(value);
  return limit === 0 ? undefined : limit;
}

export async function queryCommand(options: QueryOptions): Promise<void> {
  // Every flag is read before the store is opened: a typo costs no connection.
  const filters: PoolQuery = {
    since: options.since === undefined ? undefined : parseSince(options.since),
    instance: readInstanceFilter(options.instance),
    action: readAction(options.action),
    topic: options.topic,
    planId: options.plan,
    limit: readLimit(options.limit),
  };
  await withContext(async (context) => {
    if (options.affects !== undefined) {
      // A folder means its whole subtree: written with a trailing `/`, or an existing directory
      // of the repository (as `baton claim` reads it). Anything else is one file (and entries
      // naming a folder that holds it).
      const normalized = normalizeRepositoryPattern(options.affects, {
        repositoryRoot: context.repositoryRoot,
        cwd: process.cwd(),
      });
      const isFolder =
        !normalized.endsWith('/') &&
        statSync(path.join(context.repositoryRoot, normalized), { throwIfNoEntry: false })?.isDirectory();
      filters.affects = isFolder ? `${normalized}/` : normalized;
    }
    const entries = await queryPool(await context.store(), filters);
    if (options.json) return writeJson({ ok: true, entries });
    if (entries.length === 0) return writeLine('no pool entries match');
    writeLine(formatEntries(entries));
  });
}

export async function tailCommand(
  options: Pick<QueryOptions, 'since' | 'instance' | 'action' | 'json'>,
): Promise<void> {
  const since = options.since === undefined ? undefined : parseSince(options.since);
  const instance = readInstanceFilter(options.instance);
  const action = readAction(options.action);
  const print = (entry: PoolEntry) =>
    options.json ? writeLine(JSON.stringify(entry)) : writeLine(`${formatEntry(entry)}\n`);

  await withContext(async (context) => {
    const store = await context.store();
    // The cursor is taken before the backlog is read, so an entry posted in between is printed
    // by the first poll rather than lost.
    let cursor = await latestPoolEntryId(store);
    if (since !== undefined) {
      const backlog = await queryPool(store, { since, instance, action });
      for (const entry of backlog.filter((candidate) => candidate.id <= cursor).reverse()) print(entry);
    }
    let stopping = false;
    let wake: (() => void) | undefined;
    const stop = () => {
      stopping = true;
      wake?.();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      while (!stopping) {
        const entries = await tailPool(store, cursor, { instance, action });
        for (const entry of entries) {
          print(entry);
          cursor = entry.id;
        }
        // A full page means more are waiting: read on without sleeping.
        if (entries.length >= 1000) continue;
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, pollMilliseconds);
        });
      }
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  });
}
