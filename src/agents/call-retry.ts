// Retrying model and API calls: rate limits (429), server errors (5xx), time-outs and dropped
// connections are retried with exponential backoff and jitter (half the step fixed, half random), honouring Retry-After when
// the server sends it, up to a cap on attempts; anything else fails at once. Aborting the signal
// stops the wait and the retries. The delay is injected so tests never sleep.

export interface RetryOptions {
  /** Attempts in all, the first included. Default 5. */
  attempts?: number;
  /** The first backoff; doubles each time. Default 1000 ms. */
  baseDelayMs?: number;
  /** No wait is longer than this (Retry-After included). Default 60 000 ms. */
  maxDelayMs?: number;
  signal?: AbortSignal;
  /** Waits; resolves early (or rejects) when the signal aborts. Default: a timer. */
  sleep?: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
  /** 0 ≤ value < 1. Default Math.random. */
  random?: () => number;
  /** Whether an error is worth another attempt. Default: `retryDecision`. */
  classify?: (error: unknown) => RetryDecision;
  onRetry?: (event: { attempt: number; delayMs: number; error: unknown }) => void;
  /** Time now, for reading an HTTP-date Retry-After. */
  now?: () => number;
}

export interface RetryDecision {
  retry: boolean;
  /** What the server asked for, when it did. */
  retryAfterMs?: number;
}

function field(value: unknown, name: string): unknown {
  return value && typeof value === 'object' ? (value as Record<string, unknown>)[name] : undefined;
}

function statusOf(error: unknown): number | undefined {
  for (const name of ['statusCode', 'status']) {
    const status = field(error, name) ?? field(field(error, 'response'), name);
    if (typeof status === 'number') return status;
  }
  return undefined;
}

function headerOf(error: unknown, name: string): string | undefined {
  for (const holder of [
    field(error, 'responseHeaders'),
    field(error, 'headers'),
    field(field(error, 'response'), 'headers'),
  ]) {
    if (!holder || typeof holder !== 'object') continue;
    if (typeof (holder as Headers).get === 'function') {
      const value = (holder as Headers).get(name);
      if (value) return value;
      continue;
    }
    for (const [key, value] of Object.entries(holder as Record<string, unknown>)) {
      if (key.toLowerCase() === name && typeof value === 'string') return value;
    }
  }
  return undefined;
}

/** `Retry-After: 7` or an HTTP date → milliseconds from now. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

const transientCodes = new Set([
  'ETIMEDOUT',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function retryDecision(error: unknown, now: number = Date.now()): RetryDecision {
  if (field(error, 'name') === 'AbortError') return { retry: false };
  const retryAfterMs =
    typeof field(error, 'retryAfterMs') === 'number'
      ? (field(error, 'retryAfterMs') as number)
      : parseRetryAfter(headerOf(error, 'retry-after'), now);
  const status = statusOf(error);
  if (status !== undefined) {
    const retry = status === 429 || status === 408 || status >= 500;
    return retry ? { retry, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) } : { retry: false };
  }
  if (field(error, 'isRetryable') === true || field(error, 'retryable') === true)
    return { retry: true, retryAfterMs };
  if (field(error, 'name') === 'TimeoutError') return { retry: true };
  const code = field(error, 'code') ?? field(field(error, 'cause'), 'code');
  if (typeof code === 'string' && transientCodes.has(code)) return { retry: true };
  return { retry: false };
}

export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error(typeof reason === 'string' ? reason : 'The operation was aborted.');
  error.name = 'AbortError';
  return error;
}

export function sleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The wait before attempt `attempt + 1`: half of the exponential step plus a random part of the other half, or Retry-After. */
export function backoffDelay(
  attempt: number,
  decision: RetryDecision,
  options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'> = {},
): number {
  const base = options.baseDelayMs ?? 1000;
  const max = options.maxDelayMs ?? 60_000;
  const random = options.random ?? Math.random;
  if (decision.retryAfterMs !== undefined) return Math.min(max, Math.max(0, decision.retryAfterMs));
  const step = Math.min(max, base * 2 ** (attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

export async function withRetry<Result>(
  operation: (attempt: number) => Promise<Result>,
  options: RetryOptions = {},
): Promise<Result> {
  const attempts = Math.max(1, options.attempts ?? 5);
  const wait = options.sleep ?? sleep;
  const classify =
    options.classify ?? ((error: unknown) => retryDecision(error, options.now?.() ?? Date.now()));
  for (let attempt = 1; ; attempt++) {
    if (options.signal?.aborted) throw abortError(options.signal);
    try {
      return await operation(attempt);
    } catch (error) {
      if (options.signal?.aborted) throw abortError(options.signal);
      const decision = classify(error);
      if (!decision.retry || attempt >= attempts) throw error;
      const delayMs = backoffDelay(attempt, decision, options);
      options.onRetry?.({ attempt, delayMs, error });
      await wait(delayMs, options.signal);
    }
  }
}
