// The `model` backend: a model through the AI SDK v7 (model-provider.ts), driven by baton's own
// tool loop (model-loop.ts) with baton's sandboxed tools (src/agents/tools/):
//   executor  root = the task's worktree; read tools, write_file/edit_file inside the task's
//             declared files only, run_command; ends with finish or report_blocked.
//   reviewer  root = where the work is; read tools and the task's verify commands only; answers
//             with the judge's JSON (structured output), which judge.ts reads and scores.
//   planner   root = the repository; read tools only (no shell, no write: the plan is the
//             structured answer, rendered to the canonical Markdown here, and written into
//             review by the caller after lint); interview() asks for at most five questions.
// Every model call reports its usage (tokens, cache reads and writes, the model) to
// request.onUsage; transient failures are retried by withRetry; request.signal aborts calls in
// flight. Keys and other secrets are scrubbed from every message baton keeps or shows.
import { readFileSync } from 'node:fs';
import type { FlexibleSchema, ModelMessage, ToolSet } from 'ai';
import { z } from 'zod';
import { renderPlan } from '../../core/plan/render.ts';
import { reviewCriteria } from '../../core/review/criteria.ts';
import { scrubSecrets } from '../../core/secrets/secrets.ts';
import { BatonError, isBatonError } from '../../errors.ts';
import { commandConfinement } from '../../workspace/sandbox/confine-command.ts';
import { defaultSandboxPolicy } from '../../workspace/sandbox/confinement.ts';
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
import {
  interviewAnswerSchema,
  type StructuredPlan,
  structuredPlanSchema,
  structuredPlanToPlan,
} from '../planner/plan-schema.ts';
import { interviewInstructions, plannerInstructions, plannerMessage } from '../planner/planner-prompts.ts';
import { blockedReason, reviewerPrompt } from '../prompts.ts';
import type { RetryOptions } from '../retry.ts';
import { createToolset, type ToolName, type Toolset } from '../tools/index.ts';
import type { BackendContext, BackendDescriptor } from './backend-context.ts';
import { callModel } from './model-call.ts';
import type {
  InterviewingBackend,
  InterviewRequest,
  ModelRequestHooks,
  WithModelHooks,
} from './model-hooks.ts';
import { type AnswerReading, parseJsonAnswer, runToolLoop, type ToolLoopResult } from './model-loop.ts';
import { executorInstructions, executorMessage, reviewerInstructions } from './model-prompts.ts';
import { type ModelConfig, resolveModel } from './model-provider.ts';
import { aiTools } from './model-tools.ts';
import { roleTimeoutMs } from './timeout.ts';

export interface ModelBackendOptions {
  /** Stream responses (default) or wait for whole ones. */
  stream?: boolean;
  /** withRetry's options (attempts, delays; tests inject `sleep`). */
  retry?: Omit<RetryOptions, 'signal'>;
  /** Model calls per execute/review/plan/interview. */
  maxSteps?: Partial<Record<Role | 'interview', number>>;
}

const defaultMaxSteps: Record<Role | 'interview', number> = {
  executor: 40,
  reviewer: 15,
  planner: 25,
  interview: 10,
};

const readTools: readonly ToolName[] = ['read_file', 'list_files', 'search'];

const judgeSchema = z.object({
  scores: z.object(
    Object.fromEntries(
      reviewCriteria.map((criterion) => [
        criterion,
        z.object({ score: z.number().min(0).max(100), evidence: z.string() }),
      ]),
    ),
  ),
  issues: z.array(
    z.object({ severity: z.enum(['high', 'medium', 'low']), file: z.string(), message: z.string() }),
  ),
  summary: z.string(),
});

function readWith<Value>(schema: z.ZodType<Value>): (text: string) => AnswerReading<Value> {
  return (text) => {
    const json = parseJsonAnswer(text);
    if (!json.ok) return json;
    const parsed = schema.safeParse(json.value);
    return parsed.success
      ? { ok: true, value: parsed.data }
      : { ok: false, problems: z.prettifyError(parsed.error) };
  };
}

function readOptional(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function createModelBackend(
  descriptor: BackendDescriptor,
  context: BackendContext,
  options: ModelBackendOptions = {},
): Backend & InterviewingBackend {
  const settings = descriptor.settings as ModelConfig;
  const env = context.env ?? process.env;
  const resolved = resolveModel(settings, env);
  const modelId = resolved.spec.id;
  const timeoutMs = roleTimeoutMs(settings.timeout, context.defaultTimeoutMs);
  const stream = options.stream ?? true;
  const maxSteps = { ...defaultMaxSteps, ...options.maxSteps };
  const scrub = (text: string) => scrubSecrets(text, env);
  // run_command under bubblewrap: decided once, for the roles that have it.
  const confinement =
    descriptor.role === 'planner'
      ? undefined
      : commandConfinement(
          context.sandbox ?? defaultSandboxPolicy,
          `the ${descriptor.role}'s run_command (model ${resolved.spec.id})`,
          context.repositoryRoot,
          env,
        );

  function caller(
    instructions: string,
    request: { signal: AbortSignal; onUsage?: UsageSink } & ModelRequestHooks,
    outputSchema?: FlexibleSchema<unknown>,
  ) {
    return (messages: ModelMessage[], tools: ToolSet) =>
      callModel({
        model: resolved.model,
        modelId,
        instructions,
        messages,
        tools,
        ...(outputSchema ? { outputSchema } : {}),
        stream,
        signal: request.signal,
        timeoutMs,
        ...(options.retry ? { retry: options.retry } : {}),
        ...(request.beforeModelCall ? { beforeAttempt: request.beforeModelCall } : {}),
        ...(request.onUsage ? { onUsage: request.onUsage } : {}),
      });
  }

  /** What a failed call says, without secrets; aborts and baton's own errors pass through. */
  function failure(role: string, error: unknown, signal: AbortSignal): unknown {
    if (isBatonError(error) || signal.aborted || (error as Error)?.name === 'AbortError') return error;
    const message = scrub((error as Error)?.message ?? String(error));
    const status = (error as { statusCode?: unknown })?.statusCode;
    return new BatonError(
      'BACKEND_FAILED',
      `${modelId} (${role}) failed${typeof status === 'number' ? ` with HTTP ${status}` : ''}: ${message}`,
      { data: { model: modelId, role, ...(typeof status === 'number' ? { status } : {}) } },
    );
  }

  async function loop<Value>(
    role: string,
    signal: AbortSignal,
    run: () => Promise<ToolLoopResult<Value>>,
  ): Promise<ToolLoopResult<Value>> {
    try {
      return await run();
    } catch (error) {
      throw failure(role, error, signal);
    }
  }

  function plannerToolset(root: string, request: ModelRequestHooks): { toolset: Toolset; tools: ToolSet } {
    const toolset = createToolset({
      role: 'planner',
      root,
      ...(request.onRefusal ? { onRefusal: request.onRefusal } : {}),
    });
    return { toolset, tools: aiTools(toolset, [...readTools, 'report_blocked']) };
  }

  function stoppedEarly(role: string, result: ToolLoopResult<unknown>): BatonError {
    if (result.kind === 'ended' && result.outcome.status === 'blocked')
      return new BatonError(
        'BACKEND_FAILED',
        `the ${role} reported blocked: ${scrub(result.outcome.reason)}`,
      );
    if (result.kind === 'invalid-answer')
      return new BatonError(
        'BACKEND_FAILED',
        `the ${role}'s answer did not match its schema, twice:\n${scrub(result.problems)}`,
        { data: { model: modelId, role } },
      );
    return new BatonError('BACKEND_FAILED', `the ${role} gave no answer within ${result.steps} model calls`, {
      hint: `It kept calling tools; try again, or a stronger model for roles.${role}.`,
      data: { model: modelId, role, steps: result.steps },
    });
  }

  return {
    kind: 'model',
    description: `model ${modelId}`,

    async execute(plain: ExecuteRequest): Promise<ExecuteOutcome> {
      const request = plain as WithModelHooks<ExecuteRequest>;
      const build = readOptional(request.buildFile);
      if (build === undefined) return { status: 'failed', reason: `cannot read ${request.buildFile}` };
      const feedback = readOptional(request.feedbackFile);
      const toolset = createToolset({
        role: 'executor',
        root: request.workdir,
        taskFiles: request.task.files,
        runCommandOptions: { signal: request.signal, ...(confinement ? { confinement } : {}) },
        ...(request.onRefusal ? { onRefusal: request.onRefusal } : {}),
      });
      let result: ToolLoopResult<string>;
      try {
        result = await runToolLoop({
          call: caller(executorInstructions, request),
          toolset,
          tools: aiTools(toolset),
          messages: [{ role: 'user', content: executorMessage(request, build, feedback) }],
          maxSteps: maxSteps.executor,
          signal: request.signal,
        });
      } catch (error) {
        const failed = failure('executor', error, request.signal);
        if (isBatonError(failed) && failed.code === 'BACKEND_FAILED')
          return { status: 'failed', reason: failed.message };
        throw failed;
      }
      if (result.kind === 'ended') {
        return result.outcome.status === 'finished'
          ? { status: 'finished', summary: scrub(result.outcome.summary) }
          : { status: 'blocked', reason: scrub(result.outcome.reason) };
      }
      if (result.kind === 'answer') {
        const blocked = blockedReason(result.text);
        if (blocked) return { status: 'blocked', reason: scrub(blocked) };
        return result.text.trim() === ''
          ? { status: 'finished' }
          : { status: 'finished', summary: scrub(result.text.trim()) };
      }
      return {
        status: 'failed',
        reason: `the executor did not finish within ${result.steps} model calls`,
      };
    },

    async review(plain: ReviewRequest): Promise<ReviewSample> {
      const request = plain as WithModelHooks<ReviewRequest>;
      const toolset = createToolset({
        role: 'reviewer',
        root: request.workdir,
        verifyCommands: request.task.verify,
        runCommandOptions: { signal: request.signal, ...(confinement ? { confinement } : {}) },
        ...(request.onRefusal ? { onRefusal: request.onRefusal } : {}),
      });
      const result = await loop('reviewer', request.signal, () =>
        runToolLoop({
          call: caller(reviewerInstructions, request, judgeSchema),
          toolset,
          tools: aiTools(toolset, [...readTools, 'run_command']),
          messages: [{ role: 'user', content: reviewerPrompt(request) }],
          maxSteps: maxSteps.reviewer,
          signal: request.signal,
        }),
      );
      // judge.ts reads the answer (and retries once when it cannot); here it is only text.
      if (result.kind === 'answer') return { text: scrub(result.text) };
      if (result.kind === 'ended' && result.outcome.status === 'finished')
        return { text: scrub(result.outcome.summary) };
      throw stoppedEarly('reviewer', result);
    },

    async plan(plain: PlanRequest): Promise<string> {
      const request = plain as WithModelHooks<PlanRequest>;
      const { toolset, tools } = plannerToolset(request.repositoryRoot, request);
      const result = await loop('planner', request.signal, () =>
        runToolLoop<StructuredPlan>({
          call: caller(plannerInstructions, request, structuredPlanSchema),
          toolset,
          tools,
          messages: [{ role: 'user', content: plannerMessage(request) }],
          maxSteps: maxSteps.planner,
          readAnswer: readWith(structuredPlanSchema),
          signal: request.signal,
        }),
      );
      if (result.kind !== 'answer') throw stoppedEarly('planner', result);
      const plan = structuredPlanToPlan(result.value, {
        id: request.planId,
        created: new Date().toISOString().slice(0, 10),
      });
      return renderPlan(plan);
    },

    async interview(request: InterviewRequest): Promise<string[]> {
      const { toolset, tools } = plannerToolset(request.repositoryRoot, request);
      const result = await loop('planner', request.signal, () =>
        runToolLoop({
          call: caller(interviewInstructions, request, interviewAnswerSchema),
          toolset,
          tools,
          messages: [
            { role: 'user', content: `Plan id: ${request.planId}\n\nThe request:\n${request.request}` },
          ],
          maxSteps: maxSteps.interview,
          readAnswer: readWith(interviewAnswerSchema),
          signal: request.signal,
        }),
      );
      if (result.kind !== 'answer') throw stoppedEarly('planner', result);
      return result.value.questions.map((question) => question.trim()).slice(0, 5);
    },
  };
}
