// The page's files: its modules, one concept each in src/integrations/ui/client/, are served by
// name from that folder's listing and no request's name ever becomes a path; a first load asks
// at once for every module its view needs (preloaded), instead of finding them one level of
// imports after another, and for no other view's; every view still comes up with them.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { makeRunRepository } from '../../runner/support/run-repository.ts';
import { chromiumPath, launchBrowser, openPage } from './support/browser.ts';
import { originOf, serve } from './support/serve.ts';

const skip = chromiumPath ? false : 'chromium is not installed';
const clientFolder = path.resolve(import.meta.dirname, '../../../src/integrations/ui/client');

/** A GET with the path exactly as written: fetch would resolve its `..` before sending it. */
function rawGet(url: string, rawPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { path: rawPath }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

test("the page's assets are its client folder's modules and stylesheets, by name; a name is never a path", async (t) => {
  const run = makeRunRepository(t, 'assets', [{ id: 'T1', files: ['one.txt'] }]);
  const { server } = await serve(t, run.repository);
  const served = readdirSync(clientFolder).filter((name) => name !== 'first-load.js');
  assert.ok(served.length > 3, 'the page has its modules');
  for (const name of served) {
    const response = await fetch(`${server.url}assets/${name}`);
    assert.equal(response.status, 200, name);
    assert.match(
      response.headers.get('content-type') ?? '',
      name.endsWith('.css') ? /^text\/css/ : /^text\/javascript/,
    );
    assert.equal(await response.text(), readFileSync(path.join(clientFolder, name), 'utf8'), name);
  }
  // Only the folder's own files: not another file by a path, nor a name an object already has.
  for (const name of [
    'first-load.js',
    '..%2Fpage-assets.ts',
    '%2E%2E%2Fpage-routes.ts',
    '..%2F..%2F..%2F..%2Fpackage.json',
    '%2Fetc%2Fpasswd',
    'client%2Fapp.js',
    '.%2Fapp.js',
    'app.js%00',
    'constructor',
    '__proto__',
    'hasOwnProperty',
  ]) {
    const response = await fetch(`${server.url}assets/${name}`);
    assert.equal(response.status, 404, name);
    assert.equal(await response.text(), 'not found', name);
  }
  const token = new URL(server.url).pathname;
  for (const rawPath of [`${token}assets/../page-assets.ts`, `${token}assets/../../../../package.json`]) {
    const { status, body } = await rawGet(server.url, rawPath);
    assert.ok(status === 403 || status === 404, `${rawPath}: ${status}`);
    assert.doesNotMatch(body, /import|"name"/, rawPath);
  }
});

/** The page's scripts as the browser asked for them, by asset name. */
function scriptsAskedFor(requests: string[]): string[] {
  return requests
    .map((url) => new URL(url).pathname.split('/assets/')[1])
    .filter((name): name is string => name !== undefined && /\.m?js$/.test(name));
}

/** The modules the document preloads: the HTML's, and those first-load.js added. */
function preloadedModules(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"]')].map(
      (link) => new URL(link.href).pathname.split('/assets/')[1]!,
    ),
  );
}

test("a first load asks for its view's modules at once (preloaded), and only those; every view comes up", {
  skip,
}, async (t) => {
  const run = makeRunRepository(t, 'views', [
    { id: 'T1', files: ['one.txt'] },
    { id: 'T2', files: ['two.txt'] },
  ]);
  const { server } = await serve(t, run.repository);
  const browser = await launchBrowser(t);

  // A plan's page first: its view's modules are preloaded too (first-load.js), then dagre.
  const first = await openPage(browser, originOf(server));
  await first.page.goto(`${server.url}#/plan/views`);
  await first.page.locator('.graph .node[data-task="T2"]').waitFor();
  const planPreloads = await preloadedModules(first.page);
  assert.ok(
    planPreloads.includes('plan-view.js') && planPreloads.includes('task-graph.js'),
    planPreloads.join(),
  );
  assert.deepEqual(scriptsAskedFor(first.requests).sort(), ['app.js', 'dagre.mjs', ...planPreloads].sort());

  // The board: app.js and what the HTML preloads, each asked for once; no other view's module,
  // nor the graph layout or the charts.
  const { page, requests, elsewhere } = await openPage(browser, originOf(server));
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  await page.goto(server.url);
  await page.locator('.card[data-plan="views"]').waitFor();
  const boardPreloads = await preloadedModules(page);
  assert.ok(
    boardPreloads.includes('board-view.js') && boardPreloads.includes('view-helpers.js'),
    boardPreloads.join(),
  );
  assert.ok(!boardPreloads.includes('plan-view.js'), boardPreloads.join());
  assert.deepEqual(scriptsAskedFor(requests).sort(), ['app.js', ...boardPreloads].sort());

  // Every other view loads when shown.
  await page.goto(`${server.url}#/approvals`);
  await page.getByText('No plan waits for approval.').waitFor();
  await page.goto(`${server.url}#/pool`);
  await page.locator('table.claims').waitFor();
  await page.goto(`${server.url}#/cost`);
  await page.locator('.chart canvas').nth(3).waitFor();
  await page.waitForFunction(() => 'Chart' in window);
  await page.goto(`${server.url}#/plan/views`);
  await page.locator('.graph .node[data-task="T2"]').waitFor();
  await page.getByRole('button', { name: 'T1', exact: true }).click();
  await page.locator('.task-detail').waitFor();
  await page.goto(`${server.url}#/`);
  await page.locator('.card[data-plan="views"]').waitFor();
  // No script error and no refusal by the page's Content Security Policy on the way.
  assert.deepEqual(problems, []);
  assert.deepEqual(elsewhere(), []);
  assert.deepEqual(first.elsewhere(), []);
});
