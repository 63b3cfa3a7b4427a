// The `model` backend's planner: root = the repository; read tools only (no shell, no write: the
// plan is the structured answer, rendered to the canonical Markdown here, and written into review
// by the caller after lint); interview() asks for at most five questions.
import type { ToolSet } from 'ai';
import { z } from 'zod';
import { renderPlan } from '../../core/plan/render.ts';
import type { PlanRequest } from '../backend.ts';
import {
  interviewAnswerSchema,
  type StructuredPlan,
  structuredPlanSchema,
  structuredPlanToPlan,
} from '../planner/plan-schema.ts';
import { interviewInstructions, plannerInstructions, plannerMessage } from '../planner/planner-prompts.ts';
import { createToolset, type Toolset } from '../tools/toolset.ts';
import type { InterviewRequest, ModelRequestHooks, WithModelHooks } from './model-hooks.ts';
import { type AnswerReading, parseJsonAnswer, runToolLoop } from './model-loop.ts';
import { type ModelSession, readTools } from './model-session.ts';
import { aiTools } from './model-tools.ts';

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

function plannerToolset(root: string, request: ModelRequestHooks): { toolset: Toolset; tools: ToolSet } {
  const toolset = createToolset({
    role: 'planner',
    root,
    ...(request.onRefusal ? { onRefusal: request.onRefusal } : {}),
  });
  return { toolset, tools: aiTools(toolset, [...readTools, 'report_blocked']) };
}

export async function modelPlan(
  session: ModelSession,
  request: WithModelHooks<PlanRequest>,
): Promise<string> {
  const { toolset, tools } = plannerToolset(request.repositoryRoot, request);
  const result = await session.loop('planner', request.signal, () =>
    runToolLoop<StructuredPlan>({
      call: session.caller(plannerInstructions, request, structuredPlanSchema),
      toolset,
      tools,
      messages: [{ role: 'user', content: plannerMessage(request) }],
      maxSteps: session.maxSteps.planner,
      readAnswer: readWith(structuredPlanSchema),
      signal: request.signal,
    }),
  );
  if (result.kind !== 'answer') throw session.stoppedEarly('planner', result);
  const plan = structuredPlanToPlan(result.value, {
    id: request.planId,
    created: new Date().toISOString().slice(0, 10),
  });
  return renderPlan(plan);
}

export async function modelInterview(session: ModelSession, request: InterviewRequest): Promise<string[]> {
  const { toolset, tools } = plannerToolset(request.repositoryRoot, request);
  const result = await session.loop('planner', request.signal, () =>
    runToolLoop({
      call: session.caller(interviewInstructions, request, interviewAnswerSchema),
      toolset,
      tools,
      messages: [{ role: 'user', content: `Plan id: ${request.planId}\n\nThe request:\n${request.request}` }],
      maxSteps: session.maxSteps.interview,
      readAnswer: readWith(interviewAnswerSchema),
      signal: request.signal,
    }),
  );
  if (result.kind !== 'answer') throw session.stoppedEarly('planner', result);
  return result.value.questions.map((question) => question.trim()).slice(0, 5);
}
