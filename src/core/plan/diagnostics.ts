// Diagnostics as a compiler prints them, and the table of every code parse and lint emit:
// the codes are stable (scripts and editors match on them), the table is what the docs and
// `--json` consumers rely on.
import type { Diagnostic, Severity } from './model.ts';

export interface DiagnosticCodeInfo {
  severity: Severity;
  /** What triggers it. */
  trigger: string;
  /** What the author does about it. */
  fix: string;
}

export const planDiagnosticCodes = {
  PLAN_NO_TASKS: {
    severity: 'error',
    trigger: 'the plan has no `### T1: …` task under `## Tasks`',
    fix: 'add at least one task',
  },
  PLAN_DUPLICATE_TASK: {
    severity: 'error',
    trigger: 'two tasks share an id',
    fix: 'renumber one of them (and the dependencies that meant it)',
  },
  PLAN_UNKNOWN_DEPENDENCY: {
    severity: 'error',
    trigger: 'a dependency names a task id the plan does not have',
    fix: 'fix the id, or add the missing task',
  },
  PLAN_CYCLE: {
    severity: 'error',
    trigger: 'tasks depend on each other in a circle (`T2 → T4 → T2`); none of them could ever start',
    fix: 'remove one dependency of the cycle',
  },
  PLAN_NO_SUCCESS_CRITERIA: {
    severity: 'error',
    trigger: 'a task has no Success Criteria',
    fix: 'say how a reviewer knows the task is done',
  },
  PLAN_NO_FILES: {
    severity: 'error',
    trigger: 'a create, modify or delete task declares no Files',
    fix: 'list the paths or globs the task may touch',
  },
  PLAN_PATH_ESCAPES: {
    severity: 'error',
    trigger:
      'a declared path is absolute, starts with `~` or `$`, climbs out with `..`, or leads out through a symlink',
    fix: 'use a path relative to the repository root, inside it',
  },
  PLAN_PLACEHOLDER: {
    severity: 'error',
    trigger: 'an unfilled template placeholder such as `[Feature Name]` or `[path]`',
    fix: 'replace it with the real value (write `\\[` for a literal bracket)',
  },
  PLAN_FRONT_MATTER: {
    severity: 'error',
    trigger: 'the YAML front matter is malformed or a value is invalid (e.g. `risk: severe`)',
    fix: 'fix the YAML; risk is low, medium or high; created is a date like 2026-02-04',
  },
  PLAN_PARSE_FAILED: {
    severity: 'error',
    trigger: 'the parser failed unexpectedly (a bug in baton)',
    fix: 'report it, with the plan',
  },
  PLAN_NO_VERIFICATION: {
    severity: 'warning',
    trigger: 'no command in backticks in any task Verify (or Command) field nor in the Verification section',
    fix: 'add commands that prove the work, e.g. `npm test`',
  },
  PLAN_FILE_COLLISION: {
    severity: 'warning',
    trigger: 'two tasks with no dependency path between them declare the same file or overlapping globs',
    fix: 'add a dependency between them so they do not run in parallel',
  },
  PLAN_HIGH_RISK_UNMITIGATED: {
    severity: 'warning',
    trigger: 'risk is high but the plan has no Edge Cases or no Risks & Mitigation',
    fix: 'write down the edge cases and the risks with their mitigations',
  },
  PLAN_UNKNOWN_ACTION: {
    severity: 'warning',
    trigger: 'an Action that is not create, modify, delete, run or test (nor a known synonym)',
    fix: 'use one of the five actions',
  },
  PLAN_TASK_HEADING: {
    severity: 'warning',
    trigger: 'a task heading under Tasks without an id (`### Set up the database`)',
    fix: 'write it as `### T1: Set up the database`',
  },
  PLAN_UNREADABLE_DEPENDENCY: {
    severity: 'warning',
    trigger: 'a Dependencies value with no task id in it (`after the database exists`)',
    fix: 'name task ids (`T1, T2`) or write `none`',
  },
  PLAN_TASK_NOT_CHECKABLE: {
    severity: 'warning',
    trigger: 'a run or test task with no command in Verify and no Files: nothing says what to run',
    fix: 'put the command in Verify (`- **Verify**: `npm run migrate``)',
  },
  PLAN_ID_MISMATCH: {
    severity: 'warning',
    trigger: 'the front matter `id` differs from the file name (`<id>.md`); baton goes by the file name',
    fix: 'rename the file or fix the id',
  },
  PLAN_AMBIGUOUS: {
    severity: 'error',
    trigger: 'the same plan file is in two state folders (`baton lint` reports it on each copy)',
    fix: 'remove the copy that is not current, so the plan is in one folder only',
  },
  PLAN_TITLE_MISMATCH: {
    severity: 'warning',
    trigger: 'the front matter title differs from the `# Plan:` heading (the heading wins)',
    fix: 'make them agree, or drop the front matter title',
  },
  PLAN_FRONT_MATTER_UNKNOWN_KEY: {
    severity: 'warning',
    trigger: 'a front matter key baton does not know (a typo like `auther:`)',
    fix: 'fix or remove the key',
  },
  PLAN_METADATA: {
    severity: 'warning',
    trigger: 'a bold metadata line (`**Risk level**: …`) with a value baton cannot read',
    fix: 'write low, medium or high',
  },
} as const satisfies Record<string, DiagnosticCodeInfo>;

export type PlanDiagnosticCode = keyof typeof planDiagnosticCodes;

/** `file:line:col severity code message`, the way compilers print it; `<plan>` when no file is known. */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const file = diagnostic.file ?? '<plan>';
  return `${file}:${diagnostic.line}:${diagnostic.column} ${diagnostic.severity} ${diagnostic.code} ${diagnostic.message}`;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((diagnostic) => diagnostic.severity === 'error');
}

/** By line, then column; diagnostics at the same place keep their order. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => a.line - b.line || a.column - b.column);
}
