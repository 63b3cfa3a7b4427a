// A local stand-in for the Gemini API (`POST /v1beta/models/{model}:generateContent`, and
// `:streamGenerateContent?alt=sse` streamed as SSE chunks), for tests that run the AI SDK's real
// Google provider with no network and no model. It replays a script of model turns — text and
// function calls — or failures (429 with Retry-After), a turn may be a function of the request
// it answers, and every request is recorded.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './fake-anthropic.ts';

export interface GeminiTurn {
  text?: string;
  functionCalls?: Array<{ name: string; args: Record<string, unknown> }>;
  /** Default 100 prompt tokens (none cached), 20 candidate tokens. */
  usage?: { promptTokenCount?: number; candidatesTokenCount?: number; cachedContentTokenCount?: number };
}

export interface GeminiFailure {
  fail: { status: number; retryAfter?: number; message?: string };
}

export interface GeminiRequest {
  path: string;
  headers: IncomingMessage['headers'];
  streamed: boolean;
  body: {
    contents?: Array<{ role?: string; parts?: Array<Record<string, unknown>> }>;
    tools?: Array<{ functionDeclarations?: Array<{ name: string }> }>;
    [key: string]: unknown;
  };
}

export type GeminiScript =
  | GeminiTurn
  | GeminiFailure
  | ((request: GeminiRequest) => GeminiTurn | GeminiFailure);

export interface FakeGoogleServer {
  /** Base URL with /v1beta, for GOOGLE_GENERATIVE_AI_BASE_URL. */
  readonly url: string;
  readonly requests: GeminiRequest[];
  close(): Promise<void>;
}

/** The function responses the request carries back (the answers to the last calls). */
export function functionResponses(request: GeminiRequest): Array<{ name: string; response: unknown }> {
  const last = request.body.contents?.at(-1);
  return (last?.parts ?? [])
    .map((part) => part.functionResponse as { name: string; response: unknown } | undefined)
    .filter((part) => part !== undefined);
}

export async function startFakeGoogle(options: { turns: GeminiScript[] }): Promise<FakeGoogleServer> {
  const turns = [...options.turns];
  const requests: GeminiRequest[] = [];
  const server = createServer(async (incoming, response) => {
    const text = await readBody(incoming);
    const match = /\/models\/([^/:]+):(generateContent|streamGenerateContent)/.exec(incoming.url ?? '');
    if (incoming.method !== 'POST' || !match) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { code: 404, message: `no route ${incoming.url}` } }));
      return;
    }
    const request: GeminiRequest = {
      path: incoming.url ?? '',
      headers: incoming.headers,
      streamed: match[2] === 'streamGenerateContent',
      body: text ? JSON.parse(text) : {},
    };
    requests.push(request);
    const next = turns.shift() ?? { text: 'The fake Gemini server has no more turns.' };
    const turn = typeof next === 'function' ? next(request) : next;
    if ('fail' in turn) {
      response.writeHead(turn.fail.status, {
        'content-type': 'application/json',
        ...(turn.fail.retryAfter !== undefined ? { 'retry-after': String(turn.fail.retryAfter) } : {}),
      });
      response.end(
        JSON.stringify({
          error: {
            code: turn.fail.status,
            message: turn.fail.message ?? 'failure',
            status: 'RESOURCE_EXHAUSTED',
          },
        }),
      );
      return;
    }
    const parts = [
      ...(turn.text !== undefined ? [{ text: turn.text }] : []),
      ...(turn.functionCalls ?? []).map((call) => ({ functionCall: { name: call.name, args: call.args } })),
    ];
    const usageMetadata = {
      promptTokenCount: turn.usage?.promptTokenCount ?? 100,
      candidatesTokenCount: turn.usage?.candidatesTokenCount ?? 20,
      totalTokenCount: (turn.usage?.promptTokenCount ?? 100) + (turn.usage?.candidatesTokenCount ?? 20),
      ...(turn.usage?.cachedContentTokenCount !== undefined
        ? { cachedContentTokenCount: turn.usage.cachedContentTokenCount }
        : {}),
    };
    const answer = (chunkParts: unknown[], last: boolean) => ({
      candidates: [
        {
          content: { role: 'model', parts: chunkParts },
          index: 0,
          ...(last ? { finishReason: 'STOP' } : {}),
        },
      ],
      ...(last ? { usageMetadata } : {}),
    });
    if (!request.streamed) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer(parts, true)));
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    // One chunk per part, the last one with the finish reason and the usage.
    parts.forEach((part, index) => {
      response.write(`data: ${JSON.stringify(answer([part], index === parts.length - 1))}\r\n\r\n`);
    });
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1beta`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
