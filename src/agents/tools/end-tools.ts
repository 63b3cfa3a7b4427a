// finish and report_blocked: how a model says it is done, or that it cannot go on without a
// person. The first one called decides the outcome; the caller's loop stops on it.
import { z } from 'zod';
import { type RefusalDraft, refuse } from './refusal.ts';
import { defineTool, type ToolContext, type ToolsetOutcome } from './tool.ts';

export interface EndOutput {
  acknowledged: true;
  status: ToolsetOutcome['status'];
}

function alreadyEnded(context: ToolContext): RefusalDraft | undefined {
  const outcome = context.outcome;
  if (outcome === undefined) return undefined;
  return refuse('ALREADY_ENDED', `This run already ended (${outcome.status}); stop calling tools.`);
}

export const reportBlockedTool = defineTool({
  name: 'report_blocked',
  description:
    'Stop and report that the work cannot be done as asked (a file outside the declared ones must change, a requirement is contradictory, a command is missing). Say why, precisely.',
  inputSchema: z.object({ reason: z.string().min(1) }),
  async execute(input, context): Promise<EndOutput | RefusalDraft> {
    const refusal = alreadyEnded(context);
    if (refusal) return refusal;
    context.outcome = { status: 'blocked', reason: input.reason };
    return { acknowledged: true, status: 'blocked' };
  },
});

export const finishTool = defineTool({
  name: 'finish',
  description: 'Say the work is done, with a short summary of what was done.',
  inputSchema: z.object({ summary: z.string().min(1) }),
  async execute(input, context): Promise<EndOutput | RefusalDraft> {
    const refusal = alreadyEnded(context);
    if (refusal) return refusal;
    context.outcome = { status: 'finished', summary: input.summary };
    return { acknowledged: true, status: 'finished' };
  },
});
