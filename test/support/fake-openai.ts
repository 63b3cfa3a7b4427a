// A local stand-in for the OpenAI Chat Completions API (and every OpenAI-compatible server:
// Ollama, vLLM, LM Studio), for tests that run the AI SDK's real providers without a network
// or a model. Like fake-anthropic.ts it replays a script of assistant turns — text and tool
// calls — or failures (429 with Retry-After, 500), a turn may be a function of the request it
// answers, and every request is recorded. Answers are streamed (SSE `data:` chunks with
// content and tool_call deltas, a usage chunk when `stream_options.include_usage`, then
// `data: [DONE]`) when the request asks for a stream, and whole JSON otherwise.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './fake-anthropic.ts';

export interface OpenAITurn {
  /** The assistant's text (the JSON of a structured answer, say). */
  content?: string;
  toolCalls?: Array<{ name: string; arguments: Record<string, unknown>; id?: string }>;
  /** Default `tool_calls` when there are tool calls, else `stop`. */
  finishReason?: 'stop' | 'tool_calls' | 'length';
  /** Default 100 prompt tokens (none cached), 20 completion tokens. */
  usage?: { prompt_tokens?: number; completion_tokens?: number; cached_tokens?: number };
  /** Wait this long before answering (a call still in flight, for abort tests). */
  holdMs?: number;
}

export interface OpenAIFailure {
  fail: { status: number; retryAfter?: number; message?: string };
}

export type OpenAIScript =
  | OpenAITurn
  | OpenAIFailure
  | ((request: OpenAIRequest) => OpenAITurn | OpenAIFailure);

export interface ChatRequestBody {
  model?: string;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  messages?: Array<{ role: string; content?: unknown; tool_calls?: unknown; tool_call_id?: string }>;
  tools?: Array<{ type: string; function: { name: string } }>;
  response_format?: unknown;
  [key: string]: unknown;
}

export interface OpenAIRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: ChatRequestBody | undefined;
}

export interface FakeOpenAIServer {
  /** Base URL with /v1, for OPENAI_BASE_URL or a role's base_url. */
  readonly url: string;
  readonly requests: OpenAIRequest[];
  /** The chat completion requests, in order. */
  chatRequests(): OpenAIRequest[];
  remainingTurns(): number;
  close(): Promise<void>;
}

/** Every piece of text a request carried: message contents (strings or parts), flattened. */
export function chatRequestText(request: OpenAIRequest): string {
  const parts: string[] = [];
  for (const message of request.body?.messages ?? []) {
    const content = message.content;
    if (typeof content === 'string') parts.push(content);
    else if (Array.isArray(content))
      for (const part of content) parts.push(String((part as { text?: unknown }).text ?? ''));
  }
  return parts.join('\n');
}

/** The tool messages at the end of a request (the answers to the previous turn's calls). */
export function lastToolMessages(request: OpenAIRequest): Array<{ toolCallId: string; content: string }> {
  const messages = request.body?.messages ?? [];
  const results: Array<{ toolCallId: string; content: string }> = [];
  for (let index = messages.length - 1; index >= 0 && messages[index]?.role === 'tool'; index--) {
    const message = messages[index]!;
    results.unshift({
      toolCallId: String(message.tool_call_id),
      content: typeof message.content === 'string' ? message.content : JSON.stringify(message.content),
    });
  }
  return results;
}

const isFailure = (step: OpenAITurn | OpenAIFailure): step is OpenAIFailure => 'fail' in step;

export async function startFakeOpenAI(options: {
  turns: OpenAIScript[];
  afterScript?: OpenAITurn;
}): Promise<FakeOpenAIServer> {
  const requests: OpenAIRequest[] = [];
  const queue = [...options.turns];
  const server = createServer((incoming, response) => {
    readBody(incoming)
      .then((raw) => {
        let body: ChatRequestBody | undefined;
        try {
          body = raw ? (JSON.parse(raw) as ChatRequestBody) : undefined;
        } catch {
          body = undefined;
        }
        const request: OpenAIRequest = {
          method: incoming.method ?? 'GET',
          path: (incoming.url ?? '/').split('?')[0] ?? '/',
          headers: incoming.headers,
          body,
        };
        requests.push(request);
        if (request.method !== 'POST' || !request.path.endsWith('/chat/completions')) {
          sendJson(response, 404, {
            error: { message: `no route ${request.path}`, type: 'invalid_request_error' },
          });
          return;
        }
        const next = queue.shift() ?? options.afterScript ?? { content: 'Done.' };
        const step = typeof next === 'function' ? next(request) : next;
        if (isFailure(step)) return sendFailure(response, step.fail);
        const completion = buildCompletion(step, body?.model ?? 'gpt-fake');
        const answer = () => {
          if (response.destroyed) return;
          if (body?.stream) sendStream(response, completion, body.stream_options?.include_usage === true);
          else sendJson(response, 200, completion);
        };
        if (step.holdMs) setTimeout(answer, step.holdMs).unref();
        else answer();
      })
      .catch((error: unknown) => sendJson(response, 500, { error: { message: String(error) } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    chatRequests: () => requests.filter((request) => request.path.endsWith('/chat/completions')),
    remainingTurns: () => queue.length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Completion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{
    index: 0;
    message: {
      role: 'assistant';
      content: string | null;
      tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
    };
    finish_reason: string;
  }>;
  usage: {
    prompt_tokens: number;
    completion_tokens: number;
    total_tokens: number;
    prompt_tokens_details: { cached_tokens: number };
  };
}

function buildCompletion(turn: OpenAITurn, model: string): Completion {
  const toolCalls = (turn.toolCalls ?? []).map((call) => ({
    id: call.id ?? `call_${randomBytes(8).toString('hex')}`,
    type: 'function' as const,
    function: { name: call.name, arguments: JSON.stringify(call.arguments) },
  }));
  const prompt = turn.usage?.prompt_tokens ?? 100;
  const completion = turn.usage?.completion_tokens ?? 20;
  return {
    id: `chatcmpl-${randomBytes(8).toString('hex')}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: turn.content ?? null,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: turn.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
      },
    ],
    usage: {
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: prompt + completion,
      prompt_tokens_details: { cached_tokens: turn.usage?.cached_tokens ?? 0 },
    },
  };
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

function sendFailure(response: ServerResponse, failure: OpenAIFailure['fail']): void {
  const text = JSON.stringify({
    error: {
      message: failure.message ?? `scripted ${failure.status}`,
      type: failure.status === 429 ? 'rate_limit_exceeded' : 'server_error',
      code: null,
      param: null,
    },
  });
  response.writeHead(failure.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...(failure.retryAfter === undefined ? {} : { 'retry-after': String(failure.retryAfter) }),
  });
  response.end(text);
}

/** Chat Completions streaming: role, content deltas, tool_call deltas (arguments in two pieces), finish, usage. */
function sendStream(response: ServerResponse, completion: Completion, includeUsage: boolean): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  const base = {
    id: completion.id,
    object: 'chat.completion.chunk',
    created: completion.created,
    model: completion.model,
  };
  const send = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    response.write(`data: ${JSON.stringify({ ...base, choices, ...extra })}\n\n`);
  const choice = completion.choices[0]!;
  send([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
  const content = choice.message.content ?? '';
  if (content !== '') {
    const middle = Math.floor(content.length / 2);
    for (const piece of [content.slice(0, middle), content.slice(middle)])
      if (piece !== '') send([{ index: 0, delta: { content: piece }, finish_reason: null }]);
  }
  (choice.message.tool_calls ?? []).forEach((call, index) => {
    send([
      {
        index: 0,
        delta: {
          tool_calls: [
            { index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } },
          ],
        },
        finish_reason: null,
      },
    ]);
    const json = call.function.arguments;
    const middle = Math.floor(json.length / 2);
    for (const piece of [json.slice(0, middle), json.slice(middle)])
      send([
        { index: 0, delta: { tool_calls: [{ index, function: { arguments: piece } }] }, finish_reason: null },
      ]);
  });
  send([{ index: 0, delta: {}, finish_reason: choice.finish_reason }]);
  if (includeUsage) send([], { usage: completion.usage });
  response.write('data: [DONE]\n\n');
  response.end();
}
