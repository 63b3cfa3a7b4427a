// `npm run build`: bundles baton into dist/ for an installed package.
// Why a bundle: `baton run` loaded some 700 module files at start-up (kysely alone is 257),
// and Node's module loader, not our code, was most of its first 0.35 s; every hook call paid a
// share of the same. esbuild joins them into a few dozen chunks, and code splitting keeps
// every lazy `import()` lazy, so a hook still loads no model SDK.
// The two entry points keep their places (dist/cli.js, dist/integrations/claude/hook-entry.js),
// which bin/baton.js imports. Usage: node scripts/build.ts [--outdir DIR] (default dist/);
// --prepare (npm install's `prepare`) and --in-place (a stale dist/ rebuilt under running batons).
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { BuildOptions, Plugin } from 'esbuild';
import {
  backgroundRebuildDone,
  distFreshness,
  sourceHash,
  sourceStamp,
  stampName,
  writeStamp,
} from './dist-freshness.js';

const checkout = path.resolve(import.meta.dirname, '..');
/** The bundle's entry files, which bin/baton.js imports. */
const entryFiles = ['cli.js', path.join('integrations', 'claude', 'hook-entry.js')];

/**
 * Node's modules through `process.getBuiltinModule`, not `import`. An ES import of a Node module
 * builds its namespace, which reads every export, getters included: `node:fs` then loads
 * fs.promises and with it some thirty of Node's internal modules (streams, readline), and a hook
 * pays for them on every tool call without using one. Each `node:` import becomes a small module
 * that exports the module's plain values (a getter, such as fs.promises, is left out: it stays
 * unread, and a build that imports one by name fails, saying so).
 */
const builtinModules: Plugin = {
  name: 'builtin-modules',
  setup(build) {
    build.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: 'node-builtin' }));
    build.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => {
      const builtin = process.getBuiltinModule(args.path) as Record<string, unknown>;
      const plain = Object.keys(builtin).filter(
        (name) =>
          name !== 'default' &&
          /^[A-Za-z_$][\w$]*$/.test(name) &&
          !Object.getOwnPropertyDescriptor(builtin, name)?.get,
      );
      const name = JSON.stringify(args.path);
      return {
        contents: `const builtin = process.getBuiltinModule(${name});\nexport default builtin;\nexport const { ${plain.join(', ')} } = builtin;\n`,
        loader: 'js',
      };
    });
  },
};

export async function buildBundle(outdir: string): Promise<void> {
  rmSync(outdir, { recursive: true, force: true });
  // Read before building: a source saved during the build makes the bundle stale, as it is.
  const stamp = { id: sourceHash(checkout), ...sourceStamp(checkout) };
  const { build } = await import('esbuild');
  const options: BuildOptions = {
    absWorkingDir: checkout,
    outbase: 'src',
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22.12',
    // CommonJS dependencies (pg) call require() for Node's modules; an ES module has no
    // require, so every chunk gets one, made on first use.
    banner: {
      js: "let __batonRequire; const require = (id) => (__batonRequire ??= process.getBuiltinModule('node:module').createRequire(import.meta.url))(id);",
    },
    plugins: [builtinModules],
    // pg's optional native binding is not a dependency; pg loads it only when asked to.
    external: ['pg-native'],
    define: { BATON_BUILD_ID: JSON.stringify(stamp.id) },
    logLevel: 'warning',
  };
  // The hook is built on its own: split together with the commands' fifty-odd lazy imports, the
  // modules an edit's hook needs came in some twenty-five chunks, each a file to resolve, read
  // and link on every tool call; on its own the hook's lazy imports alone decide its chunks.
  await Promise.all([
    build({ ...options, entryPoints: ['src/cli.ts'], chunkNames: 'chunks/[name]-[hash]' }),
    build({
      ...options,
      entryPoints: ['src/integrations/claude/hook-entry.ts'],
      chunkNames: 'hook-chunks/[name]-[hash]',
    }),
  ]);
  // bin/baton.js compares it with the sources to notice a stale bundle (dist-freshness.js).
  writeStamp(outdir, stamp);
}

/**
 * Rebuilds `dist` while other baton processes may be running from it: the new bundle is built
 * beside it, its chunks (named by their content) are moved in first, then each entry file
 * replaces the old one in one rename, the stamp last. The old chunks stay, so a process that
 * started on the old bundle can still load its lazy imports; a full build clears them.
 */
export async function rebuildInPlace(dist: string): Promise<void> {
  const next = path.join(dist, `.next-${process.pid}`);
  try {
    await buildBundle(next);
    const files = readdirSync(next, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(next, path.join(entry.parentPath, entry.name)));
    const last = [...entryFiles, stampName];
    for (const file of [...files.filter((file) => !last.includes(file)), ...last]) {
      const target = path.join(dist, file);
      mkdirSync(path.dirname(target), { recursive: true });
      renameSync(path.join(next, file), target);
    }
  } finally {
    rmSync(next, { recursive: true, force: true });
  }
}

function esbuildInstalled(): boolean {
  try {
    import.meta.resolve('esbuild');
    return true;
  } catch {
    return false;
  }
}

if (import.meta.main && process.argv.includes('--in-place')) {
  // What a hook starts in the background when it finds dist/ stale (dist-freshness.js).
  const dist = path.join(checkout, 'dist');
  let failed = false;
  try {
    if (distFreshness(checkout, dist) === 'stale') await rebuildInPlace(dist);
  } catch {
    failed = true;
  } finally {
    backgroundRebuildDone(checkout, failed);
  }
} else if (import.meta.main) {
  const index = process.argv.indexOf('--outdir');
  const outdir = path.resolve(index > 0 ? (process.argv[index + 1] ?? 'dist') : path.join(checkout, 'dist'));
  // --prepare: `npm install` in a checkout. Installed without dev dependencies there is no
  // esbuild; baton then runs its sources, and the install must not fail for it.
  if (process.argv.includes('--prepare') && !esbuildInstalled()) {
    process.stdout.write('no esbuild (dev dependencies not installed): baton will run its sources\n');
    process.exit(0);
  }
  await buildBundle(outdir);
  process.stdout.write(`built ${path.relative(process.cwd(), outdir) || '.'}\n`);
}
