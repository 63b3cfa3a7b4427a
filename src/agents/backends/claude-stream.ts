// Reading Claude Code's `--output-format stream-json --verbose` lines, leniently: only the
// fields baton uses, and a line that is not JSON (or not a known event) is skipped.
//   {"type":"system","subtype":"init","model":"claude-sonnet-4-5-…",…}
//   {"type":"assistant","message":{"content":[{"type":"text","text":"…"},…]},…}
//   {"type":"result","subtype":"success","is_error":false,"result":"…","total_cost_usd":0.01,
//    "usage":{"input_tokens":…,"output_tokens":…,"cache_read_input_tokens":…,
//             "cache_creation_input_tokens":…},"modelUsage":{"<model>":{…}}}
import { z } from 'zod';
import type { Usage } from '../backend.ts';
import { parseJsonLine } from './json-line.ts';

const count = z.number().nonnegative().catch(0).default(0);

const initEvent = z.object({
  type: z.literal('system'),
  subtype: z.literal('init'),
  model: z.string().optional(),
});
const assistantEvent = z.object({
  type: z.literal('assistant'),
  message: z.object({ content: z.array(z.unknown()).catch([]) }),
});
const resultEvent = z.object({
  type: z.literal('result'),
  subtype: z.string().optional(),
  is_error: z.boolean().optional(),
  result: z.string().optional(),
  total_cost_usd: z.number().optional(),
  usage: z
    .object({
      input_tokens: count,
      output_tokens: count,
      cache_read_input_tokens: count,
      cache_creation_input_tokens: count,
    })
    .optional(),
  modelUsage: z.record(z.string(), z.unknown()).optional(),
});
const textBlock = z.object({ type: z.literal('text'), text: z.string() });

export interface ClaudeStreamState {
  model?: string;
  /** Text blocks of the assistant's messages, in order. */
  texts: string[];
  result?: z.infer<typeof resultEvent>;
  lines: number;
}

export function newClaudeStreamState(): ClaudeStreamState {
  return { texts: [], lines: 0 };
}

export function readClaudeStreamLine(state: ClaudeStreamState, line: string): void {
  const value = parseJsonLine(line);
  if (value === undefined) return;
  state.lines++;
  const init = initEvent.safeParse(value);
  if (init.success) {
    state.model ??= init.data.model;
    return;
  }
  const assistant = assistantEvent.safeParse(value);
  if (assistant.success) {
    for (const block of assistant.data.message.content) {
      const text = textBlock.safeParse(block);
      if (text.success) state.texts.push(text.data.text);
    }
    return;
  }
  const result = resultEvent.safeParse(value);
  if (result.success) state.result = result.data;
}

/** The final text: the result event's, else the last assistant text. */
export function finalText(state: ClaudeStreamState): string {
  return state.result?.result ?? state.texts[state.texts.length - 1] ?? '';
}

/** Usage and cost as Claude Code reported them, used as they are. */
export function claudeUsage(state: ClaudeStreamState): Usage | undefined {
  const result = state.result;
  if (!result) return undefined;
  const model = state.model ?? Object.keys(result.modelUsage ?? {})[0];
  return {
    inputTokens: result.usage?.input_tokens ?? 0,
    outputTokens: result.usage?.output_tokens ?? 0,
    cacheReadTokens: result.usage?.cache_read_input_tokens ?? 0,
    cacheWriteTokens: result.usage?.cache_creation_input_tokens ?? 0,
    ...(result.total_cost_usd === undefined ? {} : { costUsd: result.total_cost_usd }),
    ...(model ? { model: `anthropic:${model}` } : {}),
  };
}
