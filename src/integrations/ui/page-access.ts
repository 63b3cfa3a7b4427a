// Who may use the page: every request must carry the token (the first segment of its path) and
// name this server as its Host (no DNS rebinding); requests that change anything also need the
// page's CSRF token in a header and this server as their Origin. A launch address (a code good
// for one visit in the next minute) answers with the page's address instead.
import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

export interface PageSecrets {
  token: string;
  csrf: string;
  /** This server's origin, known once it listens. */
  origin(): string;
  /** One-visit launch codes and until when each is good (ms since the epoch). */
  launchCodes: Map<string, number>;
}

export function sameSecret(given: string, secret: string): boolean {
  const left = Buffer.from(given);
  const right = Buffer.from(secret);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function pageAccess(secrets: PageSecrets): MiddlewareHandler {
  const { token, csrf, launchCodes } = secrets;
  return async (c, next) => {
    const origin = secrets.origin();
    // DNS rebinding: a page of another site that resolves its name to 127.0.0.1 sends its own Host.
    if (c.req.header('host') !== new URL(origin).host) return c.text('refused: wrong host', 403);
    const [, first = '', second = ''] = new URL(c.req.url).pathname.split('/');
    if (first === 'launch' && c.req.method === 'GET') {
      const valid = [...launchCodes].find(([code, until]) => sameSecret(second, code) && until > Date.now());
      if (!valid) return c.text('refused: this launch address was used or has expired', 403);
      launchCodes.delete(valid[0]);
      return c.redirect(`/${token}/`, 303);
    }
    if (!sameSecret(first, token))
      return c.text('refused: this page needs the address baton ui printed', 403);
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const header = c.req.header('x-baton-csrf') ?? '';
      if (!sameSecret(header, csrf) || c.req.header('origin') !== origin)
        return c.json({ ok: false, error: { code: 'CSRF', message: 'refused: not sent by the page' } }, 403);
    }
    await next();
  };
}
