// A role's `timeout` (a duration such as 30m) in milliseconds.
import { parseDuration } from '../../core/pool/time.ts';

export const defaultBackendTimeoutMs = 30 * 60_000;

export function roleTimeoutMs(
  timeout: string | undefined,
  fallback: number = defaultBackendTimeoutMs,
): number {
  return timeout === undefined ? fallback : parseDuration(timeout, 'timeout');
}
