// The plan model: what a plan document means, independent of how it is written down.
// parse() reads Markdown into this, render() writes the canonical Markdown from it.

export const riskLevels = ['low', 'medium', 'high'] as const;
export type Risk = (typeof riskLevels)[number];

export const taskActions = ['create', 'modify', 'delete', 'run', 'test'] as const;
export type TaskAction = (typeof taskActions)[number];

/** 1-based line and column in the source text. */
export interface SourcePosition {
  line: number;
  column: number;
}

export interface PlanMeta {
  id: string;
  title: string;
  /** ISO date (YYYY-MM-DD) or date-time, as written. */
  created?: string;
  author?: string;
  risk?: Risk;
  effort?: string;
  /** The branch the plan applies to. */
  base?: string;
}

export interface PlanTask {
  /** `T1`, `T2`, … (seed 003's `Task 1` becomes `T1`). */
  id: string;
  title: string;
  action?: TaskAction;
  /**
   * The Action as written when it is none of the five nor a synonym (`frobnicate`): kept, and
   * written back in place, so converting a plan to the canonical form loses nothing. Lint
   * reports it (PLAN_UNKNOWN_ACTION) as long as it is there.
   */
  actionText?: string;
  /** Repository-relative paths or globs: the task's declared scope. */
  files: string[];
  description: string;
  successCriteria: string[];
  /** Shell commands that must pass for the task to count as done. */
  verify: string[];
  /** Ids of tasks that must be done first. */
  dependencies: string[];
  /**
   * Dependencies as written when no task id could be read in them (`after the database
   * exists`): kept and written back in place rather than as `none`, which would claim the
   * task waits for nothing. Lint reports each (PLAN_UNREADABLE_DEPENDENCY).
   */
  unreadableDependencies?: string[];
  estimate?: string;
  /**
   * Markdown inside the task that is not one of its fields (a code block, a `**Purpose**:`
   * line, a paragraph of context), kept as written so nothing a planner wrote is lost.
   */
  notes?: string;
}

export interface PlanRisk {
  risk: string;
  impact: string;
  mitigation: string;
}

/** A section the canonical form does not know, kept so nothing a person wrote is lost. */
export interface ExtraSection {
  title: string;
  /** The section's Markdown, as written. */
  body: string;
}

export interface Plan {
  meta: PlanMeta;
  summary: string;
  requirements: string[];
  prerequisites: string[];
  /** Markdown between `## Tasks` and the first task, kept as written and rendered in place. */
  tasksIntro?: string;
  tasks: PlanTask[];
  edgeCases: string[];
  securityChecklist: string[];
  risks: PlanRisk[];
  questions: string[];
  /** Plan-level checks; an item in backticks is a command run on the integration branch. */
  verification: string[];
  extraSections: ExtraSection[];
}

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  /** Stable code, e.g. PLAN_CYCLE. */
  code: string;
  message: string;
  line: number;
  column: number;
  /** Set by callers that know the file; core code leaves it empty. */
  file?: string;
  hint?: string;
}

/** Where things were in the source, for diagnostics. Absent for plans built in memory. */
export interface PlanPositions {
  frontMatter?: SourcePosition;
  title?: SourcePosition;
  sections: Partial<Record<SectionKey, SourcePosition>>;
  tasks: Record<string, TaskPositions>;
  /** Every `[Placeholder]`-looking span seen, for the placeholder lint. */
  placeholders: Array<SourcePosition & { text: string }>;
  /**
   * Task positions in plan order, parallel to `plan.tasks`: unlike `tasks` (keyed by id), it
   * keeps both positions when two tasks share an id.
   */
  taskOrder?: TaskPositions[];
  /** Where each metadata value was written (a front matter key, or a `**Risk level**:` line). */
  meta?: Partial<Record<keyof PlanMeta, SourcePosition>>;
}

export interface TaskPositions {
  heading: SourcePosition;
  fields: Partial<Record<TaskField, SourcePosition>>;
  /** Position of each declared file, in order. */
  files: SourcePosition[];
  /** Position of each dependency, in order. */
  dependencies: SourcePosition[];
}

export type TaskField =
  | 'action'
  | 'files'
  | 'description'
  | 'successCriteria'
  | 'verify'
  | 'dependencies'
  | 'estimate';

export type SectionKey =
  | 'summary'
  | 'requirements'
  | 'prerequisites'
  | 'tasks'
  | 'edgeCases'
  | 'securityChecklist'
  | 'risks'
  | 'questions'
  | 'verification';

export interface ParseResult {
  plan: Plan;
  positions: PlanPositions;
  diagnostics: Diagnostic[];
}

export function emptyPlan(meta: PlanMeta): Plan {
  return {
    meta,
    summary: '',
    requirements: [],
    prerequisites: [],
    tasks: [],
    edgeCases: [],
    securityChecklist: [],
    risks: [],
    questions: [],
    verification: [],
    extraSections: [],
  };
}

/** Commands in a list of checks: the text of every backtick span. */
export function commandsIn(items: readonly string[]): string[] {
  const commands: string[] = [];
  for (const item of items) {
    for (const match of item.matchAll(/`([^`]+)`/g)) {
      const command = match[1]?.trim();
      if (command) commands.push(command);
    }
  }
  return commands;
}
