// baton's own tool loop: call the model, run the tools it asked for through the role's
// toolset, answer it, and again — at most `maxSteps` model calls. It ends when the model
// answers without calling a tool, when a tool ended the work (finish, report_blocked), or at
// the step limit. A structured answer is read by `readAnswer`; one that does not fit gets ONE
// more turn, with what was wrong with it.
import type { ModelMessage, ToolSet } from 'ai';
import type { ToolsetOutcome } from '../tools/tool.ts';
import type { Toolset } from '../tools/toolset.ts';
import type { ModelTurn } from './model-call.ts';
import { answerToolCalls } from './model-tools.ts';

export type AnswerReading<Value> = { ok: true; value: Value } | { ok: false; problems: string };

export interface ToolLoopOptions<Value> {
  /** One model call (model-call.ts, with retries, usage and the budget gate). */
  call(messages: ModelMessage[], tools: ToolSet): Promise<ModelTurn>;
  toolset: Toolset;
  tools: ToolSet;
  messages: ModelMessage[];
  maxSteps: number;
  /** Reads the final answer; without it the text is the answer. */
  readAnswer?: (text: string) => AnswerReading<Value>;
  signal: AbortSignal;
}

export type ToolLoopResult<Value> =
  | { kind: 'answer'; text: string; value: Value; steps: number; retriedBecause?: string }
  | { kind: 'ended'; outcome: ToolsetOutcome; steps: number }
  | { kind: 'invalid-answer'; text: string; problems: string; steps: number }
  | { kind: 'step-limit'; steps: number };

export async function runToolLoop<Value = string>(
  options: ToolLoopOptions<Value>,
): Promise<ToolLoopResult<Value>> {
  const messages = [...options.messages];
  let retriedBecause: string | undefined;
  for (let step = 1; step <= options.maxSteps; step++) {
    options.signal.throwIfAborted();
    const turn = await options.call(messages, options.tools);
    messages.push(...turn.assistantMessages);
    if (turn.toolCalls.length > 0) {
      const { message } = await answerToolCalls(options.toolset, turn.toolCalls);
      messages.push(message);
      const outcome = options.toolset.outcome();
      if (outcome) return { kind: 'ended', outcome, steps: step };
      continue;
    }
    const outcome = options.toolset.outcome();
    if (outcome) return { kind: 'ended', outcome, steps: step };
    if (!options.readAnswer)
      return { kind: 'answer', text: turn.text, value: turn.text as Value, steps: step };
    const reading = options.readAnswer(turn.text);
    if (reading.ok)
      return {
        kind: 'answer',
        text: turn.text,
        value: reading.value,
        steps: step,
        ...(retriedBecause ? { retriedBecause } : {}),
      };
    if (retriedBecause !== undefined)
      return { kind: 'invalid-answer', text: turn.text, problems: reading.problems, steps: step };
    retriedBecause = reading.problems;
    messages.push({
      role: 'user',
      content: `Your answer does not match the required JSON schema:\n${reading.problems}\nAnswer again with one JSON object that matches it, and nothing else.`,
    });
  }
  return { kind: 'step-limit', steps: options.maxSteps };
}

/** JSON out of a model's text: the whole text, a fenced block, or the outermost braces. */
export function parseJsonAnswer(
  text: string,
): { ok: true; value: unknown } | { ok: false; problems: string } {
  const trimmed = text.trim();
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n```$/.exec(trimmed)?.[1];
  const braces =
    trimmed.indexOf('{') >= 0 ? trimmed.slice(trimmed.indexOf('{'), trimmed.lastIndexOf('}') + 1) : undefined;
  for (const candidate of [trimmed, fenced, braces]) {
    if (candidate === undefined || candidate === '') continue;
    try {
      return { ok: true, value: JSON.parse(candidate) };
    } catch {
      // Try the next reading.
    }
  }
  return {
    ok: false,
    problems: trimmed === '' ? 'the answer was empty' : 'the answer is not a JSON object',
  };
}
