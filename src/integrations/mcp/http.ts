// `baton mcp --http`: streamable HTTP on 127.0.0.1. Every request carries a bearer token baton
// made (`baton mcp token`); the token names the instance, and a request without a valid one is
// refused before it reaches the protocol. Stateless: each request gets its own server object
// bound to its token's instance, so two clients never share an identity.
import { createServer, type Server } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createBatonServer } from './mcp-server.ts';
import type { McpSession } from './session.ts';
import { instanceOfToken } from './tokens.ts';

export async function serveHttp(session: Omit<McpSession, 'instance'>, port: number): Promise<Server> {
  const http = createServer(async (request, response) => {
    const header = request.headers.authorization ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    const instance = token === undefined ? undefined : instanceOfToken(session.context.repositoryRoot, token);
    if (instance === undefined) {
      response.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' }).end(
        JSON.stringify({
          error: 'MCP_UNAUTHORIZED: a bearer token from `baton mcp token --instance I` is required',
        }),
      );
      return;
    }
    const server = createBatonServer({ ...session, instance });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    response.on('close', () => {
      void transport.close();
      void server.close();
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(request, response);
    } catch (error) {
      if (!response.headersSent) response.writeHead(500).end(String((error as Error).message));
    }
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, '127.0.0.1', () => resolve());
  });
  return http;
}
