// Debian's headless chromium for playwright-core, launched one way for the page's benchmark
// (bench/ui.ts), the README's screenshots (scripts/screenshots.ts) and the page's tests (bench/
// imports nothing from test/, so the one launcher lives on this side).
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const chromiumPath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((file) =>
  existsSync(file),
);

/** Headless (playwright's default), in a fresh profile playwright makes and removes. */
export async function launchChromium(): Promise<Browser> {
  if (!chromiumPath) throw new Error('chromium is not installed');
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      // A root user (a container) has no user namespace for chromium's own sandbox.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}
