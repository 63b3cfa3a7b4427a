// What each role may do, enforced here rather than asked for in a prompt: a planner that
// "should not" write code cannot, because it is never handed a tool that writes code.
import { pathMatchesGlob } from '../../core/paths/glob.ts';
import { type RefusalDraft, refuse } from './refusal.ts';

export const roles = ['planner', 'executor', 'reviewer'] as const;
export type Role = (typeof roles)[number];

export const toolNames = [
  'read_file',
  'list_files',
  'search',
  'write_file',
  'edit_file',
  'run_command',
  'write_plan',
  'report_blocked',
  'finish',
] as const;
export type ToolName = (typeof toolNames)[number];

const readTools = ['read_file', 'list_files', 'search'] as const satisfies readonly ToolName[];
const endTools = ['report_blocked', 'finish'] as const satisfies readonly ToolName[];

/** The tools each role is handed. Anything else it calls is refused with NOT_PERMITTED. */
export const roleTools: Readonly<Record<Role, readonly ToolName[]>> = {
  // Explores and writes the plan; no shell, because a shell writes files too.
  planner: [...readTools, 'write_plan', ...endTools],
  // Writes inside its task's declared files and runs commands in its worktree.
  executor: [...readTools, 'write_file', 'edit_file', 'run_command', ...endTools],
  // Reads, and runs the plan's verify commands and nothing else.
  reviewer: [...readTools, 'run_command', ...endTools],
};

export function isToolName(name: string): name is ToolName {
  return (toolNames as readonly string[]).includes(name);
}

export function roleMayUse(role: Role, tool: string): boolean {
  return isToolName(tool) && roleTools[role].includes(tool);
}

/** Refusal for a tool the role is not handed (or that does not exist). */
export function toolNotPermitted(role: Role, tool: string): RefusalDraft {
  if (!isToolName(tool)) {
    return refuse(
      'UNKNOWN_TOOL',
      `There is no tool named ${tool}. Available: ${roleTools[role].join(', ')}.`,
    );
  }
  return refuse(
    'NOT_PERMITTED',
    `The ${role} may not use ${tool}. Available to the ${role}: ${roleTools[role].join(', ')}.`,
  );
}

/**
 * May an executor write this root-relative path? Only when it falls under one of the task's
 * declared files (globs, files or folders). A task that declares nothing may write nothing.
 */
export function checkTaskFile(
  relativePath: string,
  taskFiles: readonly string[],
  requested: string,
): RefusalDraft | undefined {
  if (taskFiles.some((pattern) => pathMatchesGlob(relativePath, pattern))) return undefined;
  const declared = taskFiles.length === 0 ? 'none' : taskFiles.join(', ');
  return refuse(
    'OUTSIDE_TASK_FILES',
    `${relativePath} is not among this task's declared files (${declared}). Change only those files, or report_blocked if the task cannot be done within them.`,
    { path: requested },
  );
}

/** May the reviewer run this command? Only when it is one of the plan's verify commands, as written. */
export function checkVerifyCommand(
  command: string,
  verifyCommands: readonly string[],
): RefusalDraft | undefined {
  const wanted = command.trim();
  if (verifyCommands.some((verifyCommand) => verifyCommand.trim() === wanted)) return undefined;
  const allowed =
    verifyCommands.length === 0
      ? 'none'
      : verifyCommands.map((verifyCommand) => `\`${verifyCommand.trim()}\``).join(', ');
  return refuse(
    'NOT_A_VERIFY_COMMAND',
    `The reviewer runs only the plan's verify commands, exactly as written: ${allowed}.`,
    { command },
  );
}
