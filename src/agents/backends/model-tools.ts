// baton's sandboxed tools (src/agents/tools/) as AI SDK tools. The SDK is handed each tool's
// description and zod input schema but no `execute`: baton's loop (model-loop.ts) runs every
// call through the role's toolset, which checks the input and the role's permissions, reports
// each refusal (recorded as an event by the caller) and answers the model with it.
import { type ModelMessage, type ToolSet, tool } from 'ai';
import type { ToolName } from '../tools/permissions.ts';
import { isToolRefusal } from '../tools/refusal.ts';
import type { Toolset } from '../tools/toolset.ts';
import type { ModelToolCall } from './model-call.ts';

/** The toolset's tools for the SDK, optionally only some of them. */
export function aiTools(toolset: Toolset, only?: readonly ToolName[]): ToolSet {
  const tools: ToolSet = {};
  for (const [name, candidate] of Object.entries(toolset.tools)) {
    if (!candidate || (only && !only.includes(name as ToolName))) continue;
    tools[name] = tool({ description: candidate.description, inputSchema: candidate.inputSchema });
  }
  return tools;
}

export interface AnsweredCall {
  call: ModelToolCall;
  answer: unknown;
  refused: boolean;
}

type JsonValue = null | string | number | boolean | JsonValue[] | { [key: string]: JsonValue };

const asJson = (value: unknown): JsonValue => JSON.parse(JSON.stringify(value ?? null)) as JsonValue;

/**
 * Runs the model's tool calls in order through the toolset (a tool the role was not handed is
 * refused there too) and builds the tool message that answers them. A refusal goes back as an
 * error result, so the model sees it failed and why.
 */
export async function answerToolCalls(
  toolset: Toolset,
  calls: readonly ModelToolCall[],
): Promise<{ message: ModelMessage; answered: AnsweredCall[] }> {
  const answered: AnsweredCall[] = [];
  for (const call of calls) {
    const answer = await toolset.call(call.toolName, call.input);
    answered.push({ call, answer, refused: isToolRefusal(answer) });
  }
  return {
    answered,
    message: {
      role: 'tool',
      content: answered.map(({ call, answer, refused }) => ({
        type: 'tool-result' as const,
        toolCallId: call.toolCallId,
        toolName: call.toolName,
        output: refused
          ? { type: 'error-json' as const, value: asJson(answer) }
          : { type: 'json' as const, value: asJson(answer) },
      })),
    },
  };
}
