// A local stand-in for the OpenAI Responses API (`POST /v1/responses`, streamed as SSE), the
// protocol the real Codex CLI speaks, so tests can run `codex exec` itself with no network and
// no model. It replays a script of turns: a turn either calls Codex's `exec_command` tool with
// shell commands (Codex runs them in its sandbox and sends the output back in the next request)
// or answers with text. Every request is recorded.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './fake-anthropic.ts';

export interface ResponsesTurn {
  /** Shell commands for Codex's exec_command tool, one function call each. */
  commands?: string[];
  /** Other function calls (an MCP server's tools, say), one each, after the commands. */
  calls?: Array<{ name: string; namespace?: string; arguments: Record<string, unknown> }>;
  /** Wait this long before answering (a slow model), e.g. while a client's MCP servers start. */
  delayMs?: number;
  /** The assistant's message (the default when there are no commands). */
  text?: string;
  usage?: { input_tokens?: number; cached_tokens?: number; output_tokens?: number };
}

export interface ResponsesRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: {
    model?: string;
    input?: Array<{ type?: string; role?: string; content?: unknown; output?: string; call_id?: string }>;
    tools?: Array<{ type: string; name?: string }>;
    [key: string]: unknown;
  };
}

export interface FakeResponsesServer {
  /** Base URL with /v1, for a Codex model provider's base_url. */
  readonly url: string;
  readonly requests: ResponsesRequest[];
  remainingTurns(): number;
  close(): Promise<void>;
}

/** The text of every input item of a request (instructions, the prompt, tool outputs). */
export function responsesRequestText(request: ResponsesRequest): string {
  return JSON.stringify(request.body.input ?? []);
}

/** The outputs Codex sent back for the previous turn's tool calls. */
export function toolOutputs(request: ResponsesRequest): string[] {
  return (request.body.input ?? [])
    .filter((item) => item.type === 'function_call_output')
    .map((item) => String(item.output ?? ''));
}

export interface FakeResponsesOptions {
  /** The turns, in the order requests come. */
  turns?: ResponsesTurn[];
  /** Or the turn for each request, from the request (for sessions that run at the same time). */
  answer?: (request: ResponsesRequest) => ResponsesTurn;
}

export async function startFakeResponses(options: FakeResponsesOptions): Promise<FakeResponsesServer> {
  const turns = [...(options.turns ?? [])];
  const requests: ResponsesRequest[] = [];
  let responseNumber = 0;
  const server = createServer(async (request, response) => {
    const text = await readBody(request);
    if (request.method !== 'POST' || !request.url?.endsWith('/responses')) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: `no route ${request.method} ${request.url}` } }));
      return;
    }
    const recorded: ResponsesRequest = {
      path: request.url,
      headers: request.headers,
      body: text ? JSON.parse(text) : {},
    };
    requests.push(recorded);
    const turn = options.answer
      ? options.answer(recorded)
      : (turns.shift() ?? { text: 'The fake Responses server has no more turns.' });
    if (turn.delayMs) await new Promise((resolve) => setTimeout(resolve, turn.delayMs));
    const id = `resp_${++responseNumber}`;
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = (type: string, data: Record<string, unknown>) =>
      response.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
    send('response.created', { response: { id } });
    const calls = [
      ...(turn.commands ?? []).map((command) => ({ name: 'exec_command', arguments: { cmd: command } })),
      ...(turn.calls ?? []),
    ];
    const items: Array<Record<string, unknown>> =
      calls.length > 0
        ? calls.map((call, index) => ({
            type: 'function_call',
            id: `fc_${responseNumber}_${index}`,
            call_id: `call_${responseNumber}_${index}`,
            name: call.name,
            ...('namespace' in call && call.namespace ? { namespace: call.namespace } : {}),
            arguments: JSON.stringify(call.arguments),
          }))
        : [
            {
              type: 'message',
              id: `msg_${responseNumber}`,
              role: 'assistant',
              content: [{ type: 'output_text', text: turn.text ?? '' }],
            },
          ];
    items.forEach((item, index) => {
      send('response.output_item.added', { output_index: index, item });
      send('response.output_item.done', { output_index: index, item });
    });
    const usage = turn.usage ?? {};
    const input = usage.input_tokens ?? 100;
    const output = usage.output_tokens ?? 20;
    send('response.completed', {
      response: {
        id,
        usage: {
          input_tokens: input,
          input_tokens_details: { cached_tokens: usage.cached_tokens ?? 0 },
          output_tokens: output,
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: input + output,
        },
      },
    });
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    remainingTurns: () => turns.length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
