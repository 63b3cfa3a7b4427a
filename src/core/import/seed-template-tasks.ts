// Seed 000 template, second half: an implementation step becomes a task. The files a step names
// are matched to the Files sections (written-out path, a file name in parentheses, a related
// listed file, or shared words), and the plan's Success Criteria are shared out to the steps.

import type { Diagnostic, PlanTask, TaskAction } from '../plan/model.ts';
import {
  actionFromVerb,
  baseName,
  importCodes,
  pathsIn,
  sharedWords,
  unique,
  warning,
  wordsOf,
} from './helpers.ts';

export interface FileEntry {
  path: string;
  kind: 'create' | 'modify';
  /** The Purpose / Change text, one line. */
  purpose: string;
  /** `~120 lines`, as written. */
  size?: string;
  line: number;
}

export interface Step {
  number: number;
  title: string;
  /** Parenthesised hints after the step name: `jwt.ts`, `auth.ts routes`. */
  hints: string[];
  /** Everything the step says, code blocks excluded. */
  prose: string;
  commands: string[];
  /** One line: the step's sub-items joined. */
  description: string;
  /** The step's Markdown beyond a flat list of one-liners (code blocks, nested lists), as written. */
  notes: string;
  line: number;
}

export interface Criterion {
  text: string;
  commands: string[];
  line: number;
}

export function stepToTask(
  step: Step,
  files: FileEntry[],
  criteria: Criterion[],
  warnings: Diagnostic[],
): PlanTask {
  const id = `T${step.number}`;
  const { matched, extraPaths, extraNotes } = matchStepFiles(id, step, files, warnings);
  const action = stepAction(id, step, matched, extraPaths, warnings);

  // Success criteria: the plan has none per step; the step itself and the plan's criteria it serves.
  const served = criteria.filter((criterion) => criterionServes(criterion, step));
  const successCriteria = [
    `Step ${step.number} done: ${step.title}`,
    ...served.map((criterion) => criterion.text),
  ];
  warnings.push(
    warning(
      importCodes.criteriaGuessed,
      served.length > 0
        ? `${id}: success criteria derived from the step name and ${served.length} of the plan's Success Criteria`
        : `${id}: success criteria derived from the step name`,
      step.line,
      'write criteria a reviewer can check for this task',
    ),
  );

  const fileNotes = matched.map((entry) => {
    const detail = [entry.kind, entry.size].filter(Boolean).join(', ');
    return `- \`${entry.path}\` (${detail})${entry.purpose ? `: ${entry.purpose}` : ''}`;
  });
  const notes = [
    step.notes,
    fileNotes.length > 0 ? `As the plan's file lists describe them:\n\n${fileNotes.join('\n')}` : '',
    ...extraNotes,
  ]
    .filter(Boolean)
    .join('\n\n');

  return {
    id,
    title: step.title,
    action,
    files: unique([...matched.map((entry) => entry.path), ...extraPaths]),
    description: step.description,
    ...(notes ? { notes } : {}),
    successCriteria,
    verify: unique([...step.commands, ...served.flatMap((criterion) => criterion.commands)]),
    dependencies: [],
  };
}

/**
 * The listed files a step works on, in this order of certainty: a path written out, a file name
 * in the parentheses after the step name, a related listed file for a path the lists lack (or
 * that path as written), and, when nothing is named, the one listed file sharing two words with
 * the step name. Every guess is a warning.
 */
function matchStepFiles(
  id: string,
  step: Step,
  files: FileEntry[],
  warnings: Diagnostic[],
): { matched: FileEntry[]; extraPaths: string[]; extraNotes: string[] } {
  const extraNotes: string[] = [];
  const matched: FileEntry[] = [];
  const extraPaths: string[] = [];
  const take = (entry: FileEntry) => {
    if (!matched.includes(entry)) matched.push(entry);
  };

  // 1. A path from the Files sections, written out anywhere in the step.
  const mentioned = pathsIn(step.prose);
  for (const entry of files) if (mentioned.includes(entry.path)) take(entry);

  // 2. A bare file name in the parentheses after the step name: `(jwt.ts)`.
  const titleWords = wordsOf([step.title, ...step.hints].join(' '));
  for (const hint of step.hints) {
    for (const name of pathsIn(hint, { bareNames: true })) {
      if (name.includes('/')) continue;
      const candidates = files.filter((entry) => baseName(entry.path) === name);
      if (candidates.length === 1) take(candidates[0]!);
      else if (candidates.length > 1) {
        const scored = candidates.map((entry) => ({
          entry,
          score: sharedWords(titleWords, wordsOf(entry.path.split('/').slice(0, -1).join(' '))).length,
        }));
        const best = Math.max(...scored.map((candidate) => candidate.score));
        const winners = scored.filter((candidate) => candidate.score === best);
        if (best > 0 && winners.length === 1) take(winners[0]!.entry);
        else {
          for (const candidate of candidates) take(candidate);
          warnings.push(
            warning(
              importCodes.filesGuessed,
              `${id}: "${name}" could be ${candidates.map((entry) => entry.path).join(' or ')}; took all of them`,
              step.line,
              'keep only the file this task changes',
            ),
          );
        }
      }
    }
  }

  // 3. A path the Files sections do not list: a related listed file (`.env` → `.env.example`), or the path itself.
  for (const path of mentioned) {
    if (files.some((entry) => entry.path === path)) continue;
    const related = relatedFiles(path, files);
    if (related.length > 0) {
      for (const entry of related) take(entry);
      const list = related.map((entry) => entry.path).join(', ');
      extraNotes.push(
        `The step names \`${path}\`, which the plan's file lists do not include (a file such as .env holds secrets and is not committed); the related listed files were used instead: ${list}.`,
      );
      warnings.push(
        warning(
          importCodes.filesGuessed,
          `${id}: ${path} is not in Files to Create/Modify; used the related listed files ${list}`,
          step.line,
          `declare ${path} in the task's Files if it is committed`,
        ),
      );
    } else {
      extraPaths.push(path);
      warnings.push(
        warning(
          importCodes.filesGuessed,
          `${id}: ${path} is not in Files to Create/Modify; declared it as written`,
          step.line,
        ),
      );
    }
  }

  // 4. Nothing named: a listed file whose path shares at least two words with the step name.
  if (matched.length === 0 && extraPaths.length === 0 && step.commands.length === 0) {
    const scored = files.map((entry) => ({ entry, shared: sharedWords(titleWords, wordsOf(entry.path)) }));
    const best = Math.max(0, ...scored.map((candidate) => candidate.shared.length));
    const winners = scored.filter((candidate) => candidate.shared.length === best);
    if (best >= 2 && winners.length === 1) {
      const winner = winners[0]!;
      take(winner.entry);
      warnings.push(
        warning(
          importCodes.filesGuessed,
          `${id}: the step names no file; matched ${winner.entry.path} by the words ${winner.shared.join(', ')}`,
          step.line,
          'check the task declares the right files',
        ),
      );
    }
  }

  return { matched, extraPaths, extraNotes };
}

/** The task's action: from the matched files' kinds, the step name's verb, or its commands. */
function stepAction(
  id: string,
  step: Step,
  matched: readonly FileEntry[],
  extraPaths: readonly string[],
  warnings: Diagnostic[],
): TaskAction {
  let action: TaskAction;
  if (matched.length > 0) {
    const kinds = new Set(matched.map((entry) => entry.kind));
    action = kinds.size === 1 && kinds.has('create') ? 'create' : 'modify';
    if (kinds.size > 1)
      warnings.push(
        warning(
          importCodes.actionGuessed,
          `${id}: the step creates some files and modifies others; imported as modify`,
          step.line,
        ),
      );
  } else if (extraPaths.length > 0) {
    const guess = actionFromVerb(step.title, true, false);
    action = guess.action;
    if (!guess.certain)
      warnings.push(
        warning(importCodes.actionGuessed, `${id}: action ${action} guessed from "${step.title}"`, step.line),
      );
  } else if (step.commands.length > 0) {
    action = 'run';
  } else {
    action = /\btests?\b|\bspecs?\b/i.test(step.title) ? 'test' : 'run';
    warnings.push(
      warning(
        importCodes.actionGuessed,
        `${id}: the step names no file and no command; imported as action ${action}`,
        step.line,
        action === 'run'
          ? 'if the step creates or changes files, set its action and list them in Files; otherwise add a Verify command'
          : 'list the test files it writes in Files (action create) or add the test command to Verify',
      ),
    );
  }
  return action;
}

/** Listed files a path not in the lists most likely means: `.env` → `.env.example`, `src/config/env.ts`. */
function relatedFiles(path: string, files: FileEntry[]): FileEntry[] {
  const name = baseName(path);
  const stem = name.replace(/^\./, '');
  return files.filter((entry) => {
    const other = baseName(entry.path);
    if (other.startsWith(`${name}.`)) return true;
    return name.startsWith('.') && other.replace(/^\./, '').replace(/\.[^.]+$/, '') === stem;
  });
}

const routePattern = /(?:^|[\s(])(\/[A-Za-z0-9_\-.:{}]+(?:\/[A-Za-z0-9_\-.:{}*]+)*)/g;

function routesOf(text: string): Set<string> {
  return new Set(
    [...text.matchAll(routePattern)].map((match) => match[1]!).filter((route) => route.length > 1),
  );
}

/**
 * Does a plan-level criterion belong to this step? When they share an API route, share two
 * significant words with the step name, or contain every significant word of the step name.
 */
function criterionServes(criterion: Criterion, step: Step): boolean {
  const stepRoutes = routesOf(step.prose);
  for (const route of routesOf(criterion.text)) if (stepRoutes.has(route)) return true;
  const titleWords = wordsOf(step.title);
  const criterionWords = wordsOf(criterion.text);
  const shared = sharedWords(titleWords, criterionWords);
  return shared.length >= 2 || (titleWords.size > 0 && shared.length === titleWords.size);
}
