// Debian's chromium driven by playwright-core, with every request the page makes intercepted:
// one that would leave 127.0.0.1 is aborted and recorded, so a test can prove there was none.
import type { TestContext } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../../../bench/support/chromium.ts';

export { chromiumPath } from '../../../../bench/support/chromium.ts';

export interface PageUnderTest {
  page: Page;
  /** Every address the page asked for. */
  requests: string[];
  /** Those that were not for the page's server (aborted). */
  elsewhere(): string[];
}

/** Headless (playwright's default), in a fresh profile playwright makes and removes. */
export async function launchBrowser(t: TestContext): Promise<Browser> {
  const browser = await launchChromium();
  t.after(async () => {
    await browser.close();
  });
  return browser;
}

export async function openPage(
  browser: Browser,
  origin: string,
  viewport = { width: 1280, height: 900 },
): Promise<PageUnderTest> {
  const context = await browser.newContext({ viewport });
  const requests: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    requests.push(url);
    if (new URL(url).origin !== origin) return route.abort('blockedbyclient');
    return route.continue();
  });
  const page = await context.newPage();
  return {
    page,
    requests,
    elsewhere: () => requests.filter((url) => new URL(url).origin !== origin),
  };
}
