// Reading spec-kit's tasks.md into its parts: the title, the text before the first section,
// the phases with their tasks (id, [P], [US1], text, files, named dependencies) and the other
// sections. Building the plan from them is spec-kit.ts.

import type { ListItem, Nodes, RootContent } from 'mdast';
import { backtickCommands, commandsOfBlock, shellLanguages, unique } from './helpers.ts';
import { blockSource, firstParagraph, inlineSource, lineOf, parseMarkdown, plainText } from './markdown.ts';

export interface SourceTask {
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

export interface Phase {
  title: string;
  line: number;
  intro: RootContent[];
  tasks: SourceTask[];
  independentTest?: string;
  purpose?: string;
}

export interface OtherSection {
  title: string;
  nodes: RootContent[];
}

const taskLine = /^(T\d+)\b\s*(.*)$/s;
const phaseHeading = /^phase\s+\d+/i;

/** tasks.md's blocks sorted out: its title, the text before the first section, phases, other sections. */
export interface TasksDocument {
  title: string;
  frontMatterDescription: string;
  preamble: RootContent[];
  phases: Phase[];
  others: OtherSection[];
}

export function readTasksDocument(text: string): TasksDocument {
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
  return { title, frontMatterDescription, preamble, phases, others };
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
export function readPhaseIntro(phase: Phase): void {
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
