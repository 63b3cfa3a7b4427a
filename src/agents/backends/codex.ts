// The `codex` backend: `codex exec --json` with the prompt on stdin, in the task's directory.
// The executor runs in Codex's workspace-write sandbox, reviewer and planner read-only. Codex
// has no hooks baton can use to refuse an edit as it happens, so the executor's scope is
// checked afterwards: a change to a file outside the task's declared files fails the round,
// naming the files (the reviewer would also see it in the diff).
import type { RoleConfig } from '../../config-agents-schema.ts';
import { pathMatchesGlob } from '../../core/paths/glob.ts';
import { BatonError } from '../../errors.ts';
import { changedFiles } from '../../workspace/git-diff.ts';
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
import { codexUsage, newCodexStreamState, readCodexLine } from './codex-events.ts';
import type { BackendContext } from './index.ts';
import { roleTimeoutMs } from './timeout.ts';

type CodexConfig = Extract<RoleConfig, { backend: 'codex' }>;

export function codexArguments(role: Role, settings: CodexConfig, cwd: string): string[] {
  return [
    'exec',
    '--json',
    '--skip-git-repo-check',
    '--cd',
    cwd,
    '--sandbox',
    role === 'executor' ? 'workspace-write' : 'read-only',
    ...(settings.model ? ['--model', settings.model] : []),
    ...settings.args,
    // The prompt comes on stdin.
    '-',
  ];
}

interface CodexOutcome {
  text: string;
  isError: boolean;
  detail: string;
}

export function createCodexBackend(descriptor: BackendDescriptor, context: BackendContext): Backend {
  const settings = descriptor.settings as CodexConfig;
  const timeoutMs = roleTimeoutMs(settings.timeout, context.defaultTimeoutMs);
  const baseEnv = context.env ?? process.env;
  const executable = settings.command ?? 'codex';
  const scrub = (text: string) => scrubSecrets(text, baseEnv);

  async function run(options: {
    role: Role;
    cwd: string;
    prompt: string;
    env: Record<string, string | undefined>;
    signal: AbortSignal;
    onUsage?: UsageSink;
  }): Promise<CodexOutcome> {
    const state = newCodexStreamState();
    let result: Awaited<ReturnType<typeof runAgentProcess>>;
    try {
      result = await runAgentProcess({
        command: executable,
        args: codexArguments(options.role, settings, options.cwd),
        cwd: options.cwd,
        env: { ...baseEnv, BATON_ROLE: options.role, ...options.env },
        input: options.prompt,
        timeoutMs,
        signal: options.signal,
        onLine: (line) => readCodexLine(state, line),
      });
    } catch (error) {
      throw new BatonError(
        'BACKEND_UNAVAILABLE',
        `could not start ${executable}: ${(error as Error).message}`,
        {
          exitCode: 3,
          hint: 'Install Codex (npm install -g @openai/codex) or set roles.<role>.command to its path.',
        },
      );
    }
    const usage = codexUsage(state, settings.model);
    if (usage) await options.onUsage?.(usage);
    if (result.aborted) throw abortError(options.signal);
    const text = scrub(state.messages[state.messages.length - 1] ?? '');
    const isError = result.timedOut || result.exitCode !== 0 || state.errors.length > 0;
    const detail = scrub(
      result.timedOut
        ? `timed out after ${Math.round(timeoutMs / 1000)} s`
        : [state.errors.join('; '), tail(result.stderr, 10, 1500)].filter((part) => part !== '').join('\n'),
    );
    return { text, isError, detail };
  }

  const failed = (role: Role, outcome: CodexOutcome) =>
    new BatonError(
      'BACKEND_FAILED',
      `Codex (${role}) failed: ${outcome.detail || outcome.text || 'no answer'}`,
    );

  return {
    kind: 'codex',
    description: settings.model ? `codex (${settings.model})` : 'codex',

    async execute(request: ExecuteRequest): Promise<ExecuteOutcome> {
      const before = new Set(changedFiles(request.workdir));
      const outcome = await run({
        role: 'executor',
        cwd: request.workdir,
        prompt: executorPrompt(request),
        signal: request.signal,
        onUsage: request.onUsage,
        env: {
          BATON_PLAN: request.planId,
          BATON_TASK: request.task.id,
          BATON_TASK_FILES: request.task.files.join(','),
        },
      });
      const outside = changedFiles(request.workdir).filter(
        (file) => !before.has(file) && !request.task.files.some((pattern) => pathMatchesGlob(file, pattern)),
      );
      if (outside.length > 0) {
        return {
          status: 'failed',
          reason: `changed files outside the task's declared files (${request.task.files.join(', ') || 'none'}): ${outside.join(', ')}`,
        };
      }
      const blocked = blockedReason(outcome.text);
      if (blocked) return { status: 'blocked', reason: blocked };
      if (outcome.isError)
        return { status: 'failed', reason: outcome.detail || outcome.text || 'Codex gave no answer' };
      return { status: 'finished', summary: outcome.text };
    },

    async review(request: ReviewRequest): Promise<ReviewSample> {
      const outcome = await run({
        role: 'reviewer',
        cwd: request.workdir,
        prompt: reviewerPrompt(request),
        signal: request.signal,
        onUsage: request.onUsage,
        env: { BATON_PLAN: request.planId, BATON_TASK: request.task.id },
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
