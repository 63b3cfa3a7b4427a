// A change made through the page must come from a person's process, not only carry the token:
// the token lives in the server's memory and in the person's browser (its history, its open
// tabs), which an agent of the same user can read without a sandbox. So for every request that
// changes anything, and for a launch address (which answers with the token), the server finds
// the process at the other end of the connection (workspace/people/loopback-peer.ts) and
// refuses when it, or a process above it, is an agent's — the check `baton approve` makes of
// itself. A connection whose process cannot be found is refused (fail closed). Without /proc
// (macOS) only the token, the CSRF token and the Origin hold; docs/security.md says so.
import type { IncomingMessage } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import { loopbackPeers } from '../../workspace/people/loopback-peer.ts';
import { agentAncestor } from '../../workspace/people/person-process.ts';

export interface PersonCheckOptions {
  /** This server's port, known once it listens. */
  port(): number;
  /** Where processes are read (tests hand in another); default /proc. */
  procRoot?: string;
}

function refusal(message: string) {
  return { ok: false, error: { code: 'PERSON_ONLY', message } };
}

/** Why the process that sent this request may not act for a person, or undefined when it may. */
export function peerRefusal(
  incoming: IncomingMessage | undefined,
  options: PersonCheckOptions,
): string | undefined {
  const clientPort = incoming?.socket.remotePort;
  if (clientPort === undefined) return 'refused: the request has no connection to look at';
  let peers: number[] | undefined;
  try {
    peers = loopbackPeers(clientPort, options.port(), options.procRoot);
  } catch (error) {
    return `refused: cannot tell which process sent this (${(error as Error).message})`;
  }
  if (peers === undefined) return process.platform === 'linux' ? 'refused: /proc cannot be read' : undefined;
  if (peers.length === 0) return 'refused: cannot tell which process sent this';
  for (const peer of peers) {
    const agent = agentAncestor(peer);
    if (agent)
      return `refused: sent by an agent's process (${agent.reason}); only a person acts through the page`;
  }
  return undefined;
}

export function pagePerson(options: PersonCheckOptions): MiddlewareHandler {
  return async (c, next) => {
    const changes = c.req.method !== 'GET' && c.req.method !== 'HEAD';
    const launch = new URL(c.req.url).pathname.startsWith('/launch/');
    if (changes || launch) {
      const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
      const refused = peerRefusal(incoming, options);
      if (refused !== undefined) return changes ? c.json(refusal(refused), 403) : c.text(refused, 403);
    }
    await next();
  };
}
