// A role's `timeout` (a duration such as 30m) in milliseconds, and how a run that reached it is told.
import { parseDuration } from '../../core/pool/time.ts';

export const defaultBackendTimeoutMs = 30 * 60_000;

export function roleTimeoutMs(
  timeout: string | undefined,
  fallback: number = defaultBackendTimeoutMs,
): number {
  return timeout === undefined ? fallback : parseDuration(timeout, 'timeout');
}

/** "timed out after 90 s": the reason of a run ended by its time-out. */
export function timedOutAfter(timeoutMs: number): string {
  return `timed out after ${Math.round(timeoutMs / 1000)} s`;
}
