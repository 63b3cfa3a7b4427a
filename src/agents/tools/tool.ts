// The shape every tool has: a name, a description for the model, a zod input schema and a
// plain async function. It is what the AI SDK's `tool({ description, inputSchema, execute })`
// needs, so the backend wraps it without this folder importing `ai`.
import type { z } from 'zod';
import type { CommandConfinement } from '../../workspace/sandbox/confine-command.ts';
import type { IgnoreRules } from './gitignore.ts';
import type { ToolLimits } from './limits.ts';
import type { Role, ToolName } from './permissions.ts';
import type { RefusalDraft } from './refusal.ts';
import type { Sandbox } from './sandbox.ts';

/** How run_command runs commands: part of every tool's context, set once per toolset. */
export interface RunCommandSettings {
  /** The longest a command may run; a model may ask for less, never more. Default 120 s. */
  timeoutMs?: number;
  /** Bytes kept of each of stdout and stderr. */
  outputCapBytes?: number;
  /** The commands' whole environment. Default: this process's, without secret-looking variables. */
  env?: Record<string, string | undefined>;
  /** Aborts every command in flight (Ctrl-C). */
  signal?: AbortSignal;
  /** bubblewrap around every command; undefined: unconfined. */
  confinement?: CommandConfinement;
}

/** How the work ended, once the model called finish or report_blocked. */
export type ToolsetOutcome = { status: 'finished'; summary: string } | { status: 'blocked'; reason: string };

/** What a tool's implementation is handed. */
export interface ToolContext {
  role: Role;
  sandbox: Sandbox;
  ignoreRules: IgnoreRules;
  limits: ToolLimits;
  taskFiles: readonly string[];
  verifyCommands: readonly string[];
  planPath: string | undefined;
  runCommand: RunCommandSettings;
  /** Set once by finish or report_blocked. */
  outcome: ToolsetOutcome | undefined;
}

export interface ToolImplementation<Schema extends z.ZodType, Output> {
  name: ToolName;
  description: string;
  inputSchema: Schema;
  execute(input: z.output<Schema>, context: ToolContext): Promise<Output | RefusalDraft>;
}

/** Lets a list hold implementations of different input and output types. */
export function defineTool<Schema extends z.ZodType, Output>(
  implementation: ToolImplementation<Schema, Output>,
): ToolImplementation<Schema, Output> {
  return implementation;
}
