#!/usr/bin/env node
// Entry point. When dist/ exists (a published package, or a checkout after `npm install`,
// whose `prepare` script builds it) the compiled JavaScript runs; otherwise the TypeScript
// sources run directly (Node strips the types, which costs start-up time). In a checkout a
// dist/ older than the sources is never run: scripts/dist-freshness.js notices it, and a
// command rebuilds it first while a hook runs the sources (and starts the rebuild in the
// background). BATON_FROM_SOURCE=1 forces the sources. The hook path skips commander entirely
// because Claude Code waits for it on every tool call.

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`baton needs Node >= 22.12 (this is ${process.version}).\n`);
  process.exit(3);
}
// Node's modules through getBuiltinModule, not `import`: an ES import of node:fs builds its
// module namespace, which reads every export, fs.promises included, and so loads some thirty
// more of Node's internal modules (streams, readline) that a hook never uses. The bundle does
// the same for every Node module it imports (scripts/build.ts).
const { existsSync } = process.getBuiltinModule('node:fs');
const nodeModule = process.getBuiltinModule('node:module');

const compiled = new URL('../dist/', import.meta.url);
const sources = new URL('../src/', import.meta.url);
const hook = process.argv[2] === 'hook';
let base = process.env.BATON_FROM_SOURCE !== '1' && existsSync(compiled) ? compiled : sources;
// A checkout (an installed package has no .git): is dist/ as new as src/?
if (base === compiled && existsSync(new URL('../.git', import.meta.url)) && existsSync(sources)) {
  try {
    const { fileURLToPath } = await import('node:url');
    const { chooseBase } = await import('../scripts/dist-freshness.js');
    if ((await chooseBase(fileURLToPath(new URL('..', import.meta.url)), { hook })) === 'src') base = sources;
  } catch {
    // Cannot tell (src/ unreadable, scripts/ missing): the sources are never older than themselves.
    base = sources;
  }
}
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

if (hook) {
  let entry;
  try {
    entry = await import(new URL(`integrations/claude/hook-entry${extension}`, base).href);
  } catch (error) {
    // baton's own files cannot be loaded (a damaged or half-removed installation): PreToolUse is
    // a gate and fails closed, as hook-failure.ts answers for a failure inside the hook. A crash
    // here would exit non-zero, which Claude Code takes as "no decision", and the tool use would run.
    const event = process.argv[3] ?? '';
    if (/^(pre-tool-use|PreToolUse)$/.test(event)) {
      const reason = `baton: this tool use is denied because baton's check could not run (baton's hook could not be loaded: ${error?.message ?? error}). Reinstall baton, then run \`baton doctor\`.`;
      const hookSpecificOutput = {
        hookEventName: 'PreToolUse',
        permissionDecision: 'deny',
        permissionDecisionReason: reason,
      };
      process.stdout.write(JSON.stringify({ hookSpecificOutput }));
    }
    process.exit(0);
  }
  await entry.runHookCommand(process.argv.slice(3));
} else {
  const { main } = await import(new URL(`cli${extension}`, base).href);
  await main(process.argv);
}
