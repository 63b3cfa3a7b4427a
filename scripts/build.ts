// `npm run build`: bundles baton into dist/ for an installed package.
// Why a bundle: `baton run` loaded some 700 module files at start-up (kysely alone is 257),
// and Node's module loader, not our code, was most of its first 0.35 s; every hook call paid a
// share of the same. esbuild joins them into a few dozen chunks, and code splitting keeps
// every lazy `import()` lazy, so a hook still loads no model SDK.
// The two entry points keep their places (dist/cli.js, dist/integrations/claude/hook-entry.js),
// which bin/baton.js imports. Usage: node scripts/build.ts [--outdir DIR] (default dist/).
import { rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const checkout = path.resolve(import.meta.dirname, '..');

export async function buildBundle(outdir: string): Promise<void> {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    absWorkingDir: checkout,
    entryPoints: ['src/cli.ts', 'src/integrations/claude/hook-entry.ts'],
    outbase: 'src',
    outdir,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22.12',
    // CommonJS dependencies (pg) call require() for Node's modules; an ES module has no
    // require, so every chunk gets one.
    banner: {
      js: "import { createRequire as __batonCreateRequire } from 'node:module'; const require = __batonCreateRequire(import.meta.url);",
    },
    // pg's optional native binding is not a dependency; pg loads it only when asked to.
    external: ['pg-native'],
    logLevel: 'warning',
  });
}

if (import.meta.main) {
  const index = process.argv.indexOf('--outdir');
  const outdir = path.resolve(index > 0 ? (process.argv[index + 1] ?? 'dist') : path.join(checkout, 'dist'));
  await buildBundle(outdir);
  process.stdout.write(`built ${path.relative(process.cwd(), outdir) || '.'}\n`);
}
