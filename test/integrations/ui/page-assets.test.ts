// The page's files: its modules, one concept each in src/integrations/ui/client/, are served by
// name from that folder's listing and no request's name ever becomes a path; the HTML preloads
// every module the page's script imports, so a first load asks for them all at once instead of
// finding them one level of imports after another; and every view still comes up with them.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { test } from 'node:test';
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

test('a first load asks for every module at once (preloaded by the HTML), and every view comes up', {
  skip,
}, async (t) => {
  const run = makeRunRepository(t, 'views', [
    { id: 'T1', files: ['one.txt'] },
    { id: 'T2', files: ['two.txt'] },
  ]);
  const { server } = await serve(t, run.repository);
  const html = await (await fetch(server.url)).text();
  const preloaded = [...html.matchAll(/<link rel="modulepreload" href="assets\/([^"]+)">/g)].map(
    (found) => found[1]!,
  );
  const browser = await launchBrowser(t);
  const { page, requests, elsewhere } = await openPage(browser, originOf(server));
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  const scripts = () =>
    requests
      .map((url) => new URL(url).pathname.split('/assets/')[1])
      .filter((name): name is string => name !== undefined && /\.m?js$/.test(name));

  await page.goto(server.url);
  await page.locator('.card[data-plan="views"]').waitFor();
  // The board's modules are app.js and what the HTML preloads, each asked for once; the graph
  // layout and the charts are not among them.
  const boardScripts = scripts();
  assert.deepEqual([...boardScripts].sort(), ['app.js', ...preloaded].sort());
  assert.ok(preloaded.includes('board-view.js') && preloaded.includes('view-helpers.js'), preloaded.join());
  assert.ok(!boardScripts.includes('dagre.mjs') && !boardScripts.includes('chart.js'));

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
  assert.ok(scripts().includes('dagre.mjs') && scripts().includes('chart.js'));
  // No script error and no refusal by the page's Content Security Policy on the way.
  assert.deepEqual(problems, []);
  assert.deepEqual(elsewhere(), []);
});
