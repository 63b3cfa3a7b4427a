import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay, parseRetryAfter, retryDecision, withRetry } from '../../src/agents/call-retry.ts';

function httpError(status: number, headers: Record<string, string> = {}): Error {
  return Object.assign(new Error(`HTTP ${status}`), { statusCode: status, responseHeaders: headers });
}

test('a 429 then a success is retried once, waiting what Retry-After asked', async () => {
  const waits: number[] = [];
  let calls = 0;
  const result = await withRetry(
    async () => {
      calls++;
      if (calls === 1) throw httpError(429, { 'retry-after': '7' });
      return 'answer';
    },
    { sleep: async (milliseconds) => void waits.push(milliseconds) },
  );
  assert.equal(result, 'answer');
  assert.equal(calls, 2);
  assert.deepEqual(waits, [7000]);
});

test('5xx and time-outs back off exponentially with jitter, up to the attempt cap', async () => {
  const waits: number[] = [];
  let calls = 0;
  await assert.rejects(
    withRetry(
      async () => {
        calls++;
        throw httpError(503);
      },
      {
        attempts: 4,
        baseDelayMs: 100,
        random: () => 0.5,
        sleep: async (milliseconds) => void waits.push(milliseconds),
      },
    ),
    /HTTP 503/,
  );
  assert.equal(calls, 4);
  // Half the step fixed, half random (0.5 here): 75, 150, 300.
  assert.deepEqual(waits, [75, 150, 300]);
  assert.equal(retryDecision(Object.assign(new Error('t'), { name: 'TimeoutError' })).retry, true);
  assert.equal(retryDecision(Object.assign(new Error('reset'), { code: 'ECONNRESET' })).retry, true);
});

test('a 400 is not retried', async () => {
  let calls = 0;
  await assert.rejects(
    withRetry(
      async () => {
        calls++;
        throw httpError(400);
      },
      { sleep: async () => assert.fail('no wait for a 400') },
    ),
  );
  assert.equal(calls, 1);
});

test('aborting stops the retries', async () => {
  const controller = new AbortController();
  let calls = 0;
  await assert.rejects(
    withRetry(
      async () => {
        calls++;
        throw httpError(429);
      },
      {
        signal: controller.signal,
        sleep: async () => {
          controller.abort(new Error('stop now'));
        },
      },
    ),
    /stop now/,
  );
  assert.equal(calls, 1);
});

test('Retry-After as an HTTP date, and the cap on a long wait', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now), 30_000);
  assert.equal(backoffDelay(1, { retry: true, retryAfterMs: 600_000 }, { maxDelayMs: 60_000 }), 60_000);
});
