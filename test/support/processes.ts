// Processes the tests start: their output when they end, and whether one still runs (for tests
// that check baton ended what it started).
import type { ChildProcess } from 'node:child_process';
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

export interface ProcessOutput {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Killed (SIGKILL) because it outlived `timeoutMs`. */
  timedOut: boolean;
}

/**
 * A started process's output once it closes (its stdout and stderr must be pipes). With
 * `timeoutMs`, a process still running then is killed and reported as timed out.
 */
export function collectOutput(child: ChildProcess, timeoutMs?: number): Promise<ProcessOutput> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, timedOut });
    });
  });
}
