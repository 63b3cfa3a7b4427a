// How a tool answers: JSON text on success; on any failure an MCP tool error (isError) that
// carries baton's code, message and hint, so the model reads the reason. Nothing throws past
// here: a failure inside a tool is an answer, never a dropped call.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { BatonError, isBatonError } from '../../errors.ts';

export function toolAnswer(value: unknown): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value) }] };
}

export function toolError(error: unknown): CallToolResult {
  const batonError = isBatonError(error)
    ? error
    : new BatonError('INTERNAL', (error as Error)?.message ?? String(error));
  const text = `${batonError.code}: ${batonError.message}${batonError.hint ? `\nhint: ${batonError.hint}` : ''}`;
  return { isError: true, content: [{ type: 'text', text }] };
}

/** Runs a tool's work and turns its outcome, whatever it is, into an answer. */
export async function answer(work: () => Promise<unknown>): Promise<CallToolResult> {
  try {
    return toolAnswer(await work());
  } catch (error) {
    return toolError(error);
  }
}

/** An argument the action needs; its absence is a usage error naming it. */
export function requireArgument<Value>(value: Value | undefined, name: string): Value {
  if (value === undefined || (typeof value === 'string' && value.trim() === ''))
    throw new BatonError('USAGE', `this action needs "${name}"`);
  return value;
}
