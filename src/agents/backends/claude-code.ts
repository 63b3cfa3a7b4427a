// The `claude-code` backend: Claude Code headless,
//   claude -p --output-format stream-json --verbose --allowedTools … --settings <baton's hooks>
// with the prompt on stdin, in the task's directory. The role is kept by Claude Code's own tool
// permissions (the tools each role is allowed) and by baton's hooks, which read BATON_ROLE,
// BATON_PLAN, BATON_TASK and BATON_TASK_FILES: the executor's edits outside its declared files
// are denied, the planner's edits and writing commands too. Usage and cost are Claude Code's
// own report, from the final `result` event; the result's text is the answer.
import { homedir } from 'node:os';
import type { RoleConfig } from '../../config-agents-schema.ts';
import { BatonError } from '../../errors.ts';
import type {
  Backend,
  ExecuteOutcome,
  ExecuteRequest,
  PlanRequest,
  ReviewRequest,
  ReviewSample,
  Role,
  UsageSink,
} from '../backend.ts';
import { blockedReason, executorPrompt, plannerPrompt, reviewerPrompt, unwrapMarkdown } from '../prompts.ts';
import { abortError } from '../retry.ts';
import { scrubSecrets } from '../secrets.ts';
import type { BackendDescriptor } from '../select-backend.ts';
import { runAgentProcess, tail } from './agent-process.ts';
import { batonHooksInstalled, claudeHookSettings } from './claude-settings.ts';
import { claudeUsage, finalText, newClaudeStreamState, readClaudeStreamLine } from './claude-stream.ts';
import type { BackendContext } from './index.ts';
import { roleTimeoutMs } from './timeout.ts';

type ClaudeConfig = Extract<RoleConfig, { backend: 'claude-code' }>;

const readTools = ['Read', 'Glob', 'Grep'];
const writeTools = ['Write', 'Edit', 'MultiEdit', 'NotebookEdit', 'Bash'];

/** What each role is allowed; the rest is denied (no one answers permission prompts headless). */
export const claudeAllowedTools: Readonly<Record<Role, readonly string[]>> = {
  executor: ['Read', 'Write', 'Edit', 'MultiEdit', 'Bash', 'Glob', 'Grep'],
  reviewer: readTools,
  planner: readTools,
};

export interface ClaudeRunOutcome {
  text: string;
  isError: boolean;
  exitCode: number | null;
  stderr: string;
}

export function claudeArguments(
  role: Role,
  settings: ClaudeConfig,
  hookSettings: string | undefined,
): string[] {
  return [
    '-p',
    '--output-format',
    'stream-json',
    '--verbose',
    '--allowedTools',
    claudeAllowedTools[role].join(','),
    ...(role === 'executor' ? [] : ['--disallowedTools', writeTools.join(',')]),
    ...(hookSettings === undefined ? [] : ['--settings', hookSettings]),
    ...(settings.model ? ['--model', settings.model] : []),
    ...settings.args,
  ];
}

export function createClaudeCodeBackend(descriptor: BackendDescriptor, context: BackendContext): Backend {
  const settings = descriptor.settings as ClaudeConfig;
  const timeoutMs = roleTimeoutMs(settings.timeout, context.defaultTimeoutMs);
  const baseEnv = context.env ?? process.env;
  const executable = settings.command ?? 'claude';

  async function run(options: {
    role: Role;
    cwd: string;
    prompt: string;
    env: Record<string, string | undefined>;
    signal: AbortSignal;
    onUsage?: UsageSink;
  }): Promise<ClaudeRunOutcome> {
    const hookSettings = batonHooksInstalled(options.cwd, baseEnv.HOME ?? homedir())
      ? undefined
      : JSON.stringify(claudeHookSettings());
    const state = newClaudeStreamState();
    let result: Awaited<ReturnType<typeof runAgentProcess>>;
    try {
      result = await runAgentProcess({
        command: executable,
        args: claudeArguments(options.role, settings, hookSettings),
        cwd: options.cwd,
        env: {
          ...baseEnv,
          BATON_ROLE: options.role,
          ...(context.storeUrl ? { BATON_DATABASE_URL: context.storeUrl } : {}),
          ...options.env,
        },
        input: options.prompt,
        timeoutMs,
        signal: options.signal,
        onLine: (line) => readClaudeStreamLine(state, line),
      });
    } catch (error) {
      throw new BatonError(
        'BACKEND_UNAVAILABLE',
        `could not start ${executable}: ${(error as Error).message}`,
        {
          exitCode: 3,
          hint: 'Install Claude Code (npm install -g @anthropic-ai/claude-code) or set roles.<role>.command to its path.',
        },
      );
    }
    // What was used is recorded even when the run was aborted or failed: it was paid for.
    const usage = claudeUsage(state);
    if (usage) await options.onUsage?.(usage);
    if (result.aborted) throw abortError(options.signal);
    const text = scrubSecrets(finalText(state), baseEnv);
    const isError =
      result.timedOut ||
      result.exitCode !== 0 ||
      state.result === undefined ||
      state.result.is_error === true;
    const stderr = scrubSecrets(tail(result.stderr), baseEnv);
    if (result.timedOut)
      return { text: `timed out after ${Math.round(timeoutMs / 1000)} s`, isError, exitCode: null, stderr };
    return { text, isError, exitCode: result.exitCode, stderr };
  }

  const failed = (role: Role, outcome: ClaudeRunOutcome) =>
    new BatonError(
      'BACKEND_FAILED',
      `Claude Code (${role}) failed${outcome.exitCode ? ` with exit code ${outcome.exitCode}` : ''}: ${outcome.text || outcome.stderr || 'no result'}`,
    );

  return {
    kind: 'claude-code',
    description: settings.model ? `claude-code (${settings.model})` : 'claude-code',

    async execute(request: ExecuteRequest): Promise<ExecuteOutcome> {
      const outcome = await run({
        role: 'executor',
        cwd: request.workdir,
        prompt: executorPrompt(request),
        signal: request.signal,
        onUsage: request.onUsage,
        env: {
          BATON_PLAN: request.planId,
          BATON_TASK: request.task.id,
          // Never empty: the hooks read an empty list as "no restriction".
          BATON_TASK_FILES: request.task.files.length > 0 ? request.task.files.join(',') : '.baton-no-files',
          ...(request.instance ? { BATON_INSTANCE: request.instance } : {}),
        },
      });
      const blocked = blockedReason(outcome.text);
      if (blocked) return { status: 'blocked', reason: blocked };
      if (outcome.isError)
        return { status: 'failed', reason: outcome.text || outcome.stderr || 'Claude Code gave no result' };
      return { status: 'finished', summary: outcome.text };
    },

    async review(request: ReviewRequest): Promise<ReviewSample> {
      const outcome = await run({
        role: 'reviewer',
        cwd: request.workdir,
        prompt: reviewerPrompt(request),
        signal: request.signal,
        onUsage: request.onUsage,
        env: {
          BATON_PLAN: request.planId,
          BATON_TASK: request.task.id,
          ...(request.instance ? { BATON_INSTANCE: request.instance } : {}),
        },
      });
      if (outcome.isError) throw failed('reviewer', outcome);
      return { text: outcome.text };
    },

    async plan(request: PlanRequest): Promise<string> {
      const outcome = await run({
        role: 'planner',
        cwd: request.repositoryRoot,
        prompt: plannerPrompt(request),
        signal: request.signal,
        onUsage: request.onUsage,
        env: { BATON_PLAN: request.planId },
      });
      if (outcome.isError) throw failed('planner', outcome);
      return unwrapMarkdown(outcome.text);
    },
  };
}
