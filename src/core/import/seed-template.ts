// The seed 000 plan template: Summary, Requirements Clarified, Files to Create / Files to Modify,
// Implementation Steps (Sequential), Success Criteria, Security Checklist, Risks & Mitigation,
// Questions for Implementer. Each implementation step becomes a task; the files a step names are
// matched to the Files sections; what had to be guessed is reported.

import type { ListItem, Nodes, RootContent } from 'mdast';
import type { Diagnostic, Plan, PlanRisk, Risk } from '../plan/model.ts';
import { emptyPlan } from '../plan/model.ts';
import {
  backtickCommands,
  backtickParenthesisedCommands,
  commandsOfBlock,
  importCodes,
  pathsIn,
  shellLanguages,
  unique,
  warning,
} from './helpers.ts';
import {
  blockSource,
  firstParagraph,
  inlineSource,
  itemSource,
  lineOf,
  listItems,
  parseMarkdown,
  plainText,
  type Section,
  sectionBody,
  sectionItems,
  splitSections,
  tableRows,
} from './markdown.ts';
import { type Criterion, type FileEntry, type Step, stepToTask } from './seed-template-tasks.ts';
import type { FormatResult, ImportOptions } from './types.ts';

export function importSeedTemplate(text: string, options: ImportOptions): FormatResult {
  const warnings: Diagnostic[] = [];
  const document = splitSections(parseMarkdown(text));
  const title = (document.title?.text ?? '').replace(/^plan\s*:\s*/i, '').trim();
  const plan = emptyPlan({ id: options.id, title: title || options.id });
  if (!title)
    warnings.push(
      warning(importCodes.guess, `the plan has no "# Plan: <title>" heading; titled it "${options.id}"`),
    );
  readMeta(plan, document.preamble, warnings);
  if (!plan.meta.created && options.now) plan.meta.created = options.now;

  const files: FileEntry[] = [];
  let stepsSection: Section | undefined;
  let criteria: Criterion[] = [];
  for (const section of document.sections) {
    const key = section.key;
    if (key === 'summary' || key === 'overview') plan.summary = sectionBody(text, section);
    else if (key.startsWith('requirements')) plan.requirements.push(...sectionItems(text, section.nodes));
    else if (key.startsWith('prerequisites')) plan.prerequisites.push(...sectionItems(text, section.nodes));
    else if (key === 'edge cases') plan.edgeCases.push(...sectionItems(text, section.nodes));
    else if (key.startsWith('security checklist'))
      plan.securityChecklist.push(...sectionItems(text, section.nodes));
    else if (key.startsWith('risks')) plan.risks.push(...readRisks(section));
    else if (key.startsWith('questions'))
      plan.questions.push(...sectionItems(text, listOrAll(section.nodes)));
    else if (key === 'success criteria' || key === 'verification')
      criteria = criteria.concat(readCriteria(text, section, warnings));
    else if (key === 'implementation steps' || key === 'steps' || key === 'implementation')
      stepsSection ??= section;
    else {
      if (key === 'files to create' || key === 'files to modify')
        files.push(...readFiles(section, key === 'files to create' ? 'create' : 'modify'));
      plan.extraSections.push({ title: section.title, body: sectionBody(text, section) });
    }
  }
  plan.verification = criteria.map((criterion) => criterion.text);

  const steps = stepsSection ? readSteps(text, stepsSection) : [];
  if (!stepsSection || steps.length === 0) {
    return {
      ok: false,
      diagnostics: [
        {
          severity: 'error',
          code: importCodes.noTasks,
          message: stepsSection
            ? `"${stepsSection.title}" has no numbered steps to turn into tasks`
            : 'no "Implementation Steps" section: nothing to turn into tasks',
          line: stepsSection?.line ?? 1,
          column: 1,
          hint: 'write the steps as a numbered list under "## Implementation Steps (Sequential)"',
        },
      ],
    };
  }

  const sequential = /sequential/i.test(stepsSection.title);
  if (!sequential)
    warnings.push(
      warning(
        importCodes.dependenciesGuessed,
        `"${stepsSection.title}" does not say "Sequential": the steps were imported without dependencies and may run in parallel`,
        stepsSection.line,
        'add Dependencies to the tasks that must wait for another',
      ),
    );

  const used = new Set<string>();
  steps.forEach((step, index) => {
    const task = stepToTask(step, files, criteria, warnings);
    if (sequential && index > 0) task.dependencies = [`T${index}`];
    for (const path of task.files) used.add(path);
    plan.tasks.push(task);
  });
  for (const file of files) {
    if (!used.has(file.path))
      warnings.push(
        warning(
          importCodes.unusedFile,
          `${file.path} is listed under Files to ${file.kind === 'create' ? 'Create' : 'Modify'} but no step names it`,
          file.line,
          'add it to the Files of the task that changes it',
        ),
      );
  }
  return { ok: true, plan, warnings };
}

// ---------------------------------------------------------------------------------------------

function readMeta(plan: Plan, preamble: RootContent[], warnings: Diagnostic[]): void {
  for (const node of preamble) {
    if (node.type !== 'paragraph') continue;
    for (const rawLine of plainText(node).split('\n')) {
      const match = /^\s*([A-Za-z][A-Za-z ]*?)\s*:\s*(.+?)\s*$/.exec(rawLine);
      if (!match) continue;
      const name = match[1]!.toLowerCase();
      const value = match[2]!;
      const line = lineOf(node) + plainText(node).split('\n').indexOf(rawLine);
      const placeholder = /^\[[^\]]*\]$/.test(value);
      if (placeholder && name !== 'author') {
        warnings.push(
          warning(importCodes.guess, `${match[1]} is an unfilled placeholder (${value}); left empty`, line),
        );
        continue;
      }
      if (name === 'created' || name === 'date') plan.meta.created = value;
      else if (name === 'author') plan.meta.author = value;
      else if (name === 'estimated effort' || name === 'effort') plan.meta.effort = value;
      else if (name === 'base' || name === 'branch' || name === 'base branch') plan.meta.base = value;
      else if (name === 'risk level' || name === 'risk') {
        const risk = riskOf(value);
        if (risk) plan.meta.risk = risk;
        else
          warnings.push(
            warning(
              importCodes.guess,
              `risk level "${value}" is not one of low, medium, high; left empty`,
              line,
            ),
          );
      }
    }
  }
}

function riskOf(value: string): Risk | undefined {
  const found = new Set<Risk>();
  for (const word of value.toLowerCase().split(/[^a-z]+/)) {
    if (word === 'low') found.add('low');
    else if (word === 'medium' || word === 'med' || word === 'moderate') found.add('medium');
    else if (word === 'high' || word === 'critical') found.add('high');
  }
  // "Medium (security-critical)": the level is the first word; a second only counts when it is alone.
  const first = value.toLowerCase().match(/[a-z]+/)?.[0];
  const firstRisk = first === 'med' || first === 'moderate' ? 'medium' : first;
  if (firstRisk === 'low' || firstRisk === 'medium' || firstRisk === 'high') {
    return value.includes('|') ? undefined : firstRisk;
  }
  return found.size === 1 ? [...found][0] : undefined;
}

function listOrAll(nodes: RootContent[]): RootContent[] {
  return nodes.some((node) => node.type === 'list') ? nodes.filter((node) => node.type === 'list') : nodes;
}

function readRisks(section: Section): PlanRisk[] {
  const risks: PlanRisk[] = [];
  for (const node of section.nodes) {
    if (node.type !== 'table') continue;
    for (const { cells } of tableRows(node)) {
      const risk = cells['risk'] ?? Object.values(cells)[0] ?? '';
      if (!risk) continue;
      risks.push({
        risk,
        impact: cells['impact'] ?? cells['severity'] ?? cells['likelihood'] ?? '',
        mitigation: cells['mitigation'] ?? cells['plan'] ?? '',
      });
    }
  }
  return risks;
}

function readCriteria(text: string, section: Section, warnings: Diagnostic[]): Criterion[] {
  return listItems(section.nodes).flatMap((item) => {
    const paragraph = firstParagraph(item);
    if (!paragraph) return [];
    const source = inlineSource(text, paragraph);
    const rewritten = backtickParenthesisedCommands(source);
    if (rewritten.commands.length > 0)
      warnings.push(
        warning(
          importCodes.guess,
          `read ${rewritten.commands.map((command) => `(${command})`).join(', ')} as a verification command`,
          lineOf(item),
        ),
      );
    return [
      {
        text: rewritten.text,
        commands: unique([...rewritten.commands, ...backtickCommands(source)]),
        line: lineOf(item),
      },
    ];
  });
}

/** `### 1. src/auth/jwt.ts (~120 lines)` headings, or list items that start with a path. */
function readFiles(section: Section, kind: 'create' | 'modify'): FileEntry[] {
  const entries: FileEntry[] = [];
  let current: FileEntry | undefined;
  let lastLabel = '';
  for (const node of section.nodes) {
    if (node.type === 'heading') {
      const heading = plainText(node).trim();
      const match = /^(?:\d+[.)]\s*)?(.+?)\s*(?:\((~?[^)]*\blines?)\))?\s*$/i.exec(heading);
      const path = (match?.[1] ?? heading).replace(/^`|`$/g, '').trim();
      current = { path, kind, purpose: '', line: lineOf(node) };
      if (match?.[2]) current.size = match[2].trim();
      entries.push(current);
      lastLabel = '';
      continue;
    }
    if (!current) {
      if (node.type === 'list') {
        for (const item of node.children) {
          const first = plainText(item).trim().split(/\s+/)[0] ?? '';
          const path = pathsIn(first, { bareNames: true })[0];
          if (!path) continue;
          const rest = plainText(item)
            .trim()
            .slice(first.length)
            .replace(/^[\s:—–-]+/, '');
          entries.push({ path, kind, purpose: rest.split('\n')[0] ?? '', line: lineOf(item) });
        }
      }
      continue;
    }
    if (node.type === 'paragraph') {
      for (const line of plainText(node).split('\n')) {
        const match = /^\s*(Purpose|Change|Changes|Add|Adds|Summary)\s*:\s*(.*)$/i.exec(line);
        if (!match) continue;
        lastLabel = match[1]!.toLowerCase();
        if (!current.purpose && match[2]!.trim()) current.purpose = match[2]!.trim();
      }
    } else if (
      node.type === 'list' &&
      !current.purpose &&
      (lastLabel === 'changes' || lastLabel === 'change')
    ) {
      current.purpose = node.children.map((item) => plainText(item).split('\n')[0]?.trim() ?? '').join('; ');
    }
  }
  return entries;
}

function readSteps(text: string, section: Section): Step[] {
  const steps: Step[] = [];
  for (const item of listItems(section.nodes)) {
    const step = readStep(text, item, steps.length + 1);
    if (step) steps.push(step);
  }
  return steps;
}

function readStep(text: string, item: ListItem, number: number): Step | undefined {
  const paragraph = firstParagraph(item);
  if (!paragraph) return undefined;
  let title: string;
  let rest: string;
  const [first, ...others] = paragraph.children;
  if (first && first.type === 'strong') {
    title = plainText(first).trim();
    rest = others.map((node) => plainText(node)).join('');
  } else {
    const [firstLine = '', ...more] = plainText(paragraph).split('\n');
    const trailing = /^(.*?)\s*((?:\([^()]*\)\s*)+)$/.exec(firstLine);
    title = (trailing ? trailing[1]! : firstLine).trim();
    rest = [trailing?.[2] ?? '', ...more].join('\n');
  }
  title = title.replace(/[:.]\s*$/, '').trim();
  const hints = [...rest.matchAll(/\(([^()]*)\)/g)].map((match) => match[1]!.trim()).filter(Boolean);
  const outside = rest
    .replace(/\([^()]*\)/g, '')
    .trim()
    .replace(/^[:—–-]\s*/, '');
  const body = item.children.slice(1);
  const commands: string[] = [];
  visit(body, (node) => {
    if (node.type === 'code' && shellLanguages.has((node.lang ?? '').toLowerCase()))
      commands.push(...commandsOfBlock(node.value));
  });
  const prose = [title, rest, ...body.map((node) => proseOf(node))].join('\n');
  commands.push(...backtickCommands(prose));
  const lines = body.flatMap((node) =>
    node.type === 'list'
      ? node.children.map((child) => itemSource(text, child))
      : node.type === 'paragraph'
        ? [inlineSource(text, node)]
        : [],
  );
  const flat = body.every(
    (node) =>
      node.type === 'paragraph' ||
      (node.type === 'list' &&
        node.children.every((child) => child.children.length === 1 && firstParagraph(child))),
  );
  const description = [outside, lines.filter(Boolean).join('; ')].filter(Boolean).join(': ');
  return {
    number,
    title,
    hints,
    prose,
    commands: unique(commands),
    description,
    notes: flat ? '' : blockSource(text, body),
    line: lineOf(item),
  };
}

function visit(nodes: readonly Nodes[], visitor: (node: Nodes) => void): void {
  for (const node of nodes) {
    visitor(node);
    if ('children' in node) visit(node.children as Nodes[], visitor);
  }
}

function proseOf(node: Nodes): string {
  if (node.type === 'code') return '';
  if ('children' in node) return (node.children as Nodes[]).map(proseOf).join('\n');
  return plainText(node);
}
