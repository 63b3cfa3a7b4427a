// The page's routes under its token: the HTML shell, its assets, the JSON views, the live event
// stream and the actions a person takes.
import { randomBytes } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { isBatonError } from '../../errors.ts';
import {
  approveFromPage,
  commentFromPage,
  followUpFromPage,
  rejectFromPage,
  retryFromPage,
  reviseFromPage,
  stopFromPage,
} from './actions.ts';
import type { StoreWatcher } from './live.ts';
import { contentSecurityPolicy, pageAsset, pageHtml } from './page-assets.ts';
import { poolFiltersFromQuery } from './pool-filters.ts';
import { taskDiff } from './task-diff.ts';
import { boardView, costView, planStatesView, planView, poolView, type ViewContext } from './views.ts';

export function pageRoutes(context: ViewContext, watcher: StoreWatcher, csrf: string): Hono {
  // Not strict: the page is at /<token>/, with its slash, so that its relative addresses stay under the token.
  const page = new Hono({ strict: false });
  page.get('/', (c) => {
    const nonce = randomBytes(16).toString('base64');
    c.header('Content-Security-Policy', contentSecurityPolicy(nonce));
    return c.html(pageHtml(csrf, nonce));
  });
  page.get('/assets/:name', (c) => {
    const asset = pageAsset(c.req.param('name'));
    if (!asset) return c.text('not found', 404);
    c.header('Content-Type', `${asset.type}; charset=utf-8`);
    // Fixed for the life of this server: a page opened again loads them from the browser's cache.
    c.header('Cache-Control', 'private, max-age=3600');
    return c.body(asset.body);
  });
  page.get('/api/board', async (c) => c.json(await boardView(context)));
  page.get('/api/plans/:id', async (c) => c.json(await planView(context, c.req.param('id'))));
  page.get('/api/plans/:id/states', async (c) => c.json(await planStatesView(context, c.req.param('id'))));
  page.get('/api/plans/:id/tasks/:task/diff', async (c) =>
    c.json({
      files: await taskDiff(context.repositoryRoot, context.store, c.req.param('id'), c.req.param('task')),
    }),
  );
  page.get('/api/pool', async (c) => c.json(await poolView(context, poolFiltersFromQuery(c.req.query()))));
  page.get('/api/cost', async (c) => c.json(await costView(context)));
  page.get('/api/live', (c) => liveEvents(c, watcher));
  const actions: Record<string, (planId: string, body: Record<string, unknown>) => Promise<unknown>> = {
    approve: (planId, body) => approveFromPage(context, planId, body),
    revise: (planId, body) => reviseFromPage(context, planId, body),
    reject: (planId, body) => rejectFromPage(context, planId, body),
    retry: (planId, body) => retryFromPage(context, planId, body),
    comment: (planId, body) => commentFromPage(context, planId, body),
    'follow-up': (planId, body) => followUpFromPage(context, planId, body),
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
  return page;
}

/** Server-sent events: each batch of new store events (live.ts's liveMessage). */
function liveEvents(c: Context, watcher: StoreWatcher): Response {
  return streamSSE(c, async (stream) => {
    const queue: string[] = [];
    let wake: (() => void) | undefined;
    const unlisten = watcher.listen((message) => {
      queue.push(message);
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
  });
}
