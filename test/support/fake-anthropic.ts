// A local stand-in for the Anthropic Messages API, for tests that run a real client (the
// Claude Code CLI today, the AI SDK's Anthropic provider later) without a network or a model.
//
// The server replays a script: a list of assistant turns, each a list of content blocks (text
// and tool_use). A turn may be a function of the request it answers, so a test can react to
// the tool results the client sends back. Every request body is recorded, so a test can assert
// what reached the "model" (a SessionStart digest in the system prompt or messages, a tool
// result, a denial reason).
//
// Clients make side calls besides the main conversation (Claude Code asks a small model for a
// title, checks quota, counts tokens). Those must not consume the script: a request counts as
// the main conversation when it offers tools (see `isConversationRequest`); anything else gets a
// plain text answer. Both streamed (SSE) and non-streamed JSON responses are supported.
// A scripted step may also be a failure (`{ fail: { status: 429, retryAfter: 0 } }`): the
// server answers that request with the error instead of a turn, for tests of retries.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ScriptedBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; name: string; input: Record<string, unknown>; id?: string };

export interface ScriptedTurn {
  content: ScriptedBlock[];
  /** Defaults to `tool_use` when the turn has a tool_use block, else `end_turn`. */
  stopReason?: 'end_turn' | 'tool_use' | 'max_tokens' | 'stop_sequence';
  /** Token counts to report (default 100 in, 20 out, no cache). */
  usage?: Partial<TurnUsage>;
}

export interface TurnUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
}

/** An HTTP error instead of a turn: 429 (with Retry-After seconds when given), 500, 529 … */
export interface ScriptedFailure {
  fail: { status: number; retryAfter?: number; message?: string };
}

/** A scripted turn or failure, or a function that builds one from the request it answers. */
export type TurnScript =
  | ScriptedTurn
  | ScriptedFailure
  | ((request: RecordedRequest) => ScriptedTurn | ScriptedFailure);

export function isScriptedFailure(step: ScriptedTurn | ScriptedFailure): step is ScriptedFailure {
  return 'fail' in step;
}

export interface RecordedRequest {
  method: string;
  /** The path without the query string, e.g. `/v1/messages`. */
  path: string;
  headers: IncomingMessage['headers'];
  /** The parsed JSON body, or undefined when there was none (or it was not JSON). */
  body: MessagesRequestBody | undefined;
  /** Whether this request was answered from the script (the main conversation). */
  scripted: boolean;
}

/** The few fields of a Messages request the server looks at; everything else is kept as sent. */
export interface MessagesRequestBody {
  model?: string;
  stream?: boolean;
  system?: string | Array<{ type: string; text?: string }>;
  messages?: Array<{ role: string; content: unknown }>;
  tools?: Array<{ name: string }>;
  [key: string]: unknown;
}

export interface FakeAnthropicOptions {
  /** The assistant turns of the main conversation, in order. */
  turns: TurnScript[];
  /** Answer when the script is exhausted (default: a short text turn ending the conversation). */
  afterScript?: TurnScript;
  /** Decides which requests consume the script (default: `isConversationRequest`). */
  isConversation?: (request: RecordedRequest) => boolean;
}

export interface FakeAnthropicServer {
  /** Base URL for the client, e.g. `http://127.0.0.1:43121` (ANTHROPIC_BASE_URL). */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** The requests answered from the script. */
  conversationRequests(): RecordedRequest[];
  /** How many scripted turns have not been served yet. */
  remainingTurns(): number;
  close(): Promise<void>;
}

/** The main conversation offers tools; title generation and other side calls do not. */
export function isConversationRequest(request: RecordedRequest): boolean {
  return (
    request.path.endsWith('/messages') &&
    Array.isArray(request.body?.tools) &&
    (request.body?.tools?.length ?? 0) > 0
  );
}

/** All the text a request carried to the model: system prompt and every message, flattened. */
export function requestText(request: RecordedRequest): string {
  const parts: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') parts.push(value);
    else if (Array.isArray(value)) for (const item of value) collect(item);
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      for (const key of ['text', 'content'] as const) if (key in record) collect(record[key]);
    }
  };
  collect(request.body?.system);
  collect(request.body?.messages);
  return parts.join('\n');
}

/** The tool_result blocks of the last user message, keyed by tool_use id. */
export function lastToolResults(request: RecordedRequest): ToolResult[] {
  const messages = request.body?.messages ?? [];
  const last = messages[messages.length - 1];
  return last ? toolResultsOf(last.content) : [];
}

/**
 * Every tool_result the request's conversation holds, in order: one per tool call so far. Use
 * it on the last request of a session when Claude Code may have added a message after a result.
 */
export function allToolResults(request: RecordedRequest): ToolResult[] {
  return (request.body?.messages ?? []).flatMap((message) => toolResultsOf(message.content));
}

export interface ToolResult {
  toolUseId: string;
  text: string;
  isError: boolean;
}

function toolResultsOf(messageContent: unknown): ToolResult[] {
  if (!Array.isArray(messageContent)) return [];
  const results: ToolResult[] = [];
  for (const block of messageContent as Array<Record<string, unknown>>) {
    if (block.type !== 'tool_result') continue;
    const content = block.content;
    const text =
      typeof content === 'string'
        ? content
        : Array.isArray(content)
          ? content.map((part) => String((part as { text?: unknown }).text ?? '')).join('\n')
          : '';
    results.push({ toolUseId: String(block.tool_use_id), text, isError: block.is_error === true });
  }
  return results;
}

const defaultAfterScript: ScriptedTurn = { content: [{ type: 'text', text: 'Done.' }] };
const sideCallTurn: ScriptedTurn = { content: [{ type: 'text', text: 'Side answer' }] };

export async function startFakeAnthropic(options: FakeAnthropicOptions): Promise<FakeAnthropicServer> {
  const requests: RecordedRequest[] = [];
  const queue = [...options.turns];
  const isConversation = options.isConversation ?? isConversationRequest;

  const server: Server = createServer((incoming, response) => {
    readBody(incoming)
      .then((raw) => {
        const path = (incoming.url ?? '/').split('?')[0] ?? '/';
        let body: MessagesRequestBody | undefined;
        try {
          body = raw.length > 0 ? (JSON.parse(raw) as MessagesRequestBody) : undefined;
        } catch {
          body = undefined;
        }
        const request: RecordedRequest = {
          method: incoming.method ?? 'GET',
          path,
          headers: incoming.headers,
          body,
          scripted: false,
        };
        requests.push(request);
        respond(request, response);
      })
      .catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ type: 'error', error: { type: 'api_error', message: String(error) } }));
      });
  });

  function respond(request: RecordedRequest, response: ServerResponse): void {
    if (request.method === 'POST' && request.path.endsWith('/messages/count_tokens')) {
      sendJson(response, { input_tokens: 100 });
      return;
    }
    if (request.method !== 'POST' || !request.path.endsWith('/messages')) {
      // Anything else a client may probe (models, quota, telemetry): a harmless empty answer.
      sendJson(response, {});
      return;
    }
    let turn: ScriptedTurn;
    if (isConversation(request)) {
      request.scripted = true;
      const next = queue.shift() ?? options.afterScript ?? defaultAfterScript;
      const step = typeof next === 'function' ? next(request) : next;
      if (isScriptedFailure(step)) {
        sendFailure(response, step.fail);
        return;
      }
      turn = step;
    } else {
      turn = sideCallTurn;
    }
    const message = buildMessage(turn, request.body?.model ?? 'claude-fake');
    if (request.body?.stream) sendStream(response, message);
    else sendJson(response, message);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    conversationRequests: () => requests.filter((request) => request.scripted),
    remainingTurns: () => queue.length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The request body as text (shared with fake-openai.ts). */
export function readBody(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    incoming.on('error', reject);
  });
}

type ContentBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

interface AssistantMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: ContentBlock[];
  stop_reason: string;
  stop_sequence: null;
  usage: TurnUsage;
}

function buildMessage(turn: ScriptedTurn, model: string): AssistantMessage {
  const content: ContentBlock[] = turn.content.map((block) =>
    block.type === 'text'
      ? { type: 'text', text: block.text }
      : {
          type: 'tool_use',
          id: block.id ?? `toolu_${randomBytes(12).toString('hex')}`,
          name: block.name,
          input: block.input,
        },
  );
  const hasToolUse = content.some((block) => block.type === 'tool_use');
  return {
    id: `msg_${randomBytes(12).toString('hex')}`,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: turn.stopReason ?? (hasToolUse ? 'tool_use' : 'end_turn'),
    stop_sequence: null,
    usage: {
      input_tokens: 100,
      output_tokens: 20,
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 0,
      ...turn.usage,
    },
  };
}

const errorTypes: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  429: 'rate_limit_error',
  529: 'overloaded_error',
};

function sendFailure(response: ServerResponse, failure: ScriptedFailure['fail']): void {
  const text = JSON.stringify({
    type: 'error',
    error: {
      type: errorTypes[failure.status] ?? 'api_error',
      message: failure.message ?? `scripted ${failure.status}`,
    },
  });
  response.writeHead(failure.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...(failure.retryAfter === undefined ? {} : { 'retry-after': String(failure.retryAfter) }),
  });
  response.end(text);
}

function sendJson(response: ServerResponse, value: unknown): void {
  const text = JSON.stringify(value);
  response.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'request-id': `req_${randomBytes(8).toString('hex')}`,
  });
  response.end(text);
}

/** The Messages streaming protocol: message_start, per block start/delta/stop, message_delta, message_stop. */
function sendStream(response: ServerResponse, message: AssistantMessage): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'request-id': `req_${randomBytes(8).toString('hex')}`,
  });
  const send = (event: string, data: unknown) =>
    response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  send('message_start', {
    type: 'message_start',
    message: {
      ...message,
      content: [],
      stop_reason: null,
      usage: { ...message.usage, output_tokens: 1 },
    },
  });
  message.content.forEach((block, index) => {
    if (block.type === 'text') {
      send('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'text', text: '' },
      });
      send('content_block_delta', {
        type: 'content_block_delta',
        index,
        delta: { type: 'text_delta', text: block.text },
      });
    } else {
      send('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} },
      });
      const json = JSON.stringify(block.input);
      // Two chunks, as the real API splits partial JSON: clients must concatenate.
      const middle = Math.floor(json.length / 2);
      for (const partial of [json.slice(0, middle), json.slice(middle)]) {
        send('content_block_delta', {
          type: 'content_block_delta',
          index,
          delta: { type: 'input_json_delta', partial_json: partial },
        });
      }
    }
    send('content_block_stop', { type: 'content_block_stop', index });
  });
  send('message_delta', {
    type: 'message_delta',
    delta: { stop_reason: message.stop_reason, stop_sequence: null },
    usage: { output_tokens: message.usage.output_tokens },
  });
  send('message_stop', { type: 'message_stop' });
  response.end();
}
