// The states a task goes through in a run (DESIGN: pending → ready → running → verifying →
// reviewing → done, or blocked). `merging` is the short wait for the one merge slot.
export const taskRunStates = [
  'pending',
  'ready',
  'running',
  'verifying',
  'reviewing',
  'merging',
  'done',
  'blocked',
] as const;
export type TaskRunState = (typeof taskRunStates)[number];

/** States in which a runner is working on the task: after a crash, these restart. */
export const inFlightStates: ReadonlySet<string> = new Set(['running', 'verifying', 'reviewing', 'merging']);

export function isTaskRunState(value: string): value is TaskRunState {
  return (taskRunStates as readonly string[]).includes(value);
}
