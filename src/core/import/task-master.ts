// Task Master's tasks.json, legacy (`{ "tasks": [...] }`) or tagged (`{ "master": { "tasks":
// [...] }, "feature-x": {...} }`). A task becomes `T<id>`; a subtask `T<parent>.<sub>`, and a
// parent with subtasks becomes a `test` task that depends on them and checks its testStrategy.

import type { Diagnostic, Plan, PlanTask } from '../plan/model.ts';
import { emptyPlan } from '../plan/model.ts';
import {
  actionFromVerb,
  backtickCommands,
  commandsToRun,
  error,
  importCodes,
  oneLine,
  pathsIn,
  unique,
  warning,
} from './helpers.ts';
import {
  isLegacy,
  readTaskMasterSource,
  type SourceSubtask,
  type SourceTask,
  type TaskMasterSource,
  tagsOf,
} from './task-master-source.ts';
import type { FormatResult, ImportOptions } from './types.ts';

/** Is this a Task Master tasks.json (either shape)? */
export function looksLikeTaskMaster(text: string): boolean {
  try {
    const data: unknown = JSON.parse(text);
    return isLegacy(data) || tagsOf(data).length > 0;
  } catch {
    return false;
  }
}

export function importTaskMaster(text: string, options: ImportOptions): FormatResult {
  const reading = readTaskMasterSource(text, options);
  if (!reading.ok) return reading;
  const { legacy, tag, source, lineAt } = reading.read;
  if (source.tasks.length === 0) {
    return {
      ok: false,
      diagnostics: [
        error(
          importCodes.noTasks,
          legacy ? 'tasks.json has no tasks' : `tag "${tag}" has no tasks`,
          lineAt('tasks'),
          1,
        ),
      ],
    };
  }
  const warnings: Diagnostic[] = [];
  const description = source.metadata?.description ?? '';
  const meaningful = description && !/^tasks for .* context$/i.test(description) ? description : '';
  const plan: Plan = emptyPlan({
    id: options.id,
    title: meaningful || (legacy ? 'Imported from Task Master' : `Imported from Task Master (tag ${tag})`),
  });
  const created = source.metadata?.created ?? options.now;
  if (created) plan.meta.created = created;
  plan.summary = [
    `Imported from Task Master ${options.fileName ?? 'tasks.json'}${legacy ? '' : `, tag "${tag}"`}: ${source.tasks.length} tasks.`,
    meaningful,
  ]
    .filter(Boolean)
    .join(' ');

  const { known, skipped } = leaveOutInactive(reading.read, warnings);
  const createdFiles = new Set<string>();
  const add = (task: PlanTask) => {
    if (task.action === 'create') for (const path of task.files) createdFiles.add(path);
    plan.tasks.push(task);
  };

  source.tasks.forEach((task, index) => {
    const id = `T${task.id}`;
    if (skipped.has(id)) return;
    const line = lineAt(`tasks/${index}`);
    const dependencies = (task.dependencies ?? []).flatMap((dependency) =>
      resolveDependency(dependency, undefined, known, skipped, id, line, warnings),
    );
    const subtasks = (task.subtasks ?? []).filter((subtask) => !skipped.has(`${id}.${subtask.id}`));
    if (subtasks.length === 0) {
      add(toTask(id, task, dependencies, createdFiles, line, warnings));
      return;
    }
    // A parent with subtasks: the subtasks do the work; the parent checks the whole.
    const subtaskIds = subtasks.map((subtask) => `${id}.${subtask.id}`);
    const parent = toTask(
      id,
      task,
      unique([...dependencies, ...subtaskIds]),
      createdFiles,
      line,
      warnings,
      'test',
    );
    warnings.push(
      warning(
        importCodes.guess,
        `${id} has ${subtasks.length} subtasks: they became ${subtaskIds.join(', ')}, and ${id} a test task that depends on them`,
        line,
        'check the subtasks declare the files; the parent checks its test strategy',
      ),
    );
    add(parent);
    subtasks.forEach((subtask) => {
      const subId = `${id}.${subtask.id}`;
      const subLine = lineAt(`tasks/${index}/subtasks/${(task.subtasks ?? []).indexOf(subtask)}`);
      const own = (subtask.dependencies ?? []).flatMap((dependency) =>
        resolveDependency(dependency, task, known, skipped, subId, subLine, warnings),
      );
      const withinParent = own.some((dependency) => dependency.startsWith(`${id}.`));
      // A subtask that waits for no sibling waits for what its parent waits for.
      const all = withinParent ? own : [...own, ...dependencies];
      add(
        toTask(
          subId,
          subtask,
          unique(all).filter((dependency) => dependency !== subId),
          createdFiles,
          subLine,
          warnings,
          undefined,
          task,
        ),
      );
    });
  });
  return { ok: true, plan, warnings };
}

/**
 * Cancelled and deferred tasks are not work to do: they are left out (with a warning), and so is
 * every dependency on them. A cancelled parent takes its subtasks with it. Returns the ids kept
 * and the ids left out with their status.
 */
function leaveOutInactive(
  { source, lineAt }: TaskMasterSource,
  warnings: Diagnostic[],
): { known: Set<string>; skipped: Map<string, string> } {
  const known = new Set<string>();
  const skipped = new Map<string, string>();
  const skip = (id: string, status: string, line: number, reason = `it is ${status} in tasks.json`) => {
    skipped.set(id, status);
    warnings.push(
      warning(
        importCodes.taskStatus,
        `${id} was left out: ${reason}`,
        line,
        'import it by setting its status to pending in tasks.json, if it should run',
      ),
    );
  };
  source.tasks.forEach((task, index) => {
    const status = statusOf(task);
    const line = lineAt(`tasks/${index}`);
    if (isSkippedStatus(status)) skip(`T${task.id}`, status, line);
    else known.add(`T${task.id}`);
    (task.subtasks ?? []).forEach((subtask, subIndex) => {
      const id = `T${task.id}.${subtask.id}`;
      const subLine = lineAt(`tasks/${index}/subtasks/${subIndex}`);
      if (isSkippedStatus(status)) skip(id, status, subLine, `its parent T${task.id} is ${status}`);
      else if (isSkippedStatus(statusOf(subtask))) skip(id, statusOf(subtask), subLine);
      else known.add(id);
    });
  });
  return { known, skipped };
}

const skippedStatuses = new Set(['cancelled', 'canceled', 'deferred']);

function statusOf(task: SourceSubtask): string {
  return (task.status ?? 'pending').trim().toLowerCase();
}

function isSkippedStatus(status: string): boolean {
  return skippedStatuses.has(status);
}

/**
 * A dependency as a baton id. In a task: `3` is task 3, `"3.2"` subtask 2 of task 3. In a subtask:
 * a number is a sibling subtask (task 3's subtask `2` is `T3.2`); a dotted string names any subtask.
 * A dependency on a task tasks.json does not have, or on one left out (cancelled, deferred), is
 * dropped with a warning: none (`[]`) is returned.
 */
function resolveDependency(
  dependency: string,
  parent: SourceTask | undefined,
  known: ReadonlySet<string>,
  skipped: ReadonlyMap<string, string>,
  owner: string,
  line: number,
  warnings: Diagnostic[],
): string[] {
  let id: string;
  if (/^\d+\.\d+$/.test(dependency)) id = `T${dependency}`;
  else if (/^\d+$/.test(dependency)) {
    id = parent ? `T${parent.id}.${dependency}` : `T${dependency}`;
    const onTask = `T${dependency}`;
    if (parent && !known.has(id) && !skipped.has(id) && (known.has(onTask) || skipped.has(onTask))) {
      warnings.push(
        warning(
          importCodes.dependenciesGuessed,
          `${owner} depends on ${dependency}: task ${parent.id} has no subtask ${dependency}, so it was read as task ${dependency}`,
          line,
        ),
      );
      id = onTask;
    }
  } else id = dependency.startsWith('T') ? dependency : `T${dependency}`;
  const status = skipped.get(id);
  if (status !== undefined) {
    warnings.push(
      warning(
        importCodes.unknownDependency,
        `${owner} depends on ${dependency}, which was left out (${status}); the dependency was dropped`,
        line,
        `check ${owner} does not need what ${id} would have done`,
      ),
    );
    return [];
  }
  if (!known.has(id)) {
    warnings.push(
      warning(
        importCodes.unknownDependency,
        `${owner} depends on ${dependency}, which tasks.json does not have; the dependency was dropped`,
        line,
        `add the task it waits for to the plan, if there is one`,
      ),
    );
    return [];
  }
  return [id];
}

function toTask(
  id: string,
  source: SourceSubtask & { priority?: string | null | undefined },
  dependencies: string[],
  createdFiles: ReadonlySet<string>,
  line: number,
  warnings: Diagnostic[],
  forcedAction?: 'test',
  parent?: SourceTask,
): PlanTask {
  const prose = [source.title, source.description ?? '', source.details ?? ''].join('\n');
  let files = forcedAction ? [] : pathsIn(prose, { rootFiles: true });
  if (files.length > 0)
    warnings.push(
      warning(
        importCodes.filesGuessed,
        `${id}: files read from its text: ${files.join(', ')}`,
        line,
        'check the task declares every file it changes, and only those',
      ),
    );
  let action: PlanTask['action'];
  if (forcedAction) action = forcedAction;
  else {
    const existing = files.length > 0 && files.every((path) => createdFiles.has(path));
    const guess = actionFromVerb(source.title, files.length > 0, existing);
    action = guess.action;
    if (!guess.certain)
      warnings.push(
        warning(
          importCodes.actionGuessed,
          `${id}: action ${action} guessed from "${source.title}"`,
          line,
          'check the Action of the task',
        ),
      );
  }
  if (files.length === 0 && (action === 'create' || action === 'modify' || action === 'delete')) {
    warnings.push(
      warning(
        importCodes.noFiles,
        `${id}: a ${action} task, but its details name no file path`,
        line,
        `add the paths it ${action === 'create' ? 'creates' : action === 'delete' ? 'deletes' : 'changes'} to the task's Files (lint reports PLAN_NO_FILES until then)`,
      ),
    );
  }
  files = unique(files);

  const strategy = (source.testStrategy ?? '').trim();
  const successCriteria = strategy ? criteriaOf(strategy) : [`${id} done: ${oneLine(source.title)}`];
  if (!strategy)
    warnings.push(
      warning(
        importCodes.criteriaGuessed,
        `${id}: no testStrategy; success criteria derived from the title`,
        line,
        'write criteria a reviewer can check for this task',
      ),
    );
  const status = (source.status ?? 'pending').toLowerCase();
  if (['done', 'completed'].includes(status))
    warnings.push(
      warning(
        importCodes.taskStatus,
        `${id} has status ${status} in tasks.json; it was imported as a task to run`,
        line,
        'remove it from the plan if it should not run',
      ),
    );

  const context = [
    parent ? `Subtask ${source.id} of task ${parent.id} (${oneLine(parent.title)}).` : '',
    source.priority ? `Priority: ${source.priority}.` : '',
    status !== 'pending' ? `Status in Task Master: ${status}.` : '',
    forcedAction ? 'Its subtasks do the work; this task checks the result against its test strategy.' : '',
  ];
  const details = (source.details ?? '').trim();
  return {
    id,
    title: oneLine(source.title),
    action,
    files,
    description: oneLine([source.description ?? '', ...context].join(' ')),
    ...(details ? { notes: details } : {}),
    successCriteria,
    // The test strategy's commands; else what the task says to run (`Run \`npx prisma migrate dev\``),
    // and for a run task any command in backticks.
    verify: unique(
      backtickCommands(strategy).length > 0
        ? backtickCommands(strategy)
        : [...commandsToRun(prose), ...(action === 'run' ? backtickCommands(prose) : [])],
    ),
    dependencies,
  };
}

/** A testStrategy as criteria: one per line or bullet when it has several, else the whole text. */
function criteriaOf(strategy: string): string[] {
  const lines = strategy
    .split('\n')
    .map((line) => line.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '').trim())
    .filter(Boolean);
  return lines.length > 1 ? lines : [oneLine(strategy)];
}
