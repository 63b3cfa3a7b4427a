// baton's page: a Hono app served on 127.0.0.1 only. Every request must carry the token (the
// first segment of its path), which lives in this process's memory and in the URL printed to
// the person — never in a file, a command line or the environment, where an agent of the same
// user could read it. Requests must name this server as their Host (no DNS rebinding); requests
// that change anything also need the page's CSRF token in a header and this server as their
// Origin. Every asset is served from here: the page makes no request elsewhere (its Content
// Security Policy says so too).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { isBatonError } from '../../errors.ts';
import { batonBinPath } from '../../installation.ts';
import {
  approveFromPage,
  commentFromPage,
  rejectFromPage,
  retryFromPage,
  reviseFromPage,
  stopFromPage,
} from './actions.ts';
import { StoreWatcher } from './live.ts';
import { taskDiff } from './task-diff.ts';
import { boardView, costView, planStatesView, planView, poolView, type ViewContext } from './views.ts';

const require = createRequire(import.meta.url);
// The page's own files stay in src/ (the package ships it): from the installation's root, since
// this module runs from src/ in a checkout and from a chunk under dist/ when bundled.
const clientDirectory = path.join(
  path.dirname(path.dirname(batonBinPath())),
  'src',
  'integrations',
  'ui',
  'client',
);

/** A file of an installed package, by its path inside the package (the browser builds). */
function packageFile(name: string, file: string): string {
  // The package's folder: up from its main entry (not every package exports its package.json).
  let folder = path.dirname(require.resolve(name));
  while (!folder.endsWith(`${path.sep}node_modules${path.sep}${name.split('/').join(path.sep)}`)) {
    const parent = path.dirname(folder);
    if (parent === folder) throw new Error(`cannot find the folder of the package ${name}`);
    folder = parent;
  }
  return path.join(folder, file);
}

/** The files the page loads: baton's own and the libraries', each by a fixed name. */
const assets: Record<string, { file: string; type: string }> = {
  'app.js': { file: path.join(clientDirectory, 'app.js'), type: 'text/javascript' },
  'style.css': { file: path.join(clientDirectory, 'style.css'), type: 'text/css' },
  'preact.mjs': { file: packageFile('preact', 'dist/preact.mjs'), type: 'text/javascript' },
  'hooks.mjs': { file: packageFile('preact', 'hooks/dist/hooks.mjs'), type: 'text/javascript' },
  'htm.mjs': { file: packageFile('htm', 'dist/htm.module.js'), type: 'text/javascript' },
  'dagre.mjs': { file: packageFile('@dagrejs/dagre', 'dist/dagre.esm.js'), type: 'text/javascript' },
  'chart.js': { file: packageFile('chart.js', 'dist/chart.umd.min.js'), type: 'text/javascript' },
  'highlight.css': {
    file: path.join(path.dirname(require.resolve('highlight.js')), '..', 'styles', 'github.css'),
    type: 'text/css',
  },
};

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
  /** How often the store's event log is read for live updates. */
  watchIntervalMs?: number;
}

function sameSecret(given: string, secret: string): boolean {
  const left = Buffer.from(given);
  const right = Buffer.from(secret);
  return left.length === right.length && timingSafeEqual(left, right);
}

function pageHtml(csrf: string, nonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="baton-csrf" content="${csrf}">
<title>baton</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="assets/style.css">
<link rel="stylesheet" href="assets/highlight.css">
<script type="importmap" nonce="${nonce}">{"imports":{"preact":"./assets/preact.mjs","preact/hooks":"./assets/hooks.mjs","htm":"./assets/htm.mjs","dagre":"./assets/dagre.mjs"}}</script>
<script type="module" src="assets/app.js"></script>
</head>
<body><div id="app"><p class="loading">Loading…</p></div></body>
</html>
`;
}

export async function startPageServer(options: PageServerOptions): Promise<PageServer> {
  const token = randomBytes(24).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  const context: ViewContext = {
    repositoryRoot: options.repositoryRoot,
    config: options.config,
    store: options.store,
  };
  const watcher = new StoreWatcher(options.store, options.watchIntervalMs ?? 30);
  await watcher.start();
  let origin = '';
  const launchCodes = new Map<string, number>();

  // Not strict: the page is at /<token>/, with its slash, so that its relative addresses stay under the token.
  const page = new Hono({ strict: false });
  page.get('/', (c) => {
    const nonce = randomBytes(16).toString('base64');
    c.header(
      'Content-Security-Policy',
      `default-src 'none'; script-src 'self' 'nonce-${nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    );
    return c.html(pageHtml(csrf, nonce));
  });
  page.get('/assets/:name', (c) => {
    const asset = assets[c.req.param('name')];
    if (!asset) return c.text('not found', 404);
    c.header('Content-Type', `${asset.type}; charset=utf-8`);
    // Fixed for the life of this server: a page opened again loads them from the browser's cache.
    c.header('Cache-Control', 'private, max-age=3600');
    return c.body(readFileSync(asset.file, 'utf8'));
  });
  page.get('/api/board', async (c) => c.json(await boardView(context)));
  page.get('/api/plans/:id', async (c) => c.json(await planView(context, c.req.param('id'))));
  page.get('/api/plans/:id/states', async (c) => c.json(await planStatesView(context, c.req.param('id'))));
  page.get('/api/plans/:id/tasks/:task/diff', async (c) =>
    c.json({
      files: await taskDiff(context.repositoryRoot, context.store, c.req.param('id'), c.req.param('task')),
    }),
  );
  page.get('/api/pool', async (c) => {
    const query = c.req.query();
    return c.json(
      await poolView(context, {
        ...(query.instance ? { instance: query.instance } : {}),
        ...(query.topic ? { topic: query.topic } : {}),
        ...(query.affects ? { affects: query.affects } : {}),
        ...(query.plan ? { planId: query.plan } : {}),
        ...(query.action ? { action: query.action as never } : {}),
      }),
    );
  });
  page.get('/api/cost', async (c) => c.json(await costView(context)));
  page.get('/api/live', (c) =>
    streamSSE(c, async (stream) => {
      const queue: string[] = [];
      let wake: (() => void) | undefined;
      const unlisten = watcher.listen((events) => {
        queue.push(
          JSON.stringify(
            events.map((event) => ({
              id: event.id,
              kind: event.kind,
              planId: event.planId,
              taskId: event.taskId,
              at: event.at,
            })),
          ),
        );
        wake?.();
      });
      stream.onAbort(() => {
        unlisten();
        wake?.();
      });
      await stream.writeSSE({ event: 'ready', data: '{}' });
      while (!stream.aborted && !stream.closed) {
        if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        for (const data of queue.splice(0)) await stream.writeSSE({ event: 'events', data });
      }
      unlisten();
    }),
  );
  const actions: Record<string, (planId: string, body: Record<string, unknown>) => Promise<unknown>> = {
    approve: (planId, body) => approveFromPage(context, planId, body),
    revise: (planId, body) => reviseFromPage(context, planId, body),
    reject: (planId, body) => rejectFromPage(context, planId, body),
    retry: (planId, body) => retryFromPage(context, planId, body),
    comment: (planId, body) => commentFromPage(context, planId, body),
    stop: (planId) => stopFromPage(context, planId),
  };
  page.post('/api/plans/:id/:action', async (c) => {
    const action = actions[c.req.param('action')];
    if (!action) return c.json({ ok: false, error: { code: 'NOT_FOUND', message: 'no such action' } }, 404);
    const body = (await c.req.json().catch(() => ({}))) as Record<string, unknown>;
    return c.json({ ok: true, result: await action(c.req.param('id'), body) });
  });
  page.onError((error, c) => {
    if (isBatonError(error))
      return c.json(
        { ok: false, error: { code: error.code, message: error.message, hint: error.hint } },
        409,
      );
    return c.json({ ok: false, error: { code: 'INTERNAL', message: (error as Error).message } }, 500);
  });

  const app = new Hono({ strict: false });
  app.use('*', async (c, next) => {
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
  });
  app.route(`/${token}`, page);

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
