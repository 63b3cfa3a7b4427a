// One fake Anthropic server for many Claude Code sessions at once — a run's executors and
// reviewers working in parallel — without them taking each other's turns. Each request is
// answered from the script of the session it belongs to, found by the session's prompt (the
// text of its first user message), at the step given by how many assistant turns the
// conversation already holds. Nothing is counted on the server, so the order in which
// concurrent sessions call it does not matter.
import {
  type FakeAnthropicServer,
  type RecordedRequest,
  type ScriptedFailure,
  type ScriptedTurn,
  startFakeAnthropic,
  type TurnScript,
} from './fake-anthropic.ts';

export interface SessionScript {
  /** Which session: a test of its prompt. */
  prompt: RegExp | ((prompt: string) => boolean);
  /** Its turns in order; a function turn reads the request it answers (the prompt, a tool result). */
  turns: TurnScript[];
}

export interface SessionRouterServer extends FakeAnthropicServer {
  /** The requests of the sessions whose prompt passes `prompt`, in the order they came. */
  requestsOf(prompt: RegExp | ((prompt: string) => boolean)): RecordedRequest[];
  /** Prompts no script matched, or sessions that went past their script (should be none). */
  unscripted(): string[];
}

/** The text of the first user message: the session's prompt, with what hooks added to it. */
export function sessionPrompt(request: RecordedRequest): string {
  const first = request.body?.messages?.find((message) => message.role === 'user');
  const collect = (value: unknown): string =>
    typeof value === 'string'
      ? value
      : Array.isArray(value)
        ? value.map(collect).join('\n')
        : value && typeof value === 'object' && 'text' in value
          ? String((value as { text: unknown }).text)
          : '';
  return first ? collect(first.content) : '';
}

const matches = (test: SessionScript['prompt'], prompt: string): boolean =>
  typeof test === 'function' ? test(prompt) : test.test(prompt);

export async function startSessionRouter(scripts: SessionScript[]): Promise<SessionRouterServer> {
  const unscripted: string[] = [];
  const answer = (request: RecordedRequest): ScriptedTurn | ScriptedFailure => {
    const prompt = sessionPrompt(request);
    const script = scripts.find((candidate) => matches(candidate.prompt, prompt));
    const step = (request.body?.messages ?? []).filter((message) => message.role === 'assistant').length;
    const turn = script?.turns[step];
    if (turn === undefined) {
      unscripted.push(
        `${script ? `step ${step} past the script of` : 'no script for'}: ${prompt.slice(0, 300)}`,
      );
      return { content: [{ type: 'text', text: 'The fake server has no turn for this session.' }] };
    }
    return typeof turn === 'function' ? turn(request) : turn;
  };
  const server = await startFakeAnthropic({ turns: [], afterScript: answer });
  return {
    ...server,
    requestsOf: (prompt) =>
      server.conversationRequests().filter((request) => matches(prompt, sessionPrompt(request))),
    unscripted: () => [...unscripted],
  };
}
