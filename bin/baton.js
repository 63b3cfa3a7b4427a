#!/usr/bin/env node
// Entry point. When dist/ exists (a published package, or `npm run build` in a checkout) the
// compiled JavaScript runs; otherwise the TypeScript sources run directly (Node strips the
// types, which costs start-up time). BATON_FROM_SOURCE=1 forces the sources, so tests never
// run a stale build. The hook path skips commander entirely because Claude Code waits for it
// on every tool call.
import { existsSync } from 'node:fs';
// A namespace import: on a Node too old for baton a named one would fail before the check below.
import * as nodeModule from 'node:module';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`baton needs Node >= 22.12 (this is ${process.version}).\n`);
  process.exit(3);
}

const compiled = new URL('../dist/', import.meta.url);
const base =
  process.env.BATON_FROM_SOURCE !== '1' && existsSync(compiled)
    ? compiled
    : new URL('../src/', import.meta.url);
const extension = base === compiled ? '.js' : '.ts';
// Node keeps the compiled code of dist/ on disk and reuses it while the files are unchanged:
// some 35 ms off every start of `baton run`, and a little off every hook call. Only for dist/:
// the sources change too often to be worth caching. In the user's own cache folder, not the
// shared temporary one another user could write into; NODE_COMPILE_CACHE, when set, wins.
if (base === compiled && !process.env.NODE_COMPILE_CACHE) {
  try {
    const { homedir } = await import('node:os');
    // XDG: a relative XDG_CACHE_HOME is to be ignored.
    const xdg = process.env.XDG_CACHE_HOME;
    const cacheHome = xdg?.startsWith('/') ? xdg : `${homedir()}/.cache`;
    nodeModule.enableCompileCache?.(`${cacheHome}/baton/compile-cache`);
  } catch {
    // No home folder (a container user without one): start without the cache.
  }
}

if (process.argv[2] === 'hook') {
  const { runHookCommand } = await import(new URL(`integrations/claude/hook-entry${extension}`, base).href);
  await runHookCommand(process.argv.slice(3));
} else {
  const { main } = await import(new URL(`cli${extension}`, base).href);
  await main(process.argv);
}
