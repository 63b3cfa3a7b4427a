// Whether a process still runs, for tests that check baton ended what it started.
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

/** A process is gone once it is missing from /proc or a zombie waiting for its reaper. */
export function isRunning(processId: number): boolean {
  const statFile = `/proc/${processId}/stat`;
  if (!existsSync(statFile)) return false;
  try {
    const state = readFileSync(statFile, 'utf8').split(') ')[1]?.[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Waits for a kill to land; gives up after a generous number of polls (no timing claim). */
export async function eventuallyStopped(processId: number): Promise<boolean> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (!isRunning(processId)) return true;
    await delay(50);
  }
  return false;
}
