// One model call through the AI SDK: one step, no tool executed by the SDK (baton runs the
// tools itself, see model-loop.ts), streamed or not. The SDK's own retries are off
// (maxRetries 0): rate limits, 5xx, time-outs and dropped connections are retried by baton's
// withRetry, whose delay tests inject. Each attempt that reached the model reports its usage;
// an attempt that failed before an answer costs nothing and reports nothing.
import {
  type FlexibleSchema,
  generateText,
  isStepCount,
  type LanguageModel,
  type LanguageModelUsage,
  type ModelMessage,
  NoObjectGeneratedError,
  Output,
  streamText,
  type ToolSet,
} from 'ai';
import type { Usage } from '../backend.ts';
import { type RetryOptions, withRetry } from '../call-retry.ts';

export interface ModelCallRequest {
  model: LanguageModel;
  /** baton's name of the model (anthropic:claude-sonnet-4-5), for the usage rows. */
  modelId: string;
  instructions: string;
  messages: ModelMessage[];
  tools?: ToolSet;
  /** A JSON schema the answer must follow (the provider's structured output mode). */
  outputSchema?: FlexibleSchema<unknown>;
  stream: boolean;
  signal: AbortSignal;
  /** The longest one attempt may take; it is then aborted and retried. */
  timeoutMs: number;
  retry?: RetryOptions;
  /** Called before each attempt (the budget guard). Throwing stops the call. */
  beforeAttempt?: () => void | Promise<void>;
  onUsage?: (usage: Usage) => void | Promise<void>;
}

export interface ModelToolCall {
  toolCallId: string;
  toolName: string;
  input: unknown;
}

export interface ModelTurn {
  text: string;
  toolCalls: ModelToolCall[];
  /** The assistant message(s) of this turn, to continue the conversation with. */
  assistantMessages: ModelMessage[];
  finishReason: string;
}

const count = (value: number | undefined): number => (typeof value === 'number' ? value : 0);

/** The SDK's usage in baton's terms: input tokens are the uncached ones, cache reads and writes apart. */
export function toBatonUsage(usage: LanguageModelUsage | undefined, modelId: string): Usage {
  const details = usage?.inputTokenDetails;
  const cacheReadTokens = count(details?.cacheReadTokens);
  const cacheWriteTokens = count(details?.cacheWriteTokens);
  const inputTokens =
    details?.noCacheTokens !== undefined
      ? details.noCacheTokens
      : Math.max(0, count(usage?.inputTokens) - cacheReadTokens - cacheWriteTokens);
  return {
    inputTokens,
    outputTokens: count(usage?.outputTokens),
    cacheReadTokens,
    cacheWriteTokens,
    model: modelId,
  };
}

function toolCallsOf(messages: readonly ModelMessage[]): ModelToolCall[] {
  const calls: ModelToolCall[] = [];
  for (const message of messages) {
    if (message.role !== 'assistant' || typeof message.content === 'string') continue;
    for (const part of message.content) {
      if (part.type === 'tool-call')
        calls.push({ toolCallId: part.toolCallId, toolName: part.toolName, input: part.input });
    }
  }
  return calls;
}

interface Attempt {
  turn: ModelTurn;
  usage: LanguageModelUsage | undefined;
}

// The SDK would print its warnings (an option a provider ignores) to the console, which is
// baton's output; what matters reaches the caller as a result or an error instead.
(globalThis as { AI_SDK_LOG_WARNINGS?: unknown }).AI_SDK_LOG_WARNINGS = false;

function settingsOf(request: ModelCallRequest, signal: AbortSignal) {
  return {
    model: request.model,
    instructions: request.instructions,
    messages: request.messages,
    ...(request.tools ? { tools: request.tools } : {}),
    ...(request.outputSchema ? { output: Output.object({ schema: request.outputSchema }) } : {}),
    stopWhen: isStepCount(1),
    maxRetries: 0,
    abortSignal: signal,
  };
}

// Only the assistant's own message: the SDK adds tool-error messages for tool calls it could
// not parse, and baton answers every tool call itself.
const assistantOnly = (messages: readonly ModelMessage[]): ModelMessage[] =>
  messages.filter((message) => message.role === 'assistant');

async function generateOnce(request: ModelCallRequest, signal: AbortSignal): Promise<Attempt> {
  try {
    const result = await generateText(settingsOf(request, signal));
    const assistantMessages = assistantOnly(result.response.messages);
    return {
      usage: result.usage,
      turn: {
        text: result.text,
        toolCalls: toolCallsOf(assistantMessages),
        assistantMessages,
        finishReason: result.finishReason,
      },
    };
  } catch (error) {
    // The SDK checks structured output itself and throws when it does not match; baton reads
    // the answer with its own schema (and retries once with the problems), so it is an answer.
    if (NoObjectGeneratedError.isInstance(error)) {
      const text = error.text ?? '';
      return {
        usage: error.usage,
        turn: {
          text,
          toolCalls: [],
          assistantMessages: [{ role: 'assistant', content: text }],
          finishReason: error.finishReason ?? 'stop',
        },
      };
    }
    throw error;
  }
}

async function streamOnce(request: ModelCallRequest, signal: AbortSignal): Promise<Attempt> {
  // onError: the default prints the error (with whatever the server said) to the console; the
  // error is read from the stream below and handled like generateText's.
  const result = streamText({ ...settingsOf(request, signal), onError: () => {} });
  let failure: { error: unknown } | undefined;
  let usage: LanguageModelUsage | undefined;
  let finishReason = 'unknown';
  for await (const part of result.fullStream) {
    if (part.type === 'error') failure ??= { error: part.error };
    else if (part.type === 'finish-step') usage = part.usage;
    else if (part.type === 'finish') finishReason = part.finishReason;
    else if (part.type === 'abort') failure ??= { error: abortReason(signal) };
  }
  if (failure) throw failure.error;
  const response = await result.response;
  const assistantMessages = assistantOnly(response.messages);
  return {
    usage,
    turn: {
      text: await result.text,
      toolCalls: toolCallsOf(assistantMessages),
      assistantMessages,
      finishReason,
    },
  };
}

function abortReason(signal: AbortSignal): Error {
  if (signal.reason instanceof Error) return signal.reason;
  const error = new Error('The model call was aborted.');
  error.name = 'AbortError';
  return error;
}

/** One model call, retried on transient failures; its usage reported once it is known. */
export function callModel(request: ModelCallRequest): Promise<ModelTurn> {
  return withRetry(
    async () => {
      await request.beforeAttempt?.();
      // Ctrl-C aborts the attempt in flight; the time-out aborts it too, and is retried.
      const timeout = AbortSignal.timeout(request.timeoutMs);
      const signal = AbortSignal.any([request.signal, timeout]);
      let attempt: Attempt;
      try {
        attempt = request.stream ? await streamOnce(request, signal) : await generateOnce(request, signal);
      } catch (error) {
        if (!timeout.aborted || request.signal.aborted) throw error;
        const timedOut = new Error(
          `the model call took longer than ${Math.round(request.timeoutMs / 1000)} s`,
        );
        timedOut.name = 'TimeoutError'; // retried, as a time-out
        throw timedOut;
      }
      await request.onUsage?.(toBatonUsage(attempt.usage, request.modelId));
      return attempt.turn;
    },
    { ...request.retry, signal: request.signal },
  );
}
