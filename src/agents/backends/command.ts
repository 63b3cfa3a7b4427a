// The `command` backend: any command, run with bash in the task's directory.
//   executor  env BATON_ROLE, BATON_PLAN, BATON_TASK, BATON_TASK_FILES, BATON_BUILD_FILE,
//             BATON_ROUND, BATON_FEEDBACK_FILE (when there is feedback) and BATON_RESULT_FILE (a fresh
//             temporary path). Exit 0 = finished, non-zero = failed (with the output's tail);
//             `{"status":"blocked","reason":…}` written to BATON_RESULT_FILE = blocked. A
//             command that calls a model may add what it used, `"usage": {"input_tokens": …,
//             "output_tokens": …, "cost_usd": …, "model": …}` (cache_read_tokens and
//             cache_write_tokens too; every field optional): recorded as the executor's usage
//             and counted against the budget.
//   reviewer  the review request as JSON on stdin; prints the judge's JSON on stdout. A reviewer
//             that calls a model may add `"usage": {…}` (the same fields) to that JSON: recorded
//             as the reviewer's usage (the judge ignores the field).
//   planner   the plan request as JSON on stdin; prints the plan's Markdown on stdout; like an
//             executor it gets BATON_RESULT_FILE, where it may write `{"usage": {…}}`.
// The command is the user's own, so it gets the user's environment (keys included: it may call
// a model); what it prints is scrubbed of secrets before baton keeps or shows any of it. The
// executor's command is confined by bubblewrap as the `sandbox` setting says (run_command's rules).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { RoleConfig } from '../../config/agents-schema.ts';
import { agentEnvironment } from '../../core/people/person-only.ts';
import { scrubSecrets } from '../../core/secrets/secrets.ts';
import { BatonError } from '../../errors.ts';
import type { StartedProcess } from '../../workspace/process-group.ts';
import { commandConfinement, confinedCommandLine } from '../../workspace/sandbox/confine-command.ts';
import { defaultSandboxPolicy } from '../../workspace/sandbox/confinement.ts';
import type {
  Backend,
  ExecuteOutcome,
  ExecuteRequest,
  PlanRequest,
  ReviewRequest,
  ReviewSample,
  UsageSink,
} from '../backend.ts';
import { abortError } from '../call-retry.ts';
import { reviewRequestDocument, unwrapMarkdown } from '../prompts.ts';
import { type AgentProcessResult, runAgentProcess, tail } from './agent-process.ts';
import type { BackendContext, BackendDescriptor } from './backend-context.ts';
import { roleTimeoutMs, timedOutAfter } from './timeout.ts';

type CommandConfig = Extract<RoleConfig, { backend: 'command' }>;

const tokens = z.number().int().nonnegative().optional();
const resultFileSchema = z.looseObject({
  status: z.string().optional(),
  reason: z.string().optional(),
  summary: z.string().optional(),
  usage: z
    .looseObject({
      input_tokens: tokens,
      output_tokens: tokens,
      cache_read_tokens: tokens,
      cache_write_tokens: tokens,
      cost_usd: z.number().nonnegative().optional(),
      model: z.string().optional(),
    })
    .optional(),
});

type ReportedUsage = NonNullable<z.infer<typeof resultFileSchema>['usage']>;

async function reportUsage(usage: ReportedUsage | undefined, onUsage: UsageSink | undefined): Promise<void> {
  if (!usage || !onUsage) return;
  await onUsage({
    inputTokens: usage.input_tokens ?? 0,
    outputTokens: usage.output_tokens ?? 0,
    cacheReadTokens: usage.cache_read_tokens ?? 0,
    cacheWriteTokens: usage.cache_write_tokens ?? 0,
    ...(usage.cost_usd !== undefined ? { costUsd: usage.cost_usd } : {}),
    ...(usage.model ? { model: usage.model } : {}),
  });
}

/** The `usage` a reviewer put beside its judge answer, if its stdout is one JSON object. */
function usageInAnswer(stdout: string): ReportedUsage | undefined {
  const text = stdout.trim().replace(/^```(?:json)?\s*|\s*```$/g, '');
  try {
    const parsed = resultFileSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.usage : undefined;
  } catch {
    return undefined;
  }
}

function readResultFile(file: string): z.infer<typeof resultFileSchema> | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = resultFileSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return { status: 'unreadable', reason: text.slice(0, 500) };
  }
}

/** The end of stdout, then the end of stderr, where a failure usually says why. */
function outputTail(result: AgentProcessResult): string {
  const parts = [tail(result.stdout, 20, 2500)];
  if (result.stderr.trim() !== '') parts.push(`stderr:\n${tail(result.stderr, 15, 2000)}`);
  return parts.filter((part) => part.trim() !== '').join('\n');
}

function describeExit(result: AgentProcessResult, timeoutMs: number): string {
  if (result.timedOut) return timedOutAfter(timeoutMs);
  if (result.exitCode === null) return `killed by ${result.signal ?? 'a signal'}`;
  return `exit code ${result.exitCode}`;
}

/** One start of the role's command: where, with which variables and input. */
interface CommandRun {
  command?: string;
  cwd: string;
  env: Record<string, string | undefined>;
  input?: string;
  signal: AbortSignal;
  onProcess?: (started: StartedProcess) => void;
}

/** Runs the command (or its confined command line) to its end; aborted: the abort error. */
async function runCommandAgent(
  command: string,
  baseEnv: Readonly<Record<string, string | undefined>>,
  timeoutMs: number,
  options: CommandRun,
): Promise<AgentProcessResult> {
  let result: AgentProcessResult;
  try {
    result = await runAgentProcess({
      command: options.command ?? command,
      shell: true,
      cwd: options.cwd,
      // The agent marker last: a person's commands refuse to run for the command.
      env: { ...baseEnv, ...options.env, ...agentEnvironment },
      input: options.input,
      timeoutMs,
      signal: options.signal,
      ...(options.onProcess ? { onSpawn: options.onProcess } : {}),
    });
  } catch (error) {
    throw new BatonError('BACKEND_FAILED', `could not start ${command}: ${(error as Error).message}`);
  }
  if (result.aborted) throw abortError(options.signal);
  return result;
}

/**
 * How the executor's command ended: blocked when its result file says so (whatever its exit),
 * failed on a non-zero exit, a time-out or an unreadable result file, else finished with the
 * result file's summary or the end of its output. Everything it says is scrubbed of secrets.
 */
function executeOutcome(
  result: AgentProcessResult,
  reported: ReturnType<typeof readResultFile>,
  scrub: (text: string) => string,
  timeoutMs: number,
): ExecuteOutcome {
  if (reported?.status === 'blocked') {
    return {
      status: 'blocked',
      reason: scrub(reported.reason?.trim() || 'the command reported blocked without a reason'),
    };
  }
  if (result.exitCode !== 0 || result.timedOut) {
    const output = scrub(outputTail(result));
    return {
      status: 'failed',
      reason: `${describeExit(result, timeoutMs)}${output ? `\n${output}` : ''}`,
    };
  }
  if (reported?.status === 'unreadable') {
    return {
      status: 'failed',
      reason: `BATON_RESULT_FILE is not JSON: ${scrub(reported.reason ?? '')}`,
    };
  }
  const summary = reported?.summary?.trim() || tail(result.stdout, 5, 500).trim();
  return summary ? { status: 'finished', summary: scrub(summary) } : { status: 'finished' };
}

export function createCommandBackend(descriptor: BackendDescriptor, context: BackendContext): Backend {
  const settings = descriptor.settings as CommandConfig;
  const timeoutMs = roleTimeoutMs(settings.timeout, context.defaultTimeoutMs);
  const baseEnv = context.env ?? process.env;
  const scrub = (text: string) => scrubSecrets(text, baseEnv);

  // The executor's command runs under bubblewrap where the `sandbox` setting and the machine
  // allow: its worktree (and its result file's folder) writable, nothing else.
  const confinement =
    descriptor.role === 'executor'
      ? commandConfinement(
          context.sandbox ?? defaultSandboxPolicy,
          `the executor (command ${settings.command})`,
          context.repositoryRoot,
          baseEnv,
        )
      : undefined;

  const run = (options: CommandRun) => runCommandAgent(settings.command, baseEnv, timeoutMs, options);

  function failure(role: string, result: AgentProcessResult): BatonError {
    const output = scrub(outputTail(result));
    return new BatonError(
      'BACKEND_FAILED',
      `the ${role} command ${settings.command} failed (${describeExit(result, timeoutMs)})${output ? `:\n${output}` : ''}`,
      { data: { command: settings.command, exitCode: result.exitCode, timedOut: result.timedOut } },
    );
  }

  return {
    kind: 'command',
    runsAsProcess: true,
    description: `command ${settings.command}`,

    async execute(request: ExecuteRequest): Promise<ExecuteOutcome> {
      const resultDirectory = mkdtempSync(path.join(tmpdir(), 'baton-result-'));
      const resultFile = path.join(resultDirectory, 'result.json');
      try {
        const result = await run({
          command: confinedCommandLine(confinement, {
            command: settings.command,
            workdir: request.workdir,
            writable: [resultDirectory],
            // Its BUILD and FEEDBACK files sit outside the worktree, perhaps under /tmp.
            visible: [path.dirname(request.buildFile), ...(baseEnv.HOME ? [baseEnv.HOME] : [])],
          }),
          cwd: request.workdir,
          signal: request.signal,
          onProcess: request.onProcess,
          env: {
            BATON_ROLE: 'executor',
            BATON_PLAN: request.planId,
            BATON_TASK: request.task.id,
            BATON_TASK_FILES: request.task.files.join(','),
            BATON_BUILD_FILE: request.buildFile,
            BATON_ROUND: String(request.round),
            BATON_FEEDBACK_FILE: request.feedbackFile,
            BATON_RESULT_FILE: resultFile,
            ...(request.instance ? { BATON_INSTANCE: request.instance } : {}),
          },
        });
        const reported = readResultFile(resultFile);
        await reportUsage(reported?.usage, request.onUsage);
        return executeOutcome(result, reported, scrub, timeoutMs);
      } finally {
        rmSync(resultDirectory, { recursive: true, force: true });
      }
    },

    async review(request: ReviewRequest): Promise<ReviewSample> {
      const result = await run({
        cwd: request.workdir,
        signal: request.signal,
        onProcess: request.onProcess,
        input: `${JSON.stringify(reviewRequestDocument(request))}\n`,
        env: {
          BATON_ROLE: 'reviewer',
          BATON_PLAN: request.planId,
          BATON_TASK: request.task.id,
          BATON_REVIEW_ATTEMPT: request.previousAnswer ? '2' : '1',
          ...(request.instance ? { BATON_INSTANCE: request.instance } : {}),
        },
      });
      if (result.exitCode !== 0 || result.timedOut) throw failure('reviewer', result);
      await reportUsage(usageInAnswer(result.stdout), request.onUsage);
      return { text: scrub(result.stdout) };
    },

    async plan(request: PlanRequest): Promise<string> {
      const resultDirectory = mkdtempSync(path.join(tmpdir(), 'baton-result-'));
      const resultFile = path.join(resultDirectory, 'result.json');
      let result: AgentProcessResult;
      try {
        result = await run({
          cwd: request.repositoryRoot,
          signal: request.signal,
          input: `${JSON.stringify({
            request: request.request,
            plan_id: request.planId,
            answers: request.answers ?? [],
            lint_feedback: request.lintFeedback ?? null,
          })}\n`,
          env: { BATON_ROLE: 'planner', BATON_PLAN: request.planId, BATON_RESULT_FILE: resultFile },
        });
        await reportUsage(readResultFile(resultFile)?.usage, request.onUsage);
      } finally {
        rmSync(resultDirectory, { recursive: true, force: true });
      }
      if (result.exitCode !== 0 || result.timedOut) throw failure('planner', result);
      if (result.stdout.trim() === '')
        throw new BatonError('BACKEND_FAILED', `the planner command ${settings.command} printed no plan`);
      return unwrapMarkdown(result.stdout);
    },
  };
}
