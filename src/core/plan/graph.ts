// The task graph: a task depends on the tasks it names; an edge runs from a task to each of
// its dependencies. Everything here ignores dependencies on unknown ids (lint reports those)
// and, for duplicate ids, uses the first task with the id. All walks are iterative, so a
// 10,000-task chain does not overflow the stack.
/** What the graph needs of a task; a PlanTask is one, and so is a scheduler's view of it. */
export interface GraphTask {
  id: string;
  dependencies: readonly string[];
  estimate?: string | undefined;
}

/** A plan, or anything with tasks. */
export interface TaskGraphInput {
  tasks: readonly GraphTask[];
}

interface Graph {
  ids: string[];
  /** Known dependencies of each task, deduplicated. */
  dependencies: Map<string, string[]>;
  /** Tasks that depend on each task. */
  dependents: Map<string, string[]>;
}

function buildGraph(tasks: readonly GraphTask[]): Graph {
  const ids: string[] = [];
  const dependencies = new Map<string, string[]>();
  for (const task of tasks) {
    if (dependencies.has(task.id)) continue;
    ids.push(task.id);
    dependencies.set(task.id, []);
  }
  const dependents = new Map<string, string[]>(ids.map((id) => [id, []]));
  const seen = new Set<string>();
  for (const task of tasks) {
    if (seen.has(task.id)) continue;
    seen.add(task.id);
    const own = dependencies.get(task.id)!;
    for (const dependency of task.dependencies) {
      if (!dependencies.has(dependency) || own.includes(dependency)) continue;
      own.push(dependency);
      dependents.get(dependency)!.push(task.id);
    }
  }
  return { ids, dependencies, dependents };
}

/**
 * A dependency cycle, as ids with the first repeated at the end: `['T2', 'T4', 'T2']` means
 * T2 depends on T4 and T4 on T2. Undefined when the graph has none.
 */
export function findCycle(tasks: readonly GraphTask[]): string[] | undefined {
  return findCycles(tasks)[0];
}

/**
 * One cycle per strongly connected group of tasks that depend on each other (a task that
 * depends on itself is a group of one), in plan order; each cycle as in `findCycle`.
 */
export function findCycles(tasks: readonly GraphTask[]): string[][] {
  const graph = buildGraph(tasks);
  const state = new Map<string, 'visiting' | 'done'>();
  const cycles: string[][] = [];
  const inReportedCycle = new Set<string>();
  for (const root of graph.ids) {
    if (state.has(root)) continue;
    // Depth-first with an explicit stack; `path` holds the tasks currently being visited.
    const path: string[] = [];
    const stack: Array<{ id: string; next: number }> = [{ id: root, next: 0 }];
    state.set(root, 'visiting');
    path.push(root);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const dependencies = graph.dependencies.get(frame.id)!;
      if (frame.next >= dependencies.length) {
        state.set(frame.id, 'done');
        stack.pop();
        path.pop();
        continue;
      }
      const dependency = dependencies[frame.next++]!;
      const dependencyState = state.get(dependency);
      if (dependencyState === 'visiting') {
        const cycle = [...path.slice(path.indexOf(dependency)), dependency];
        if (!cycle.some((id) => inReportedCycle.has(id))) {
          cycles.push(cycle);
          for (const id of cycle) inReportedCycle.add(id);
        }
      } else if (dependencyState === undefined) {
        state.set(dependency, 'visiting');
        path.push(dependency);
        stack.push({ id: dependency, next: 0 });
      }
    }
  }
  return cycles;
}

/**
 * Kahn's layers: layer 0 holds the tasks with no dependencies, layer n the tasks whose
 * dependencies are all in earlier layers. Tasks in a cycle, and tasks that depend on one,
 * never become ready and are left out. Within a layer, plan order.
 */
export function taskLayers(plan: TaskGraphInput): string[][] {
  const graph = buildGraph(plan.tasks);
  const waitingOn = new Map(graph.ids.map((id) => [id, graph.dependencies.get(id)!.length]));
  const order = new Map(graph.ids.map((id, index) => [id, index]));
  const layers: string[][] = [];
  let layer = graph.ids.filter((id) => waitingOn.get(id) === 0);
  while (layer.length > 0) {
    layers.push(layer);
    const next: string[] = [];
    for (const id of layer) {
      for (const dependent of graph.dependents.get(id)!) {
        const remaining = waitingOn.get(dependent)! - 1;
        waitingOn.set(dependent, remaining);
        if (remaining === 0) next.push(dependent);
      }
    }
    layer = next.sort((a, b) => order.get(a)! - order.get(b)!);
  }
  return layers;
}

/**
 * Minutes in an estimate: `30m`, `45 min`, `2h`, `1.5 hours`, `1h30m`, `1d` (a working day,
 * 8 hours). A range (`3-4 hours`) counts as its upper end. Undefined when unreadable.
 */
export function estimateMinutes(estimate: string | undefined): number | undefined {
  if (estimate === undefined) return undefined;
  const text = estimate.toLowerCase().replace(/~|about|approx\.?/g, '');
  const unitMinutes = (unit: string) => (unit.startsWith('d') ? 480 : unit.startsWith('h') ? 60 : 1);
  const range =
    /^\s*(\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(\d+(?:\.\d+)?)\s*(m|min|mins|minutes?|h|hr|hrs|hours?|d|days?)\s*$/.exec(
      text,
    );
  if (range) return Number(range[2]) * unitMinutes(range[3]!);
  let total = 0;
  let matched = '';
  for (const match of text.matchAll(/(\d+(?:\.\d+)?)\s*(minutes?|mins?|m|hours?|hrs?|h|days?|d)(?![a-z])/g)) {
    total += Number(match[1]) * unitMinutes(match[2]!);
    matched += match[0];
  }
  if (matched === '' || text.replace(/\s+/g, '').length !== matched.replace(/\s+/g, '').length)
    return undefined;
  return total;
}

/** Each task's weight: its estimate in minutes when every task has a readable one, else 1. */
export function taskWeights(tasks: readonly GraphTask[]): Map<string, number> {
  const minutes = tasks.map((task) => estimateMinutes(task.estimate));
  const allEstimated = minutes.every((value) => value !== undefined && value > 0);
  const weights = new Map<string, number>();
  tasks.forEach((task, index) => {
    if (!weights.has(task.id)) weights.set(task.id, allEstimated ? minutes[index]! : 1);
  });
  return weights;
}

/**
 * The longest chain of dependent tasks, first task first: the shortest time the plan can
 * take with unlimited builders. Weighted as `taskWeights` says. Tasks in cycles are ignored.
 */
export function criticalPath(plan: TaskGraphInput): string[] {
  const graph = buildGraph(plan.tasks);
  const weights = taskWeights(plan.tasks);
  const longest = new Map<string, number>();
  const through = new Map<string, string | undefined>();
  for (const layer of taskLayers(plan)) {
    for (const id of layer) {
      let best: string | undefined;
      for (const dependency of graph.dependencies.get(id)!) {
        if (best === undefined || longest.get(dependency)! > longest.get(best)!) best = dependency;
      }
      longest.set(id, (best === undefined ? 0 : longest.get(best)!) + weights.get(id)!);
      through.set(id, best);
    }
  }
  let end: string | undefined;
  for (const [id, length] of longest) if (end === undefined || length > longest.get(end)!) end = id;
  const path: string[] = [];
  for (let id = end; id !== undefined; id = through.get(id)) path.push(id);
  return path.reverse();
}

/** Does `from` depend on `to`, directly or through other tasks? */
export function dependsOnTransitively(plan: TaskGraphInput, from: string, to: string): boolean {
  const graph = buildGraph(plan.tasks);
  const seen = new Set<string>([from]);
  const stack = [from];
  while (stack.length > 0) {
    for (const dependency of graph.dependencies.get(stack.pop()!) ?? []) {
      if (dependency === to) return true;
      if (!seen.has(dependency)) {
        seen.add(dependency);
        stack.push(dependency);
      }
    }
  }
  return false;
}

/**
 * For each task, the weight of the longest chain that starts with it and runs through the
 * tasks waiting on it: a scheduler that starts the task with the most remaining work first
 * finishes soonest. Tasks in `done` weigh nothing; tasks in cycles are left out.
 */
export function remainingPathLength(
  plan: TaskGraphInput,
  done: ReadonlySet<string> = new Set(),
): Map<string, number> {
  const graph = buildGraph(plan.tasks);
  const weights = taskWeights(plan.tasks);
  const remaining = new Map<string, number>();
  const layers = taskLayers(plan);
  for (let layerIndex = layers.length - 1; layerIndex >= 0; layerIndex--) {
    for (const id of layers[layerIndex]!) {
      let after = 0;
      for (const dependent of graph.dependents.get(id)!)
        after = Math.max(after, remaining.get(dependent) ?? 0);
      remaining.set(id, (done.has(id) ? 0 : weights.get(id)!) + after);
    }
  }
  return remaining;
}
