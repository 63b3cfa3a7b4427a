// One fake Responses server for several Codex sessions at once (a run's executors in parallel),
// as session-router.ts is for Claude Code: each request is answered from the script of the
// session it belongs to, found by its prompt (the text of its user messages), at the step given
// by how many turns of the model its input already holds. A scripted turn here runs at most one
// command, so the count of function calls and assistant messages is the count of turns.
import type { ResponsesRequest, ResponsesTurn } from './fake-openai-responses.ts';

export interface ResponsesSessionScript {
  prompt: RegExp | ((prompt: string) => boolean);
  turns: Array<ResponsesTurn | ((request: ResponsesRequest) => ResponsesTurn)>;
}

export interface ResponsesRouter {
  /** For `startFakeResponses({ answer })`. */
  answer(request: ResponsesRequest): ResponsesTurn;
  /** Prompts no script matched, or sessions that went past their script (should be none). */
  unscripted(): string[];
}

/** The text of the request's user messages: the prompt and what Codex adds to it. */
export function responsesPrompt(request: ResponsesRequest): string {
  return (request.body.input ?? [])
    .filter((item) => item.role === 'user')
    .map((item) => JSON.stringify(item.content ?? ''))
    .join('\n');
}

const matches = (test: ResponsesSessionScript['prompt'], prompt: string): boolean =>
  typeof test === 'function' ? test(prompt) : test.test(prompt);

export function responsesRouter(scripts: ResponsesSessionScript[]): ResponsesRouter {
  const unscripted: string[] = [];
  return {
    answer(request) {
      const prompt = responsesPrompt(request);
      const script = scripts.find((candidate) => matches(candidate.prompt, prompt));
      const step = (request.body.input ?? []).filter(
        (item) => item.type === 'function_call' || (item.type === 'message' && item.role === 'assistant'),
      ).length;
      const turn = script?.turns[step];
      if (turn === undefined) {
        unscripted.push(
          `${script ? `step ${step} past the script of` : 'no script for'}: ${prompt.slice(0, 300)}`,
        );
        return { text: 'The fake server has no turn for this session.' };
      }
      return typeof turn === 'function' ? turn(request) : turn;
    },
    unscripted: () => [...unscripted],
  };
}
