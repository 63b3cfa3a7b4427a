import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  criticalPath,
  dependsOnTransitively,
  estimateMinutes,
  findCycle,
  findCycles,
  remainingPathLength,
  taskLayers,
} from '../../../src/core/plan/graph.ts';

const tasks = (spec: Record<string, string[]>, estimates: Record<string, string> = {}) => ({
  tasks: Object.entries(spec).map(([id, dependencies]) => ({
    id,
    dependencies,
    ...(estimates[id] ? { estimate: estimates[id] } : {}),
  })),
});

describe('findCycle', () => {
  test('none in a DAG', () => {
    assert.equal(findCycle(tasks({ T1: [], T2: ['T1'], T3: ['T1', 'T2'] }).tasks), undefined);
  });
  test('returns the cycle with the first id repeated', () => {
    assert.deepEqual(findCycle(tasks({ T1: [], T2: ['T1', 'T4'], T3: ['T2'], T4: ['T3'] }).tasks), [
      'T2',
      'T4',
      'T3',
      'T2',
    ]);
    assert.deepEqual(findCycle(tasks({ T1: ['T1'] }).tasks), ['T1', 'T1']);
  });
  test('one cycle per group; unknown dependencies ignored', () => {
    const cycles = findCycles(tasks({ T1: ['T2'], T2: ['T1'], T3: ['T9'], T4: ['T5'], T5: ['T4'] }).tasks);
    assert.deepEqual(cycles, [
      ['T1', 'T2', 'T1'],
      ['T4', 'T5', 'T4'],
    ]);
  });
  test('a 20,000-task chain does not overflow the stack', () => {
    const spec: Record<string, string[]> = {};
    for (let index = 1; index <= 20_000; index++)
      spec[`T${index}`] = index === 1 ? [`T20000`] : [`T${index - 1}`];
    assert.equal(findCycle(tasks(spec).tasks)?.length, 20_001);
  });
});

describe('taskLayers', () => {
  test('Kahn layers in plan order; cycles and what waits on them left out', () => {
    const plan = tasks({
      T1: [],
      T2: [],
      T3: ['T1'],
      T4: ['T1', 'T2'],
      T5: ['T3', 'T4'],
      T6: ['T7'],
      T7: ['T6'],
      T8: ['T6'],
    });
    assert.deepEqual(taskLayers(plan), [['T1', 'T2'], ['T3', 'T4'], ['T5']]);
  });
});

describe('criticalPath', () => {
  test('longest chain by task count when estimates are missing', () => {
    const plan = tasks({ T1: [], T2: ['T1'], T3: ['T2'], T4: ['T1'] });
    assert.deepEqual(criticalPath(plan), ['T1', 'T2', 'T3']);
  });
  test('by estimates when every task has one', () => {
    const plan = tasks(
      { T1: [], T2: ['T1'], T3: ['T2'], T4: ['T1'] },
      { T1: '30m', T2: '15m', T3: '15m', T4: '2h' },
    );
    assert.deepEqual(criticalPath(plan), ['T1', 'T4']);
  });
  test('empty plan', () => assert.deepEqual(criticalPath({ tasks: [] }), []));
});

describe('estimateMinutes', () => {
  test('reads the usual forms', () => {
    assert.equal(estimateMinutes('30m'), 30);
    assert.equal(estimateMinutes('45 min'), 45);
    assert.equal(estimateMinutes('2h'), 120);
    assert.equal(estimateMinutes('1.5 hours'), 90);
    assert.equal(estimateMinutes('1h30m'), 90);
    assert.equal(estimateMinutes('1d'), 480);
    assert.equal(estimateMinutes('3-4 hours'), 240);
    assert.equal(estimateMinutes('~2h'), 120);
  });
  test('undefined when unreadable', () => {
    assert.equal(estimateMinutes('soon'), undefined);
    assert.equal(estimateMinutes('2h maybe'), undefined);
    assert.equal(estimateMinutes(undefined), undefined);
  });
});

describe('dependsOnTransitively and remainingPathLength', () => {
  const plan = tasks({ T1: [], T2: ['T1'], T3: ['T2'], T4: [] });
  test('follows chains', () => {
    assert.equal(dependsOnTransitively(plan, 'T3', 'T1'), true);
    assert.equal(dependsOnTransitively(plan, 'T1', 'T3'), false);
    assert.equal(dependsOnTransitively(plan, 'T4', 'T1'), false);
  });
  test('remaining work from each task; done tasks weigh nothing', () => {
    assert.deepEqual(Object.fromEntries(remainingPathLength(plan)), { T1: 3, T2: 2, T3: 1, T4: 1 });
    assert.deepEqual(Object.fromEntries(remainingPathLength(plan, new Set(['T1']))), {
      T1: 2,
      T2: 2,
      T3: 1,
      T4: 1,
    });
  });
});
