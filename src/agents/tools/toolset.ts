// A role's toolset: the tools it is handed, each validating its input, confined to the
// sandbox, and reporting every refusal through onRefusal before answering the model with it.
import { z } from 'zod';
import { finishTool, reportBlockedTool } from './end-tools.ts';
import { createIgnoreRules } from './gitignore.ts';
import { defaultToolLimits, type ToolLimits } from './limits.ts';
import { type Role, roleMayUse, type ToolName, toolNotPermitted } from './permissions.ts';
import { writePlanTool } from './plan-tool.ts';
import { listFilesTool, readFileTool, searchTool } from './read-tools.ts';
import { isRefusalDraft, type RefusalDraft, refuse, type ToolRefusal } from './refusal.ts';
import { runCommandTool } from './run-command-tool.ts';
import { createSandbox } from './sandbox.ts';
import type { RunCommandSettings, ToolContext, ToolImplementation, ToolsetOutcome } from './tool.ts';
import { editFileTool, writeFileTool } from './write-tools.ts';

type OutputOf<Implementation> =
  Implementation extends ToolImplementation<z.ZodType, infer Output> ? Output : never;

/** What each tool answers when it does not refuse. */
export interface ToolOutputs {
  read_file: OutputOf<typeof readFileTool>;
  list_files: OutputOf<typeof listFilesTool>;
  search: OutputOf<typeof searchTool>;
  write_file: OutputOf<typeof writeFileTool>;
  edit_file: OutputOf<typeof editFileTool>;
  run_command: OutputOf<typeof runCommandTool>;
  write_plan: OutputOf<typeof writePlanTool>;
  report_blocked: OutputOf<typeof reportBlockedTool>;
  finish: OutputOf<typeof finishTool>;
}

export type ToolAnswer<Name extends string> = Name extends ToolName
  ? ToolOutputs[Name] | ToolRefusal
  : ToolRefusal;

/** A tool ready to hand to a model loop: `tool({ description, inputSchema, execute })`. */
export interface Tool<Name extends ToolName = ToolName> {
  name: Name;
  description: string;
  inputSchema: z.ZodType;
  /** Validates the input, runs the tool; a refusal is reported, then returned as the answer. */
  execute(input: unknown): Promise<ToolAnswer<Name>>;
}

export interface CreateToolsetOptions {
  role: Role;
  /** The repository (planner, reviewer) or the task's worktree (executor). */
  root: string;
  /** Executor: the task's declared files (globs); writes elsewhere are refused. */
  taskFiles?: readonly string[];
  /** Reviewer: the plan's verify commands; any other command is refused. */
  verifyCommands?: readonly string[];
  /** Planner: the one file write_plan writes (root-relative or absolute). */
  planPath?: string;
  /** Called with every refusal, before the model sees it (record it: see recordToolRefusal). */
  onRefusal?: (refusal: ToolRefusal) => void | Promise<void>;
  runCommandOptions?: RunCommandSettings;
  limits?: Partial<ToolLimits>;
}

export interface Toolset {
  role: Role;
  /** The real path of the root. */
  root: string;
  /** Only the tools this role may use, by name. */
  tools: { readonly [Name in ToolName]?: Tool<Name> };
  /** Calls a tool by the name the model used; a tool the role lacks is refused (NOT_PERMITTED). */
  call<Name extends string>(name: Name, input: unknown): Promise<ToolAnswer<Name>>;
  /** Set once the model called finish or report_blocked. */
  outcome(): ToolsetOutcome | undefined;
}

const implementations = {
  read_file: readFileTool,
  list_files: listFilesTool,
  search: searchTool,
  write_file: writeFileTool,
  edit_file: editFileTool,
  run_command: runCommandTool,
  write_plan: writePlanTool,
  report_blocked: reportBlockedTool,
  finish: finishTool,
} satisfies { [Name in ToolName]: ToolImplementation<z.ZodType, ToolOutputs[Name]> };

export function createToolset(options: CreateToolsetOptions): Toolset {
  const sandbox = createSandbox(options.root);
  const context: ToolContext = {
    role: options.role,
    sandbox,
    ignoreRules: createIgnoreRules(sandbox.root),
    limits: { ...defaultToolLimits, ...options.limits },
    taskFiles: options.taskFiles ?? [],
    verifyCommands: options.verifyCommands ?? [],
    planPath: options.planPath,
    runCommand: options.runCommandOptions ?? {},
    outcome: undefined,
  };

  async function answerWithRefusal(tool: string, draft: RefusalDraft): Promise<ToolRefusal> {
    const refusal: ToolRefusal = { ...draft, tool };
    await options.onRefusal?.(refusal);
    return refusal;
  }

  async function run(name: ToolName, input: unknown): Promise<unknown> {
    const implementation: ToolImplementation<z.ZodType, unknown> = implementations[name];
    const parsed = implementation.inputSchema.safeParse(input);
    if (!parsed.success) {
      return answerWithRefusal(
        name,
        refuse('INVALID_INPUT', `Invalid input for ${name}: ${z.prettifyError(parsed.error)}`),
      );
    }
    let answer: unknown;
    try {
      answer = await implementation.execute(parsed.data, context);
    } catch (error) {
      // A file system error (permissions, a disk full) is an answer the model can act on.
      answer = refuse('IO_FAILED', `${name} failed: ${(error as Error).message}`);
    }
    return isRefusalDraft(answer) ? answerWithRefusal(name, answer) : answer;
  }

  const tools: { [Name in ToolName]?: Tool<Name> } = {};
  for (const name of Object.keys(implementations) as ToolName[]) {
    if (!roleMayUse(options.role, name)) continue;
    const implementation = implementations[name];
    const tool: Tool = {
      name,
      description: implementation.description,
      inputSchema: implementation.inputSchema,
      execute: (input) => run(name, input) as Promise<ToolAnswer<ToolName>>,
    };
    (tools as Record<ToolName, Tool>)[name] = tool;
  }

  return {
    role: options.role,
    root: sandbox.root,
    tools,
    async call(name, input) {
      if (!roleMayUse(options.role, name)) {
        return (await answerWithRefusal(name, toolNotPermitted(options.role, name))) as ToolAnswer<
          typeof name
        >;
      }
      return (await run(name as ToolName, input)) as ToolAnswer<typeof name>;
    },
    outcome: () => context.outcome,
  };
}
