// `npm run build`: bundles baton into dist/ for an installed package.
// Why a bundle: `baton run` loaded some 700 module files at start-up (kysely alone is 257),
// and Node's module loader, not our code, was most of its first 0.35 s; every hook call paid a
// share of the same. esbuild joins them into a few dozen chunks, and code splitting keeps
// every lazy `import()` lazy, so a hook still loads no model SDK.
// The two entry points keep their places (dist/cli.js, dist/integrations/claude/hook-entry.js),
// which bin/baton.js imports. Usage: node scripts/build.ts [--outdir DIR] (default dist/).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const checkout = path.resolve(import.meta.dirname, '..');

/**
 * What identifies this build: a hash of package.json and every source file. The config cache
 * keys on it (npm gives every installed file the same modification time, so times cannot).
 */
function buildId(): string {
  const hash = createHash('sha256').update(readFileSync(path.join(checkout, 'package.json')));
  const sources = readdirSync(path.join(checkout, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .sort();
  for (const file of sources) hash.update(file).update(readFileSync(path.join(checkout, 'src', file)));
  return hash.digest('hex').slice(0, 16);
}

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
    define: { BATON_BUILD_ID: JSON.stringify(buildId()) },
    logLevel: 'warning',
  });
}

if (import.meta.main) {
  const index = process.argv.indexOf('--outdir');
  const outdir = path.resolve(index > 0 ? (process.argv[index + 1] ?? 'dist') : path.join(checkout, 'dist'));
  await buildBundle(outdir);
  process.stdout.write(`built ${path.relative(process.cwd(), outdir) || '.'}\n`);
}
