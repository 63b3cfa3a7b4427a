// lintPlan: what must be true of a plan before a person approves it and builders run it.
// Core does no I/O: what only the file system knows (does a path lead out through a
// symlink?) is asked of the caller through LintOptions.
import { expandBraces, literalPrefix } from '../paths/glob.ts';
import { isEscapingPath } from '../paths/repository-path.ts';
import { sortDiagnostics } from './diagnostics.ts';
import { fileCollisions } from './file-collisions.ts';
import { findCycles } from './graph.ts';
import {
  commandsIn,
  type Diagnostic,
  type ParseResult,
  type SourcePosition,
  type TaskPositions,
} from './model.ts';

export interface LintOptions {
  /**
   * True when the path (a literal path, or a glob's literal leading directories) leads out of
   * the repository through a symbolic link. Supplied by a caller that can look at the disk.
   */
  escapesThroughSymlink?: (repositoryRelativePath: string) => boolean;
  /**
   * The plan file's name (a path is fine), when the caller read the plan from a file: a file
   * not named `<id>.md` gets PLAN_ID_MISMATCH, since baton finds plans by their file name.
   */
  fileName?: string;
}

/**
 * The literal leading directories a symlink check asks about: the pattern's own, or with
 * braces, each alternative's (`{link,src}/x.ts` → `link`, `src`). A pattern starting with a
 * wildcard (`*\/x.ts`, `**\/a`) has none: which directories it reaches is only known by
 * listing the disk, which lint does not do.
 */
function symlinkCheckPrefixes(file: string): string[] {
  const alternatives = expandBraces(file) ?? [file];
  const prefixes = new Set(alternatives.map(literalPrefix));
  if (alternatives.length > 1) prefixes.add(literalPrefix(file));
  prefixes.delete('');
  return [...prefixes];
}

const start: SourcePosition = { line: 1, column: 1 };

function at(position: SourcePosition | undefined): SourcePosition {
  return position ? { line: position.line, column: position.column } : start;
}

function taskPositionsAt(parsed: ParseResult, index: number): TaskPositions | undefined {
  const task = parsed.plan.tasks[index];
  return parsed.positions.taskOrder?.[index] ?? (task ? parsed.positions.tasks[task.id] : undefined);
}

function structureRules(parsed: ParseResult, options: LintOptions): Diagnostic[] {
  const { plan } = parsed;
  const diagnostics: Diagnostic[] = [];
  const error = (code: string, message: string, position: SourcePosition | undefined) =>
    diagnostics.push({ severity: 'error', code, message, ...at(position) });

  if (plan.tasks.length === 0) {
    error(
      'PLAN_NO_TASKS',
      'the plan has no tasks (write them as `### T1: Title` under `## Tasks`)',
      parsed.positions.sections.tasks ?? parsed.positions.title,
    );
  }

  const firstHeading = new Map<string, SourcePosition>();
  const ids = new Set(plan.tasks.map((task) => task.id));
  const symlinkAnswers = new Map<string, boolean>();
  plan.tasks.forEach((task, index) => {
    const positions = taskPositionsAt(parsed, index);
    const heading = positions?.heading;
    const seenAt = firstHeading.get(task.id);
    if (seenAt) {
      error(
        'PLAN_DUPLICATE_TASK',
        `duplicate task id ${task.id} (first declared at line ${seenAt.line})`,
        heading,
      );
    } else {
      firstHeading.set(task.id, at(heading));
    }

    task.dependencies.forEach((dependency, dependencyIndex) => {
      if (!ids.has(dependency)) {
        error(
          'PLAN_UNKNOWN_DEPENDENCY',
          `${task.id} depends on ${dependency}, which is not a task in this plan`,
          positions?.dependencies[dependencyIndex] ?? positions?.fields.dependencies ?? heading,
        );
      }
    });

    if (task.successCriteria.length === 0) {
      error('PLAN_NO_SUCCESS_CRITERIA', `${task.id} has no success criteria`, heading);
    }

    if (
      (task.action === 'create' || task.action === 'modify' || task.action === 'delete') &&
      task.files.length === 0
    ) {
      error(
        'PLAN_NO_FILES',
        `${task.id} is a ${task.action} task but declares no files (add \`- **Files**: \\\`path\\\`\`)`,
        positions?.fields.action ?? heading,
      );
    }

    task.files.forEach((file, fileIndex) => {
      const position = positions?.files[fileIndex] ?? positions?.fields.files ?? heading;
      if (isEscapingPath(file)) {
        error('PLAN_PATH_ESCAPES', `${task.id}: ${file} is outside the repository`, position);
        return;
      }
      const check = options.escapesThroughSymlink;
      if (!check) return;
      const escapes = symlinkCheckPrefixes(file).some((prefix) => {
        let answer = symlinkAnswers.get(prefix);
        if (answer === undefined) {
          answer = check(prefix);
          symlinkAnswers.set(prefix, answer);
        }
        return answer;
      });
      if (escapes)
        error(
          'PLAN_PATH_ESCAPES',
          `${task.id}: ${file} leads outside the repository through a symlink`,
          position,
        );
    });
  });

  for (const cycle of findCycles(plan.tasks)) {
    const [first, second] = cycle;
    const index = plan.tasks.findIndex((task) => task.id === first);
    const positions = taskPositionsAt(parsed, index);
    const dependencyIndex = plan.tasks[index]?.dependencies.indexOf(second ?? '') ?? -1;
    error(
      'PLAN_CYCLE',
      `dependency cycle: ${cycle.join(' → ')}`,
      positions?.dependencies[dependencyIndex] ?? positions?.heading,
    );
  }

  for (const placeholder of parsed.positions.placeholders) {
    error('PLAN_PLACEHOLDER', `unfilled template placeholder ${placeholder.text}`, placeholder);
  }
  return diagnostics;
}

/** The plan id a file name stands for: `plans/review/auth-jwt.md` → `auth-jwt`. */
function idOfFileName(fileName: string): string {
  return (fileName.split(/[/\\]/).pop() ?? '').replace(/\.md$/i, '');
}

function adviceRules(parsed: ParseResult, options: LintOptions): Diagnostic[] {
  const { plan, positions } = parsed;
  const diagnostics: Diagnostic[] = [];
  const warning = (code: string, message: string, position: SourcePosition | undefined) =>
    diagnostics.push({ severity: 'warning', code, message, ...at(position) });

  const hasTaskCommands = plan.tasks.some((task) => task.verify.length > 0);
  if (!hasTaskCommands && commandsIn(plan.verification).length === 0) {
    warning(
      'PLAN_NO_VERIFICATION',
      'no verification commands: no task has a Verify command and the Verification section has no `command` in backticks',
      positions.sections.verification ?? positions.sections.tasks ?? positions.title,
    );
  }

  plan.tasks.forEach((task, index) => {
    if ((task.action !== 'run' && task.action !== 'test') || task.verify.length > 0 || task.files.length > 0)
      return;
    const taskPositions = taskPositionsAt(parsed, index);
    warning(
      'PLAN_TASK_NOT_CHECKABLE',
      `${task.id} is a ${task.action} task with no command in Verify and no files: a builder cannot tell what to ${task.action === 'run' ? 'run' : 'test'} (a ${task.action} task needs a command in Verify)`,
      taskPositions?.fields.action ?? taskPositions?.heading,
    );
  });

  if (options.fileName !== undefined && plan.meta.id !== '') {
    const fileId = idOfFileName(options.fileName);
    if (fileId !== '' && fileId !== plan.meta.id) {
      warning(
        'PLAN_ID_MISMATCH',
        `the front matter id is "${plan.meta.id}" but the file is ${fileId}.md; baton knows the plan as "${fileId}"`,
        positions.meta?.id ?? positions.frontMatter,
      );
    }
  }

  diagnostics.push(...fileCollisions(parsed));

  if (plan.meta.risk === 'high') {
    const missing = [
      plan.edgeCases.length === 0 ? 'no Edge Cases' : undefined,
      plan.risks.length === 0 ? 'no Risks & Mitigation' : undefined,
    ].filter((part) => part !== undefined);
    if (missing.length > 0) {
      warning(
        'PLAN_HIGH_RISK_UNMITIGATED',
        `the plan is high risk but has ${missing.join(' and ')}`,
        positions.meta?.risk ?? positions.frontMatter,
      );
    }
  }
  return diagnostics;
}

/** The parse diagnostics and the lint diagnostics, sorted by line and column. */
export function lintPlan(parsed: ParseResult, options: LintOptions = {}): Diagnostic[] {
  return sortDiagnostics([
    ...parsed.diagnostics,
    ...structureRules(parsed, options),
    ...adviceRules(parsed, options),
  ]);
}
