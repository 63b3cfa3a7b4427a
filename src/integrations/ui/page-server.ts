// baton's page: a Hono app served on 127.0.0.1 only. Every request must carry the token (the
// first segment of its path), which lives in this process's memory and in the URL printed to
// the person — never in a file, a command line or the environment, where an agent of the same
// user could read it. Who may call is checked in page-access.ts; the routes are in
// page-routes.ts; the page's files and HTML in page-assets.ts.
import { randomBytes } from 'node:crypto';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { StoreWatcher } from './live.ts';
import { pageAccess } from './page-access.ts';
import { pagePerson } from './page-person.ts';
import { pageRoutes } from './page-routes.ts';
import type { ViewContext } from './views.ts';

export interface PageServer {
  url: string;
  port: number;
  /**
   * An address for a browser started by baton (--open): it names a code good for one visit in the
   * next minute, which answers with the page's address — so the token itself is never on the
   * browser's command line.
   */
  launchUrl(): string;
  close(): Promise<void>;
}

export interface PageServerOptions extends ViewContext {
  port?: number;
  /** How often the event log of a store whose writes cannot be watched (Postgres) is read. */
  watchIntervalMs?: number;
}

export async function startPageServer(options: PageServerOptions): Promise<PageServer> {
  const token = randomBytes(24).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  const context: ViewContext = {
    repositoryRoot: options.repositoryRoot,
    config: options.config,
    store: options.store,
  };
  const watcher = new StoreWatcher(
    options.store,
    options.watchIntervalMs === undefined ? {} : { intervalMs: options.watchIntervalMs },
  );
  await watcher.start();
  let origin = '';
  const launchCodes = new Map<string, number>();

  const app = new Hono({ strict: false });
  // A person's process only: for a launch address (it answers with the token) before the token
  // check, for a change after it (an unknown caller costs no look through /proc).
  const person = pagePerson({ port: () => Number(new URL(origin).port) });
  app.use('/launch/*', person);
  app.use('*', pageAccess({ token, csrf, origin: () => origin, launchCodes }));
  app.use('*', person);
  app.route(`/${token}`, pageRoutes(context, watcher, csrf));

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: options.port ?? 0 }, () =>
      resolve(started),
    );
    started.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/${token}/`,
    port,
    launchUrl() {
      const code = randomBytes(24).toString('base64url');
      launchCodes.set(code, Date.now() + 60_000);
      return `${origin}/launch/${code}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        watcher.stop();
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
