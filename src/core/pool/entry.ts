// A pool entry: one progress note shared between instances (seed 001). Entries are events of
// kind `pool-posted`; the action says what kind of note it is. Hand-posted and automatic
// entries share one kind so that one indexed query reads the whole pool.

/** Actions a person or an agent posts by hand. */
export const manualPoolActions = ['completed', 'researched', 'blocked', 'started', 'note'] as const;
/** Actions the hooks post by themselves (an edit to a critical file, a test or build run, a commit). */
export const automaticPoolActions = ['edited', 'tested', 'built', 'committed'] as const;
export const poolActions = [...manualPoolActions, ...automaticPoolActions] as const;

export type ManualPoolAction = (typeof manualPoolActions)[number];
export type AutomaticPoolAction = (typeof automaticPoolActions)[number];
export type PoolAction = (typeof poolActions)[number];

/** The event kind every pool entry is stored under. */
export const poolEventKind = 'pool-posted';

export function isPoolAction(value: string): value is PoolAction {
  return (poolActions as readonly string[]).includes(value);
}

export function isAutomaticPoolAction(value: string): value is AutomaticPoolAction {
  return (automaticPoolActions as readonly string[]).includes(value);
}

/** What a poster supplies; the store adds id and time. */
export interface NewPoolEntry {
  instance: string;
  action: PoolAction;
  topic: string;
  summary: string;
  /** Repository-relative paths (a trailing `/` marks a folder). */
  affects?: readonly string[];
  /** Free text: what this blocks, or now unblocks. */
  blocks?: string | null;
  planId?: string | null;
  taskId?: string | null;
  /** Milliseconds since the epoch; defaults to now. */
  at?: number;
  /** Event-specific detail kept with the entry (exit status of a test run, commit hash …). */
  data?: Record<string, unknown>;
}

export interface PoolEntry {
  id: number;
  at: number;
  instance: string;
  action: PoolAction;
  topic: string;
  summary: string;
  affects: string[];
  blocks: string | null;
  planId: string | null;
  taskId: string | null;
  data: Record<string, unknown>;
}

/** The most a pool entry may hold: a shared pool is read by every instance on every session start. */
export const poolEntryLimits = { topic: 200, summary: 2000, affects: 100 } as const;

/** Which of topic, summary and affects is over its limit, each named. */
export function poolFieldProblems(entry: {
  topic?: string;
  summary?: string;
  affects?: readonly string[];
}): string[] {
  const problems: string[] = [];
  const { topic, summary, affects } = poolEntryLimits;
  if ((entry.topic?.length ?? 0) > topic)
    problems.push(`topic is longer than ${topic} characters (${entry.topic!.length})`);
  if ((entry.summary?.length ?? 0) > summary)
    problems.push(
      `summary is longer than ${summary.toLocaleString('en-US')} characters (${entry.summary!.length})`,
    );
  if ((entry.affects?.length ?? 0) > affects)
    problems.push(`affects names more than ${affects} paths (${entry.affects!.length})`);
  return problems;
}

/** The problems that stop an entry from being posted; empty when it may be posted. */
export function validatePoolEntry(entry: NewPoolEntry): string[] {
  const problems: string[] = [...poolFieldProblems(entry)];
  if (!entry.instance?.trim()) problems.push('instance is missing');
  if (!isPoolAction(entry.action)) {
    problems.push(`unknown action "${entry.action}" (one of ${poolActions.join(', ')})`);
  }
  if (!entry.topic?.trim()) problems.push('topic is empty');
  if (!entry.summary?.trim()) problems.push('summary is empty');
  return problems;
}

/** `a.ts, b.ts` → ['a.ts', 'b.ts']; `None` or `-` means no paths (the seed writes `BLOCKS: None`). */
export function splitAffects(text: string): string[] {
  const trimmed = text.trim();
  if (isNoneWord(trimmed)) return [];
  return trimmed
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/** `None`, `n/a` or `-` stand for "nothing" in hand-written entries. */
export function isNoneWord(text: string): boolean {
  return /^(none|n\/a|-|)$/i.test(text.trim());
}
