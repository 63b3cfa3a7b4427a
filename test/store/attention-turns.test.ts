import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  advanceAttention,
  clearAttention,
  lastTurnAt,
  readAttention,
} from '../../src/store/attention-turns.ts';
import { storeTargets } from '../support/stores.ts';

const settings = { decay: 0.8, hot: 0.7, warm: 0.25 };

for (const target of storeTargets) {
  test(`${target.name}: each turn decays an instance's scores; other instances are untouched`, {
    skip: target.skip,
  }, async (t) => {
    const { store } = await target.open(t);
    assert.equal(await lastTurnAt(store, 'A'), undefined);
    await advanceAttention(store, { instance: 'A', mentioned: ['src/a.ts'], settings, now: 1000 });
    await advanceAttention(store, { instance: 'B', mentioned: ['src/b.ts'], settings, now: 1500 });
    const second = await advanceAttention(store, {
      instance: 'A',
      mentioned: ['src/c.ts'],
      settings,
      now: 2000,
    });
    assert.equal(second.turn, 2);
    assert.deepEqual(
      second.scores.map((entry) => [entry.path, Number(entry.score.toFixed(2))]),
      [
        ['src/c.ts', 1],
        ['src/a.ts', 0.8],
      ],
    );
    assert.equal(await lastTurnAt(store, 'A'), 2000);
    const [b] = await readAttention(store, 'B');
    assert.deepEqual(b, { instance: 'B', turn: 1, scores: [{ path: 'src/b.ts', score: 1 }] });
    assert.deepEqual(
      (await readAttention(store)).map((state) => state.instance),
      ['A', 'B'],
    );
    // Turns until both are COLD: their rows go.
    for (let turn = 0; turn < 7; turn++)
      await advanceAttention(store, { instance: 'A', mentioned: [], settings });
    const [a] = await readAttention(store, 'A');
    assert.equal(a!.turn, 9);
    assert.deepEqual(a!.scores, []);
    await clearAttention(store, 'B');
    assert.deepEqual(await readAttention(store, 'B'), [{ instance: 'B', turn: 0, scores: [] }]);
  });

  test(`${target.name}: two turns of one instance at once both count`, { skip: target.skip }, async (t) => {
    const { store } = await target.open(t);
    await Promise.all([
      advanceAttention(store, { instance: 'A', mentioned: ['x.ts'], settings }),
      advanceAttention(store, { instance: 'A', mentioned: ['y.ts'], settings }),
    ]);
    const [a] = await readAttention(store, 'A');
    assert.equal(a!.turn, 2);
    assert.deepEqual(a!.scores.map((entry) => entry.path).sort(), ['x.ts', 'y.ts']);
  });
}
