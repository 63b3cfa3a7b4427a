// A role's `timeout` (validated config holds it in milliseconds), and how a run that reached it is told.

export const defaultBackendTimeoutMs = 30 * 60_000;

export function roleTimeoutMs(
  timeout: number | undefined,
  fallback: number = defaultBackendTimeoutMs,
): number {
  return timeout ?? fallback;
}

/** "timed out after 90 s": the reason of a run ended by its time-out. */
export function timedOutAfter(timeoutMs: number): string {
  return `timed out after ${Math.round(timeoutMs / 1000)} s`;
}
