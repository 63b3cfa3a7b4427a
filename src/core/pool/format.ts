// The text form of pool entries, shaped like seed 001's ```pool blocks so that a person or an
// agent reading `baton pool query` sees the format they are asked to write.
import type { PoolEntry } from './entry.ts';
import { formatLocalTime } from './time.ts';

export function formatEntry(entry: PoolEntry): string {
  const lines = [
    `#${entry.id} · ${formatLocalTime(entry.at)}`,
    `INSTANCE: ${entry.instance}`,
    `ACTION: ${entry.action}`,
    `TOPIC: ${entry.topic}`,
    `SUMMARY: ${entry.summary}`,
  ];
  if (entry.affects.length > 0) lines.push(`AFFECTS: ${entry.affects.join(', ')}`);
  if (entry.blocks) lines.push(`BLOCKS: ${entry.blocks}`);
  if (entry.planId) lines.push(`PLAN: ${entry.planId}`);
  if (entry.taskId) lines.push(`TASK: ${entry.taskId}`);
  return lines.join('\n');
}

/** Entries separated by a blank line, as the seed lists them. */
export function formatEntries(entries: readonly PoolEntry[]): string {
  return entries.map(formatEntry).join('\n\n');
}
