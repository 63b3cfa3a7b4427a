// What a caller may add to a request for the `model` backend, beyond the Backend interface:
// the model backend makes many model calls and tool calls inside one execute/review/plan, and
// only the caller can check the budget between them or record a refusal in its store (one
// connection per process: the backend never opens a store of its own). Other backends ignore
// these fields. The interview is the planner's first phase (src/agents/planner/).
import type { CallHooks, UsageSink } from '../backend.ts';

/** The hooks are part of every request (src/agents/backend.ts); this name is kept for the model backend. */
export type ModelRequestHooks = CallHooks;

export type WithModelHooks<Request> = Request & ModelRequestHooks;

export interface InterviewRequest extends ModelRequestHooks {
  request: string;
  planId: string;
  repositoryRoot: string;
  signal: AbortSignal;
  onUsage?: UsageSink;
}

/** A planner backend that chooses its own interview questions (the model backend does). */
export interface InterviewingBackend {
  interview(request: InterviewRequest): Promise<string[]>;
}

export function canInterview<Candidate extends object>(
  backend: Candidate,
): backend is Candidate & InterviewingBackend {
  return typeof (backend as Partial<InterviewingBackend>).interview === 'function';
}
