// spec-kit's tasks.md: `- [ ] T012 [P] [US1] Create User model in src/models/user.py` lines under
// `## Phase N: …` headings. Phases are barriers; inside a phase a task without [P] waits for
// everything before it, a [P] task only for the barrier; paths in a task's text are its files.

import type { ListItem, Nodes, RootContent } from 'mdast';
import type { Diagnostic, PlanTask } from '../plan/model.ts';
import { emptyPlan } from '../plan/model.ts';
import {
  actionFromVerb,
  backtickCommands,
  commandsOfBlock,
  importCodes,
  pathsIn,
  shellLanguages,
  unique,
  warning,
} from './helpers.ts';
import { blockSource, firstParagraph, inlineSource, lineOf, parseMarkdown, plainText } from './markdown.ts';
import type { FormatResult, ImportOptions } from './types.ts';

interface SourceTask {
  id: string;
  title: string;
  /** The task's line as written, for paths and commands. */
  source: string;
  parallel: boolean;
  stories: string[];
  checked: boolean;
  explicitDependencies: string[];
  subgroup?: string;
  body: string;
  commands: string[];
  line: number;
}

interface Phase {
  title: string;
  line: number;
  intro: RootContent[];
  tasks: SourceTask[];
  independentTest?: string;
  purpose?: string;
}

interface OtherSection {
  title: string;
  nodes: RootContent[];
}

const taskLine = /^(T\d+)\b\s*(.*)$/s;
const phaseHeading = /^phase\s+\d+/i;

export function importSpecKit(text: string, options: ImportOptions): FormatResult {
  const warnings: Diagnostic[] = [];
  const root = parseMarkdown(text);
  let title = '';
  let frontMatterDescription = '';
  const preamble: RootContent[] = [];
  const phases: Phase[] = [];
  const others: OtherSection[] = [];
  let phase: Phase | undefined;
  let other: OtherSection | undefined;
  let subgroup: string | undefined;

  for (const node of root.children) {
    if (node.type === 'yaml') {
      frontMatterDescription = /^description:\s*"?(.*?)"?\s*$/m.exec(node.value)?.[1] ?? '';
      continue;
    }
    if (node.type === 'heading') {
      const headingText = plainText(node).trim();
      if (node.depth === 1 && !title && !phase && !other) {
        title = headingText.replace(/^tasks\s*:\s*/i, '').trim();
        continue;
      }
      if (phaseHeading.test(headingText) || node.depth <= 2) {
        subgroup = undefined;
        if (phaseHeading.test(headingText)) {
          phase = { title: headingText, line: lineOf(node), intro: [], tasks: [] };
          phases.push(phase);
          other = undefined;
        } else {
          phase = undefined;
          other = { title: headingText, nodes: [] };
          others.push(other);
        }
        continue;
      }
      if (phase) {
        subgroup = headingText;
        phase.intro.push(node);
        continue;
      }
    }
    if (node.type === 'list') {
      const tasks = node.children.flatMap((item) => {
        const task = readTask(text, item, subgroup);
        return task ? [task] : [];
      });
      if (tasks.length > 0) {
        if (!phase) {
          // Tasks under a heading that is not a phase: that heading is their phase.
          phase = {
            title: other?.title ?? 'Tasks',
            line: lineOf(node),
            intro: other?.nodes ?? [],
            tasks: [],
          };
          phases.push(phase);
          if (other) others.splice(others.indexOf(other), 1);
          other = undefined;
        }
        phase.tasks.push(...tasks);
        continue;
      }
    }
    if (phase) phase.intro.push(node);
    else if (other) other.nodes.push(node);
    else if (!(node.type === 'html' && node.value.startsWith('<!--'))) preamble.push(node);
  }

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

  return { ok: true, plan, warnings };
}

function readTask(text: string, item: ListItem, subgroup: string | undefined): SourceTask | undefined {
  const paragraph = firstParagraph(item);
  if (!paragraph) return undefined;
  // The source, not the plain text: `src/__init__.py` must not lose its underscores to emphasis.
  const source = inlineSource(text, paragraph).replace(/^\[[ xX]\]\s+/, '');
  const match = taskLine.exec(source.replace(/^[*_`]+(T\d+)[*_`]+/, '$1'));
  if (!match) return undefined;
  let rest = match[2]!.trim();
  let parallel = false;
  const stories: string[] = [];
  for (
    let label = /^\\?\[([^\]]+?)\\?\]\s*/.exec(rest);
    label;
    label = /^\\?\[([^\]]+?)\\?\]\s*/.exec(rest)
  ) {
    const name = label[1]!.trim();
    if (/^p$/i.test(name)) parallel = true;
    else stories.push(name);
    rest = rest.slice(label[0].length);
  }
  const explicitDependencies: string[] = [];
  const dependencyNote = /\s*\((?:depends on|after|requires|blocked by)\s+([^)]*)\)/gi;
  for (const note of rest.matchAll(dependencyNote)) {
    explicitDependencies.push(...(note[1]!.match(/T\d+/g) ?? []));
  }
  const title = rest.replace(dependencyNote, '').trim();
  const body = item.children.slice(1);
  const commands = backtickCommands(source);
  const visit = (nodes: readonly Nodes[]) => {
    for (const node of nodes) {
      if (node.type === 'code' && shellLanguages.has((node.lang ?? '').toLowerCase()))
        commands.push(...commandsOfBlock(node.value));
      else if ('children' in node) visit(node.children as Nodes[]);
    }
  };
  visit(body);
  const task: SourceTask = {
    id: match[1]!,
    title,
    source: rest,
    parallel,
    stories,
    checked: item.checked === true,
    explicitDependencies,
    body: blockSource(text, body),
    commands: unique(commands),
    line: lineOf(item),
  };
  if (subgroup) task.subgroup = subgroup;
  return task;
}

/** The phase's Purpose / Goal and Independent Test lines. */
function readPhaseIntro(phase: Phase): void {
  for (const node of phase.intro) {
    if (node.type !== 'paragraph') continue;
    for (const line of plainText(node).split('\n')) {
      const match = /^\s*(Purpose|Goal|Independent Test)\s*:\s*(.+)$/i.exec(line);
      if (!match) continue;
      const name = match[1]!.toLowerCase();
      if (name === 'independent test') phase.independentTest ??= match[2]!.trim();
      else phase.purpose ??= match[2]!.trim();
    }
  }
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
