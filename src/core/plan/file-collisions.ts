// PLAN_FILE_COLLISION: two tasks that could run at the same time (neither depends on the
// other, directly or not) and declare the same file, or patterns that may overlap. Run in
// parallel they would edit the same file in two worktrees and collide at merge time.
import { isGlob, literalPrefix, patternsMayOverlap } from '../paths/glob.ts';
import { normalizeRepositoryPath } from '../paths/repository-path.ts';
import type { Diagnostic, ParseResult, SourcePosition } from './model.ts';

interface DeclaredFile {
  /** Position in the list of all declared files, to count each pair once. */
  order: number;
  taskIndex: number;
  taskId: string;
  pattern: string;
  normalized: string;
  /** The leading segments without wildcards: every path the pattern covers starts with them. */
  prefix: string;
  position: SourcePosition;
}

/** Could paths under both literal prefixes be the same? (One prefix holds the other.) */
function prefixesMeet(a: string, b: string): boolean {
  if (a === '' || b === '' || a === b) return true;
  return a.length < b.length ? b.startsWith(`${a}/`) : a.startsWith(`${b}/`);
}

/** Each task's transitive dependencies as a bit set over task indexes (fast for 1,000s of tasks). */
function ancestorSets(parsed: ParseResult): Map<string, Uint32Array> {
  const tasks = parsed.plan.tasks;
  const indexOf = new Map<string, number>();
  tasks.forEach((task, index) => {
    if (!indexOf.has(task.id)) indexOf.set(task.id, index);
  });
  const words = Math.ceil(tasks.length / 32) || 1;
  const sets = new Map<string, Uint32Array>();
  const visiting = new Set<string>();
  // Iterative post-order, so a long chain does not overflow the stack; a cycle is cut where
  // it closes (cycles are reported by PLAN_CYCLE).
  for (const root of indexOf.keys()) {
    if (sets.has(root)) continue;
    const stack: Array<{ id: string; expanded: boolean }> = [{ id: root, expanded: false }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const task = tasks[indexOf.get(frame.id)!]!;
      if (!frame.expanded) {
        frame.expanded = true;
        visiting.add(frame.id);
        for (const dependency of task.dependencies) {
          if (indexOf.has(dependency) && !sets.has(dependency) && !visiting.has(dependency))
            stack.push({ id: dependency, expanded: false });
        }
        continue;
      }
      stack.pop();
      visiting.delete(frame.id);
      if (sets.has(frame.id)) continue;
      const set = new Uint32Array(words);
      for (const dependency of task.dependencies) {
        const dependencyIndex = indexOf.get(dependency);
        if (dependencyIndex === undefined) continue;
        set[dependencyIndex >> 5]! |= 1 << (dependencyIndex & 31);
        const inherited = sets.get(dependency);
        if (inherited) for (let word = 0; word < words; word++) set[word]! |= inherited[word]!;
      }
      sets.set(frame.id, set);
    }
  }
  return sets;
}

export function fileCollisions(parsed: ParseResult): Diagnostic[] {
  const { tasks } = parsed.plan;
  const files: DeclaredFile[] = [];
  tasks.forEach((task, taskIndex) => {
    const positions = parsed.positions.taskOrder?.[taskIndex] ?? parsed.positions.tasks[task.id];
    task.files.forEach((pattern, fileIndex) => {
      const position = positions?.files[fileIndex] ?? positions?.heading ?? { line: 1, column: 1 };
      const normalized = normalizeRepositoryPath(pattern);
      files.push({
        order: files.length,
        taskIndex,
        taskId: task.id,
        pattern,
        normalized,
        prefix: literalPrefix(normalized),
        position,
      });
    });
  });

  // Candidate pairs: equal literals and literals inside a literal directory through a map;
  // globs against everything. Each unordered pair is added once.
  const literals = new Map<string, DeclaredFile[]>();
  for (const file of files) {
    if (isGlob(file.normalized)) continue;
    const same = literals.get(file.normalized);
    if (same) same.push(file);
    else literals.set(file.normalized, [file]);
  }
  const candidates = new Map<DeclaredFile, DeclaredFile[]>();
  const addPair = (a: DeclaredFile, b: DeclaredFile) => {
    if (a.taskId === b.taskId) return;
    const [earlier, later] = a.taskIndex < b.taskIndex ? [a, b] : [b, a];
    const list = candidates.get(later);
    if (list) list.push(earlier);
    else candidates.set(later, [earlier]);
  };
  for (const file of files) {
    if (isGlob(file.normalized)) {
      for (const other of files) {
        if (other === file || (isGlob(other.normalized) && other.order > file.order)) continue;
        if (prefixesMeet(file.prefix, other.prefix) && patternsMayOverlap(file.pattern, other.pattern))
          addPair(file, other);
      }
      continue;
    }
    const segments = file.normalized.split('/');
    for (let length = 1; length <= segments.length; length++) {
      const isWholePath = length === segments.length;
      for (const other of literals.get(segments.slice(0, length).join('/')) ?? []) {
        if (isWholePath && other.order >= file.order) continue;
        addPair(other, file);
      }
    }
  }
  if (candidates.size === 0) return [];

  const ancestors = ancestorSets(parsed);
  const indexOf = new Map<string, number>();
  tasks.forEach((task, index) => {
    if (!indexOf.has(task.id)) indexOf.set(task.id, index);
  });
  const dependsOn = (from: string, to: string) => {
    const set = ancestors.get(from);
    const index = indexOf.get(to);
    return set !== undefined && index !== undefined && (set[index >> 5]! & (1 << (index & 31))) !== 0;
  };

  const diagnostics: Diagnostic[] = [];
  const ordered = [...candidates.keys()].sort((a, b) => a.order - b.order);
  for (const later of ordered) {
    const earlier = candidates
      .get(later)!
      .sort((a, b) => a.taskIndex - b.taskIndex)
      .find(
        (candidate) =>
          !dependsOn(later.taskId, candidate.taskId) && !dependsOn(candidate.taskId, later.taskId),
      );
    if (!earlier) continue;
    const what =
      earlier.normalized === later.normalized
        ? `both declare ${later.pattern}`
        : `declare ${earlier.pattern} and ${later.pattern}, which overlap,`;
    diagnostics.push({
      severity: 'warning',
      code: 'PLAN_FILE_COLLISION',
      message: `${earlier.taskId} and ${later.taskId} ${what} and may run in parallel; add \`Dependencies: ${earlier.taskId}\` to ${later.taskId}`,
      ...later.position,
    });
  }
  return diagnostics;
}
