// Which tasks to start next. Pure: given the plan's tasks, what is done, blocked and running,
// and how many builders there are, it answers in priority order. The rules (issue 5):
//   - a task is ready when every dependency is done;
//   - at most `concurrency` run at once;
//   - two tasks whose declared files may overlap never run together (the store's claims have
//     the last word; this keeps one tick from even asking for two that would collide);
//   - among ready tasks, the one on the longest remaining path goes first, then plan order.
import { patternsOverlap } from '../claims/claim.ts';
import { remainingPathLength } from '../plan/graph.ts';
import type { PlanTask } from '../plan/model.ts';

export type SchedulingTask = Pick<PlanTask, 'id' | 'dependencies' | 'files'>;

export interface ScheduleInput {
  tasks: readonly SchedulingTask[];
  done: ReadonlySet<string>;
  blocked: ReadonlySet<string>;
  running: ReadonlySet<string>;
  concurrency: number;
  /**
   * Free slots, when not every running task holds one (a task waiting for its merge does not);
   * default: concurrency minus the running tasks. Running tasks' files still keep others out.
   */
  freeSlots?: number;
  /** Ready tasks to leave out this tick (their claims were just denied). */
  skip?: ReadonlySet<string>;
}

/** Do two tasks' declared files share a path? A task declaring nothing collides with nobody. */
export function filesOverlap(left: readonly string[], right: readonly string[]): boolean {
  return left.some((leftPattern) => right.some((rightPattern) => patternsOverlap(leftPattern, rightPattern)));
}

/** Tasks whose dependencies are all done and that are neither done, blocked nor running. */
export function readyTasks(input: Omit<ScheduleInput, 'concurrency'>): SchedulingTask[] {
  const known = new Set(input.tasks.map((task) => task.id));
  return input.tasks.filter(
    (task) =>
      !input.done.has(task.id) &&
      !input.blocked.has(task.id) &&
      !input.running.has(task.id) &&
      task.dependencies.every((dependency) => !known.has(dependency) || input.done.has(dependency)),
  );
}

/** Ready tasks (not skipped), best first: longest remaining path, then plan order. */
function rankedReadyTasks(input: Omit<ScheduleInput, 'concurrency'>): SchedulingTask[] {
  const remaining = remainingPathLength({ tasks: [...input.tasks] }, input.done);
  const order = new Map(input.tasks.map((task, index) => [task.id, index]));
  return readyTasks(input)
    .filter((task) => !input.skip?.has(task.id))
    .sort(
      (left, right) =>
        (remaining.get(right.id) ?? 0) - (remaining.get(left.id) ?? 0) ||
        order.get(left.id)! - order.get(right.id)!,
    );
}

/**
 * The ready tasks that will start next once slots free up, best first, at most `limit`: the
 * runner prepares their worktrees while the slots are busy.
 */
export function upcomingTasks(input: Omit<ScheduleInput, 'concurrency'>, limit: number): string[] {
  return rankedReadyTasks(input)
    .slice(0, Math.max(0, limit))
    .map((task) => task.id);
}

/** The tasks to start now, best first; never more than the free slots. */
export function pickTasks(input: ScheduleInput): string[] {
  const free = input.freeSlots ?? input.concurrency - input.running.size;
  if (free <= 0) return [];
  const candidates = rankedReadyTasks(input);
  const byId = new Map(input.tasks.map((task) => [task.id, task]));
  const occupied = [...input.running].map((id) => byId.get(id)?.files ?? []);
  const picked: string[] = [];
  for (const task of candidates) {
    if (picked.length >= free) break;
    if (occupied.some((files) => filesOverlap(files, task.files))) continue;
    picked.push(task.id);
    occupied.push(task.files);
  }
  return picked;
}

/** Every task that depends on `blockedId`, directly or through others, in plan order. */
export function dependentsOf(tasks: readonly SchedulingTask[], blockedId: string): string[] {
  const affected = new Set<string>([blockedId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const task of tasks) {
      if (affected.has(task.id)) continue;
      if (task.dependencies.some((dependency) => affected.has(dependency))) {
        affected.add(task.id);
        grew = true;
      }
    }
  }
  return tasks.map((task) => task.id).filter((id) => id !== blockedId && affected.has(id));
}

/** True when nothing more can start or finish: every task is done or blocked, none running. */
export function runIsOver(input: Omit<ScheduleInput, 'concurrency'>): boolean {
  return input.running.size === 0 && readyTasks(input).length === 0;
}
