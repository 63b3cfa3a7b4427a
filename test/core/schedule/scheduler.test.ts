// The pure scheduler: readiness, the concurrency limit, overlapping files, priority.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dependentsOf, filesOverlap, pickTasks, runIsOver } from '../../../src/core/schedule/scheduler.ts';

const task = (id: string, files: string[], dependencies: string[] = []) => ({ id, files, dependencies });
const none = new Set<string>();

test('a task is ready only when its dependencies are done', () => {
  const tasks = [task('T1', ['a']), task('T2', ['b'], ['T1'])];
  assert.deepEqual(pickTasks({ tasks, done: none, blocked: none, running: none, concurrency: 4 }), ['T1']);
  assert.deepEqual(
    pickTasks({ tasks, done: new Set(['T1']), blocked: none, running: none, concurrency: 4 }),
    ['T2'],
  );
});

test('never more than the free slots', () => {
  const tasks = ['T1', 'T2', 'T3', 'T4'].map((id) => task(id, [`${id}.ts`]));
  assert.equal(pickTasks({ tasks, done: none, blocked: none, running: none, concurrency: 3 }).length, 3);
  assert.deepEqual(
    pickTasks({ tasks, done: none, blocked: none, running: new Set(['T1', 'T2']), concurrency: 3 }),
    ['T3'],
  );
  assert.deepEqual(
    pickTasks({ tasks, done: none, blocked: none, running: new Set(['T1', 'T2', 'T3']), concurrency: 3 }),
    [],
  );
});

test('free slots given: running tasks waiting for their merge lend their slot, not their files', () => {
  const tasks = [task('T1', ['a.ts']), task('T2', ['b.ts']), task('T3', ['a.ts']), task('T4', ['c.ts'])];
  // T1 and T2 run (waiting for their merge), two slots are free: T3 shares T1's file, T4 starts.
  assert.deepEqual(
    pickTasks({
      tasks,
      done: none,
      blocked: none,
      running: new Set(['T1', 'T2']),
      concurrency: 2,
      freeSlots: 2,
    }),
    ['T4'],
  );
  assert.deepEqual(
    pickTasks({ tasks, done: none, blocked: none, running: none, concurrency: 4, freeSlots: 0 }),
    [],
  );
});

test('two tasks whose files overlap are never picked together, nor beside a running one', () => {
  const tasks = [task('T1', ['src/**']), task('T2', ['src/a.ts']), task('T3', ['docs/x.md'])];
  assert.deepEqual(pickTasks({ tasks, done: none, blocked: none, running: none, concurrency: 4 }), [
    'T1',
    'T3',
  ]);
  assert.deepEqual(
    pickTasks({ tasks, done: none, blocked: none, running: new Set(['T2']), concurrency: 4 }),
    ['T3'],
  );
  assert.ok(filesOverlap(['src'], ['src/a.ts']));
  assert.ok(!filesOverlap([], ['src/a.ts']));
});

test('the longest remaining path goes first, then plan order', () => {
  // T3 → T4 → T5 is longer than T1 or T2 alone.
  const tasks = [
    task('T1', ['1']),
    task('T2', ['2']),
    task('T3', ['3']),
    task('T4', ['4'], ['T3']),
    task('T5', ['5'], ['T4']),
  ];
  assert.deepEqual(pickTasks({ tasks, done: none, blocked: none, running: none, concurrency: 2 }), [
    'T3',
    'T1',
  ]);
});

test('skipped (claim-denied) tasks wait; blocked tasks block their dependents transitively', () => {
  const tasks = [task('T1', ['a']), task('T2', ['b'], ['T1']), task('T3', ['c'], ['T2']), task('T4', ['d'])];
  assert.deepEqual(
    pickTasks({ tasks, done: none, blocked: none, running: none, concurrency: 4, skip: new Set(['T1']) }),
    ['T4'],
  );
  assert.deepEqual(dependentsOf(tasks, 'T1'), ['T2', 'T3']);
  assert.ok(runIsOver({ tasks, done: new Set(['T4']), blocked: new Set(['T1', 'T2', 'T3']), running: none }));
  assert.ok(!runIsOver({ tasks, done: none, blocked: new Set(['T1', 'T2', 'T3']), running: none }));
});
