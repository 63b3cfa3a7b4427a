// The SessionStart digest keeps every section within 8,000 characters: claims first, then
// blocked entries, active plans and the pool, each saying how many were left out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Claim } from '../../../src/core/claims/claim.ts';
import type { PoolEntry } from '../../../src/core/pool/entry.ts';
import { buildDigest, digestLimit } from '../../../src/integrations/claude/digest.ts';

const now = Date.parse('2026-01-10T12:00:00Z');

function entry(id: number, action: PoolEntry['action'], summaryLength: number, instance = 'B'): PoolEntry {
  return {
    id,
    at: now - id * 60_000,
    instance,
    action,
    topic: `topic ${id}`,
    summary: `${'s'.repeat(summaryLength - 4)} end`,
    affects: [`src/file-${id}.ts`],
    blocks: null,
    planId: null,
    taskId: null,
    data: {},
  };
}

function claim(id: number, instance: string): Claim {
  return {
    id,
    instance,
    pattern: `src/claimed-${id}.ts`,
    exclusive: true,
    reason: 'refactor',
    acquiredAt: now - 1000,
    expiresAt: now + 30 * 60_000,
    planId: null,
    taskId: null,
    sessionId: null,
  };
}

test('30 long blocked entries leave room for claims, plans and the pool', () => {
  const blocked = Array.from({ length: 30 }, (_, index) => entry(index + 1, 'blocked', 600));
  const entries = Array.from({ length: 40 }, (_, index) => entry(100 + index, 'completed', 200));
  const text = buildDigest({
    instance: 'A',
    now,
    since: now - 3_600_000,
    sinceLastSession: true,
    entries,
    blocked,
    claims: [claim(1, 'B'), claim(2, 'A'), claim(3, 'C')],
    plans: [{ id: 'p-1', title: 'Auth rework', tasks: 5, done: 2 }],
  });
  assert.ok(text.length <= digestLimit, `digest is ${text.length} characters`);
  assert.match(text, /## Claims/);
  assert.match(text, /src\/claimed-1\.ts held by B/);
  assert.match(text, /src\/claimed-2\.ts/);
  assert.match(text, /## Blocked/);
  assert.match(text, /## Active plans\n- p-1: Auth rework — 2\/5 tasks done/);
  assert.match(text, /## Pool since your last session/);
  assert.match(text, /topic 100 —/, 'at least the newest pool entry is shown');
  assert.match(text, /… \d+ more left out \(see: baton pool query --action blocked/);
  assert.match(text, /… \d+ more left out \(see: baton pool query --since/);
  assert.ok(!text.includes('s'.repeat(400)), 'long summaries are shortened');
  assert.match(text, /s…/);
  assert.ok(text.indexOf('## Claims') < text.indexOf('## Blocked'), 'claims come first');
});

test('a small digest is shown whole', () => {
  const text = buildDigest({
    instance: 'A',
    now,
    since: now - 3_600_000,
    sinceLastSession: false,
    entries: [entry(1, 'completed', 50)],
    blocked: [entry(2, 'blocked', 50)],
    claims: [claim(1, 'B')],
    plans: [],
  });
  assert.doesNotMatch(text, /left out|cut at/);
  assert.match(text, /topic 1 —/);
  assert.match(text, /topic 2 —/);
});
