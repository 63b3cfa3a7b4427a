// Reading `codex exec --json` JSONL leniently (only the fields used; anything else skipped):
//   {"type":"thread.started","thread_id":"…"}
//   {"type":"item.completed","item":{"id":"…","type":"agent_message","text":"…"}}
//   {"type":"item.completed","item":{"type":"file_change","changes":[{"path":"…","kind":"update"}],"status":"completed"}}
//   {"type":"turn.completed","usage":{"input_tokens":…,"cached_input_tokens":…,"output_tokens":…}}
//   {"type":"turn.failed","error":{"message":"…"}}   {"type":"error","message":"…"}
import { z } from 'zod';
import type { Usage } from '../backend.ts';
import { parseJsonLine } from './json-line.ts';

const count = z.number().nonnegative().catch(0).default(0);
const event = z.object({ type: z.string() });
const itemCompleted = z.object({
  type: z.literal('item.completed'),
  item: z.object({ type: z.string(), text: z.string().optional() }),
});
const turnCompleted = z.object({
  type: z.literal('turn.completed'),
  usage: z.object({ input_tokens: count, cached_input_tokens: count, output_tokens: count }).optional(),
});
const turnFailed = z.object({
  type: z.literal('turn.failed'),
  error: z.object({ message: z.string().optional() }).optional(),
});
const streamError = z.object({ type: z.literal('error'), message: z.string().optional() });

export interface CodexStreamState {
  messages: string[];
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  turns: number;
  errors: string[];
}

export function newCodexStreamState(): CodexStreamState {
  return { messages: [], inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, turns: 0, errors: [] };
}

export function readCodexLine(state: CodexStreamState, line: string): void {
  const value = parseJsonLine(line);
  if (value === undefined) return;
  if (!event.safeParse(value).success) return;
  const item = itemCompleted.safeParse(value);
  if (item.success) {
    if (item.data.item.type === 'agent_message' && item.data.item.text !== undefined)
      state.messages.push(item.data.item.text);
    return;
  }
  const completed = turnCompleted.safeParse(value);
  if (completed.success) {
    state.turns++;
    state.inputTokens += completed.data.usage?.input_tokens ?? 0;
    state.cachedInputTokens += completed.data.usage?.cached_input_tokens ?? 0;
    state.outputTokens += completed.data.usage?.output_tokens ?? 0;
    return;
  }
  const failed = turnFailed.safeParse(value);
  if (failed.success) {
    state.errors.push(failed.data.error?.message ?? 'the turn failed');
    return;
  }
  const error = streamError.safeParse(value);
  if (error.success) state.errors.push(error.data.message ?? 'error');
}

/**
 * Codex reports tokens, not dollars: the cost is priced from the table by whoever records it.
 * `input_tokens` includes the cached ones, which are priced as cache reads.
 */
export function codexUsage(state: CodexStreamState, model: string | undefined): Usage | undefined {
  if (state.turns === 0) return undefined;
  return {
    inputTokens: Math.max(0, state.inputTokens - state.cachedInputTokens),
    outputTokens: state.outputTokens,
    cacheReadTokens: state.cachedInputTokens,
    cacheWriteTokens: 0,
    ...(model ? { model: `openai:${model}` } : {}),
  };
}
