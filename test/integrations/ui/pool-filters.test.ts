// The page's pool feed is filterable like `baton pool query`: by action and by `since` (a
// duration back from now or an ISO time) as well as instance, topic, path and plan; a filter
// baton cannot read is refused with the command's hint, not answered with the whole pool.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { postPoolEntries } from '../../../src/store/pool-entries.ts';
import { runBaton } from '../../support/cli.ts';
import { makeRepository } from '../../support/repository.ts';
import { chromiumPath, launchBrowser, openPage } from './support/browser.ts';
import { originOf, serve } from './support/serve.ts';

const skip = chromiumPath ? false : 'chromium is not installed';
const hour = 3_600_000;

async function poolRepository(t: import('node:test').TestContext) {
  const repository = makeRepository(t);
  assert.equal(runBaton(repository, ['init']).status, 0);
  const { server, store } = await serve(t, repository);
  const now = Date.now();
  await postPoolEntries(store, [
    { instance: 'A', action: 'blocked', topic: 'old block', summary: 'yesterday', at: now - 26 * hour },
    { instance: 'A', action: 'completed', topic: 'old done', summary: 'three hours ago', at: now - 3 * hour },
    { instance: 'B', action: 'blocked', topic: 'new block', summary: 'ten minutes ago', at: now - 600_000 },
    { instance: 'B', action: 'note', topic: 'new note', summary: 'just now', at: now },
  ]);
  return server;
}

/** Holds the page's requests that `matches` picks until a later one has answered; resolves once they have. */
function holdBack(page: Page, matches: (url: URL) => boolean): Promise<void> {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const answered = new Promise<void>((resolve) => {
    page.on('requestfinished', (request) => {
      if (matches(new URL(request.url()))) resolve();
    });
  });
  let holding = false;
  page.on('requestfinished', (request) => {
    const url = new URL(request.url());
    if (holding && url.pathname.endsWith('/api/pool') && !matches(url)) release();
  });
  void page.route(
    (url) => matches(url),
    async (route) => {
      holding = true;
      await released;
      await route.continue();
    },
  );
  return answered;
}

test('the pool feed filters by action and since, like baton pool query', { skip }, async (t) => {
  const server = await poolRepository(t);
  const browser = await launchBrowser(t);
  const { page, elsewhere } = await openPage(browser, originOf(server));
  await page.goto(`${server.url}#/pool`);
  const feed = page.locator('.feed li');
  const topics = async () => (await feed.locator('em').allTextContents()).sort();
  await page.getByRole('heading', { name: 'Feed (4)' }).waitFor();

  await page.getByLabel('Action').selectOption('blocked');
  await page.getByRole('heading', { name: 'Feed (2)' }).waitFor();
  assert.deepEqual(await topics(), ['new block', 'old block']);

  await page.getByLabel('Since').fill('2h');
  await page.getByLabel('Since').press('Tab');
  await page.getByRole('heading', { name: 'Feed (1)' }).waitFor();
  assert.deepEqual(await topics(), ['new block']);

  // Any action again, since an ISO time four hours back: the last three. The request for the
  // step in between (any action, since 2h) is held back so that it answers last, as a slow one
  // can: the page must keep showing the filters as they are now, not that older answer.
  const betweenAnswered = holdBack(page, (url) => url.search === '?since=2h');
  await page.getByLabel('Action').selectOption('');
  const fourHoursAgo = new Date(Date.now() - 4 * hour).toISOString().slice(0, 16);
  await page.getByLabel('Since').fill(`${fourHoursAgo}Z`);
  await page.getByLabel('Since').press('Tab');
  await page.getByRole('heading', { name: 'Feed (3)' }).waitFor();
  await betweenAnswered;
  assert.equal(await page.getByRole('heading', { level: 2, name: /^Feed/ }).textContent(), 'Feed (3)');
  assert.deepEqual(await topics(), ['new block', 'new note', 'old done']);
  assert.deepEqual(elsewhere(), []);
});

test('a since the page cannot read is refused with the hint pool query gives', { skip }, async (t) => {
  const server = await poolRepository(t);
  const browser = await launchBrowser(t);
  const { page, elsewhere } = await openPage(browser, originOf(server));
  await page.goto(`${server.url}#/pool`);
  await page.getByRole('heading', { name: 'Feed (4)' }).waitFor();
  await page.getByLabel('Since').fill('yesterday-ish');
  await page.getByLabel('Since').press('Tab');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match((await alert.textContent()) ?? '', /USAGE: --since: cannot read "yesterday-ish".*30m, 2h, 1d/);
  // The server says the same to a request that names an action no entry can have.
  const refused = await fetch(`${server.url}api/pool?action=merged`);
  assert.equal(refused.status, 409);
  assert.match((await refused.json()).error.hint, /completed, researched, blocked/);
  assert.deepEqual(elsewhere(), []);
});
