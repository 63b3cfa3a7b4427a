// What every role of the `model` backend shares: the resolved model, how one call is made (with
// the request's budget gate and usage sink), how a failure is told without secrets, and how a
// loop that stopped without an answer is told. Decided once per backend, in openModelSession.
import type { FlexibleSchema, ModelMessage, ToolSet } from 'ai';
import { scrubSecrets } from '../../core/secrets/secrets.ts';
import { BatonError, isBatonError } from '../../errors.ts';
import { type CommandConfinement, commandConfinement } from '../../workspace/sandbox/confine-command.ts';
import { defaultSandboxPolicy } from '../../workspace/sandbox/confinement.ts';
import type { Role, UsageSink } from '../backend.ts';
import type { RetryOptions } from '../call-retry.ts';
import type { ToolName } from '../tools/permissions.ts';
import type { BackendContext, BackendDescriptor } from './backend-context.ts';
import { callModel, type ModelTurn } from './model-call.ts';
import type { ModelRequestHooks } from './model-hooks.ts';
import type { ToolLoopResult } from './model-loop.ts';
import { type ModelConfig, resolveModel } from './model-provider.ts';
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

export const readTools: readonly ToolName[] = ['read_file', 'list_files', 'search'];

export interface ModelSession {
  modelId: string;
  maxSteps: Record<Role | 'interview', number>;
  /** run_command under bubblewrap, for the roles that have it (not the planner). */
  confinement: CommandConfinement | undefined;
  scrub(text: string): string;
  /** One model call of the tool loop, with these instructions and, if given, a structured answer. */
  caller(
    instructions: string,
    request: { signal: AbortSignal; onUsage?: UsageSink } & ModelRequestHooks,
    outputSchema?: FlexibleSchema<unknown>,
  ): (messages: ModelMessage[], tools: ToolSet) => Promise<ModelTurn>;
  /** What a failed call says, without secrets; aborts and baton's own errors pass through. */
  failure(role: string, error: unknown, signal: AbortSignal): unknown;
  /** Runs a tool loop; a failure is thrown as `failure` tells it. */
  loop<Value>(
    role: string,
    signal: AbortSignal,
    run: () => Promise<ToolLoopResult<Value>>,
  ): Promise<ToolLoopResult<Value>>;
  /** The error for a loop that ended without the answer the role owes. */
  stoppedEarly(role: string, result: ToolLoopResult<unknown>): BatonError;
}

export function openModelSession(
  descriptor: BackendDescriptor,
  context: BackendContext,
  options: ModelBackendOptions,
): ModelSession {
  const settings = descriptor.settings as ModelConfig;
  const env = context.env ?? process.env;
  const resolved = resolveModel(settings, env);
  const modelId = resolved.spec.id;
  const timeoutMs = roleTimeoutMs(settings.timeout, context.defaultTimeoutMs);
  const stream = options.stream ?? true;
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

  return {
    modelId,
    maxSteps: { ...defaultMaxSteps, ...options.maxSteps },
    confinement,
    scrub,
    caller(instructions, request, outputSchema) {
      return (messages, tools) =>
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
    },
    failure,
    async loop(role, signal, run) {
      try {
        return await run();
      } catch (error) {
        throw failure(role, error, signal);
      }
    },
    stoppedEarly(role, result) {
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
      return new BatonError(
        'BACKEND_FAILED',
        `the ${role} gave no answer within ${result.steps} model calls`,
        {
          hint: `It kept calling tools; try again, or a stronger model for roles.${role}.`,
          data: { model: modelId, role, steps: result.steps },
        },
      );
    },
  };
}
