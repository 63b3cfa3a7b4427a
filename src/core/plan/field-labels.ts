// Recognising `Label: value` lines. People write a task's fields as `- **Action**: create`,
// `**Action:** create`, `action: create` or `__Files__: a.ts`; all of them are the same field.
// Only names in the tables below count, so a sentence like `Note: run it twice` stays prose.
import type { PlanMeta, TaskField } from './model.ts';

/** A task field as written; `command` is seed 003's form and becomes a verify command. */
export type TaskFieldKey = TaskField | 'command';

const taskFieldNames: Record<string, TaskFieldKey> = {
  action: 'action',
  file: 'files',
  files: 'files',
  path: 'files',
  paths: 'files',
  description: 'description',
  details: 'description',
  'success criteria': 'successCriteria',
  'success criterion': 'successCriteria',
  'acceptance criteria': 'successCriteria',
  'done when': 'successCriteria',
  verify: 'verify',
  verification: 'verify',
  'verify with': 'verify',
  'verify commands': 'verify',
  command: 'command',
  commands: 'command',
  dependencies: 'dependencies',
  dependency: 'dependencies',
  'depends on': 'dependencies',
  'blocked by': 'dependencies',
  deps: 'dependencies',
  estimate: 'estimate',
  'estimated time': 'estimate',
  'estimated effort': 'estimate',
  effort: 'estimate',
  duration: 'estimate',
};

const metaFieldNames: Record<string, keyof PlanMeta> = {
  id: 'id',
  title: 'title',
  created: 'created',
  date: 'created',
  author: 'author',
  'estimated effort': 'effort',
  effort: 'effort',
  'risk level': 'risk',
  risk: 'risk',
  base: 'base',
  'base branch': 'base',
};

export interface LabelMatch {
  /** The label as normalised: lower case, single spaces. */
  name: string;
  /** Characters from the start of the line to the start of the value. */
  length: number;
}

// `**Name**:`, `**Name:**`, `*Name*:`, `__Name__:`, `Name:`; the name is letters, digits,
// spaces, `-` and `/`, at most 40 characters.
const labelPattern =
  /^(?:(\*\*|\*|__|_)[ \t]*([A-Za-z][A-Za-z0-9 /-]{0,39}?)[ \t]*(:?)[ \t]*\1(?!\*|_)[ \t]*(:?)|([A-Za-z][A-Za-z0-9 /-]{0,39}?)[ \t]*:)[ \t]*/;

/** The label at the start of `line` (already trimmed at the start), if it is one. */
export function matchLabel(line: string): LabelMatch | undefined {
  const match = labelPattern.exec(line);
  if (!match) return undefined;
  const emphasised = match[2];
  if (emphasised !== undefined) {
    // Exactly one colon, inside or after the emphasis.
    if ((match[3] === ':') === (match[4] === ':')) return undefined;
  }
  const rawName = emphasised ?? match[5] ?? '';
  return { name: rawName.toLowerCase().replace(/\s+/g, ' ').trim(), length: match[0].length };
}

export function taskFieldFor(name: string): TaskFieldKey | undefined {
  return Object.hasOwn(taskFieldNames, name) ? taskFieldNames[name] : undefined;
}

export function metaFieldFor(name: string): keyof PlanMeta | undefined {
  return Object.hasOwn(metaFieldNames, name) ? metaFieldNames[name] : undefined;
}
