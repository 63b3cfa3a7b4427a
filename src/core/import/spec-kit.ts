// spec-kit's tasks.md: `- [ ] T012 [P] [US1] Create User model in src/models/user.py` lines under
// `## Phase N: …` headings. Phases are barriers; inside a phase a task without [P] waits for
// everything before it, a [P] task only for the barrier; paths in a task's text are its files.

import type { Diagnostic, Plan, PlanTask } from '../plan/model.ts';
import { emptyPlan } from '../plan/model.ts';
import { actionFromVerb, importCodes, pathsIn, unique, warning } from './helpers.ts';
import { blockSource } from './markdown.ts';
import {
  type OtherSection,
  type Phase,
  readPhaseIntro,
  readTasksDocument,
  type SourceTask,
} from './spec-kit-document.ts';
import type { FormatResult, ImportOptions } from './types.ts';

export function importSpecKit(text: string, options: ImportOptions): FormatResult {
  const warnings: Diagnostic[] = [];
  const { title, frontMatterDescription, preamble, phases, others } = readTasksDocument(text);

  const allTasks = phases.flatMap((each) => each.tasks);
  if (allTasks.length === 0) {
    return {
      ok: false,
      diagnostics: [
        {
          severity: 'error',
          code: importCodes.noTasks,
          message: 'no tasks found: spec-kit tasks look like "- [ ] T001 [P] [US1] Create … in src/…"',
          line: 1,
          column: 1,
        },
      ],
    };
  }

  const plan = emptyPlan({ id: options.id, title: title || options.id });
  if (options.now) plan.meta.created = options.now;
  plan.summary = blockSource(text, preamble) || frontMatterDescription;

  for (const each of phases) readPhaseIntro(each);

  const known = new Set(allTasks.map((task) => task.id));
  const seen = new Set<string>();
  for (const task of allTasks) {
    if (seen.has(task.id))
      warnings.push(warning(importCodes.guess, `${task.id} appears more than once in tasks.md`, task.line));
    seen.add(task.id);
  }

  addPhaseTasks(plan, phases, known, warnings);

  addOtherSections(plan, text, phases, others);

  return { ok: true, plan, warnings };
}

/**
 * The phases' tasks in order, each depending on what came before it: a sequential task on the one
 * before it and the parallel ones since, a parallel task on the end of the previous phase; plus
 * the dependencies it names. A phase's independent test becomes a criterion of its last tasks.
 */
function addPhaseTasks(
  plan: Plan,
  phases: readonly Phase[],
  known: ReadonlySet<string>,
  warnings: Diagnostic[],
): void {
  const created = new Set<string>();
  let barrier: string[] = [];
  for (const each of phases) {
    if (each.tasks.length === 0) continue;
    let lastSequential: string | undefined;
    let parallelSince: string[] = [];
    const phaseTasks: PlanTask[] = [];
    for (const source of each.tasks) {
      let dependencies: string[];
      if (source.parallel) {
        dependencies = [...barrier];
        parallelSince.push(source.id);
      } else {
        dependencies = lastSequential
          ? [lastSequential, ...parallelSince]
          : parallelSince.length > 0
            ? [...parallelSince]
            : [...barrier];
        lastSequential = source.id;
        parallelSince = [];
      }
      for (const dependency of source.explicitDependencies) {
        if (!known.has(dependency))
          warnings.push(
            warning(
              importCodes.unknownDependency,
              `${source.id} depends on ${dependency}, which tasks.md does not have`,
              source.line,
              `remove ${dependency} from its Dependencies or add the task`,
            ),
          );
        dependencies.push(dependency);
      }
      const task = toTask(
        source,
        each,
        unique(dependencies).filter((id) => id !== source.id),
        created,
        warnings,
      );
      for (const path of task.action === 'create' ? task.files : []) created.add(path);
      phaseTasks.push(task);
      plan.tasks.push(task);
    }
    const dependedOn = new Set(phaseTasks.flatMap((task) => task.dependencies));
    const sinks = phaseTasks.filter((task) => !dependedOn.has(task.id));
    if (each.independentTest) {
      for (const sink of sinks)
        sink.successCriteria.push(`${phaseLabel(each)} independent test: ${each.independentTest}`);
    }
    barrier = sinks.map((task) => task.id);
  }
}

/** The sections that are not phases, and the phases' own notes, kept as extra sections. */
function addOtherSections(
  plan: Plan,
  text: string,
  phases: readonly Phase[],
  others: readonly OtherSection[],
): void {
  for (const section of others) {
    // The notation legend describes tasks.md's own markers, which the imported plan no longer has.
    if (/^format\b/i.test(section.title)) continue;
    plan.extraSections.push({ title: section.title, body: blockSource(text, section.nodes) });
  }
  const phaseNotes = phases
    .map((each) => {
      const notes = each.intro.filter((node) => node.type === 'paragraph' || node.type === 'blockquote');
      return notes.length > 0
        ? `**${each.title}**\n\n${notes.map((node) => blockSource(text, [node])).join('\n\n')}`
        : '';
    })
    .filter(Boolean);
  if (phaseNotes.length > 0) plan.extraSections.push({ title: 'Phases', body: phaseNotes.join('\n\n') });
}

function phaseLabel(phase: Phase): string {
  return /^phase\s+\d+/i.exec(phase.title)?.[0] ?? phase.title;
}

function toTask(
  source: SourceTask,
  phase: Phase,
  dependencies: string[],
  created: ReadonlySet<string>,
  warnings: Diagnostic[],
): PlanTask {
  const files = pathsIn(source.source, { bareNames: true, directories: true });
  const existing = files.length > 0 && files.every((path) => created.has(path));
  const guess = actionFromVerb(source.title, files.length > 0, existing);
  const action = guess.action;
  if (!guess.certain)
    warnings.push(
      warning(
        importCodes.actionGuessed,
        `${source.id}: action ${action} guessed from "${source.title}"`,
        source.line,
        'check the Action of the task',
      ),
    );
  if (files.some((path) => path.endsWith('/**')))
    warnings.push(
      warning(
        importCodes.filesGuessed,
        `${source.id}: a directory was declared as ${files.filter((path) => path.endsWith('/**')).join(', ')}`,
        source.line,
        'narrow it to the files the task changes',
      ),
    );
  if (files.length === 0 && (action === 'create' || action === 'modify' || action === 'delete'))
    warnings.push(
      warning(
        importCodes.noFiles,
        `${source.id}: no file path found in "${source.title}" for a ${action} task`,
        source.line,
        "list the paths it changes in the task's Files (lint reports PLAN_NO_FILES until then)",
      ),
    );
  if (source.checked)
    warnings.push(
      warning(
        importCodes.taskStatus,
        `${source.id} is checked as done in tasks.md; it was imported as a task to run`,
        source.line,
        'remove it from the plan if the work is already in the repository',
      ),
    );
  warnings.push(
    warning(
      importCodes.criteriaGuessed,
      `${source.id}: tasks.md gives no success criteria per task; derived them from the task line`,
      source.line,
      'write criteria a reviewer can check for this task',
    ),
  );

  const context = [phase.title, source.subgroup].filter(Boolean).join(' — ');
  const notes = [
    `From tasks.md, ${context}.${phase.purpose ? ` ${sentence(phase.purpose)}` : ''}`,
    source.stories.length > 0 ? `User story: ${source.stories.join(', ')}.` : '',
    source.parallel
      ? 'Marked parallel (P) in tasks.md: it touches different files and may run beside the other parallel tasks of its phase.'
      : '',
    source.checked ? 'Marked done in tasks.md.' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return {
    id: source.id,
    title: source.title,
    action,
    files,
    description: notes,
    ...(source.body ? { notes: source.body } : {}),
    successCriteria: [`${source.id} done: ${source.title}`],
    verify: source.commands,
    dependencies,
  };
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
