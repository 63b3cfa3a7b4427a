// The `model` backend's reviewer: root = where the work is; read tools and the task's verify
// commands only; answers with the judge's JSON (structured output), which judge.ts reads and
// scores (and retries once when it cannot): here the answer is only text.
import { z } from 'zod';
import { reviewCriteria } from '../../core/review/criteria.ts';
import type { ReviewRequest, ReviewSample } from '../backend.ts';
import { reviewerPrompt } from '../prompts.ts';
import { createToolset } from '../tools/toolset.ts';
import type { WithModelHooks } from './model-hooks.ts';
import { runToolLoop } from './model-loop.ts';
import { reviewerInstructions } from './model-prompts.ts';
import { type ModelSession, readTools } from './model-session.ts';
import { aiTools } from './model-tools.ts';

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

export async function modelReview(
  session: ModelSession,
  request: WithModelHooks<ReviewRequest>,
): Promise<ReviewSample> {
  const { confinement, scrub } = session;
  const toolset = createToolset({
    role: 'reviewer',
    root: request.workdir,
    verifyCommands: request.task.verify,
    runCommandOptions: { signal: request.signal, ...(confinement ? { confinement } : {}) },
    ...(request.onRefusal ? { onRefusal: request.onRefusal } : {}),
  });
  const result = await session.loop('reviewer', request.signal, () =>
    runToolLoop({
      call: session.caller(reviewerInstructions, request, judgeSchema),
      toolset,
      tools: aiTools(toolset, [...readTools, 'run_command']),
      messages: [{ role: 'user', content: reviewerPrompt(request) }],
      maxSteps: session.maxSteps.reviewer,
      signal: request.signal,
    }),
  );
  if (result.kind === 'answer') return { text: scrub(result.text) };
  if (result.kind === 'ended' && result.outcome.status === 'finished')
    return { text: scrub(result.outcome.summary) };
  throw session.stoppedEarly('reviewer', result);
}
