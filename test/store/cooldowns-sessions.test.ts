import assert from 'node:assert/strict';
import { test } from 'node:test';
import { takeCooldown } from '../../src/store/cooldowns.ts';
import { lastSessionStart, recordSessionStart } from '../../src/store/sessions.ts';
import { storeTargets } from '../support/stores.ts';

const minute = 60_000;
const now = Date.parse('2026-01-02T12:00:00Z');

for (const target of storeTargets) {
  test(`${target.name}: a cooldown lets one automatic entry through per instance and kind`, {
    skip: target.skip,
  }, async (t) => {
    const { store } = await target.open(t);
    const take = (instance: string, kind: string, at: number) =>
      takeCooldown(store, { instance, kind, cooldownMs: 5 * minute, now: at });
    assert.equal(await take('A', 'tested', now), true);
    assert.equal(await take('A', 'tested', now + minute), false);
    assert.equal(await take('A', 'built', now + minute), true, 'another kind has its own cooldown');
    assert.equal(await take('B', 'tested', now + minute), true, 'another instance has its own cooldown');
    // The failed attempt at +1m did not restart the clock.
    assert.equal(await take('A', 'tested', now + 5 * minute), true);
    assert.equal(await take('A', 'tested', now + 6 * minute), false);
  });

  test(`${target.name}: racing takes of one cooldown give exactly one true`, {
    skip: target.skip,
  }, async (t) => {
    const { store } = await target.open(t);
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        takeCooldown(store, { instance: 'A', kind: 'edited', cooldownMs: minute, now }),
      ),
    );
    assert.equal(results.filter(Boolean).length, 1);
  });

  test(`${target.name}: a session start returns the previous one`, { skip: target.skip }, async (t) => {
    const { store } = await target.open(t);
    assert.equal(await recordSessionStart(store, 'A', now), undefined);
    assert.equal(await recordSessionStart(store, 'A', now + minute), now);
    assert.equal(await recordSessionStart(store, 'B', now + 2 * minute), undefined);
    assert.equal(await lastSessionStart(store, 'A'), now + minute);
    assert.equal(await lastSessionStart(store, 'C'), undefined);
  });
}
