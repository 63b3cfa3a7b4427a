// The `model` backend: a model through the AI SDK v7 (model-provider.ts), driven by baton's own
// tool loop (model-loop.ts) with baton's sandboxed tools (src/agents/tools/). One file a role:
//   executor  model-executor.ts   reviewer  model-reviewer.ts   planner  model-planner.ts
// and what they share (the model, one call, failures told without secrets) in model-session.ts.
// Every model call reports its usage (tokens, cache reads and writes, the model) to
// request.onUsage; transient failures are retried by withRetry; request.signal aborts calls in
// flight. Keys and other secrets are scrubbed from every message baton keeps or shows.
import type { Backend, ExecuteRequest, PlanRequest, ReviewRequest } from '../backend.ts';
import type { BackendContext, BackendDescriptor } from './backend-context.ts';
import { modelExecute } from './model-executor.ts';
import type { InterviewingBackend, WithModelHooks } from './model-hooks.ts';
import { modelInterview, modelPlan } from './model-planner.ts';
import { modelReview } from './model-reviewer.ts';
import { type ModelBackendOptions, openModelSession } from './model-session.ts';

export type { ModelBackendOptions } from './model-session.ts';

export function createModelBackend(
  descriptor: BackendDescriptor,
  context: BackendContext,
  options: ModelBackendOptions = {},
): Backend & InterviewingBackend {
  const session = openModelSession(descriptor, context, options);
  return {
    kind: 'model',
    description: `model ${session.modelId}`,
    execute: (request: ExecuteRequest) => modelExecute(session, request as WithModelHooks<ExecuteRequest>),
    review: (request: ReviewRequest) => modelReview(session, request as WithModelHooks<ReviewRequest>),
    plan: (request: PlanRequest) => modelPlan(session, request as WithModelHooks<PlanRequest>),
    interview: (request) => modelInterview(session, request),
  };
}
