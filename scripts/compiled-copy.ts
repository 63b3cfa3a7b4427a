// A compiled copy of baton (bin/ + dist/), laid out as a published package, for benchmarks and
// for the test of the build: a checkout runs the TypeScript sources, and Node's type stripping
// alone costs about as much as Node's own start, so the figures that matter to an installed
// user come from this copy. It has no node_modules: the bundle must stand on its own.

import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const checkout = path.resolve(import.meta.dirname, '..');

/**
 * Builds the copy and returns its root; `bin/baton.js` under it runs dist/. `asCheckout`: the
 * copy also has src/, package.json, the freshness check and a `.git`, as a checkout after
 * `npm install` has (its node_modules a link to this checkout's), so bin/baton.js checks on
 * every start that dist/ is not older than src/, and can rebuild it.
 */
export function buildCompiledCopy(options: { asCheckout?: boolean } = {}): string {
  // The copy has no src/: a BATON_FROM_SOURCE=1 inherited from the shell would make it fail.
  delete process.env.BATON_FROM_SOURCE;
  const build = realpathSync(mkdtempSync(path.join(tmpdir(), 'baton-bench-build-')));
  // The same bundle `npm run build` makes (scripts/build.ts), into the copy's dist/.
  const result = spawnSync(
    process.execPath,
    [path.join(checkout, 'scripts', 'build.ts'), '--outdir', path.join(build, 'dist')],
    { cwd: checkout, encoding: 'utf8' },
  );
  if (!existsSync(path.join(build, 'dist', 'cli.js')))
    throw new Error(`the build produced no dist/cli.js: ${result.stderr}`);
  mkdirSync(path.join(build, 'bin'));
  copyFileSync(path.join(checkout, 'bin', 'baton.js'), path.join(build, 'bin', 'baton.js'));
  if (options.asCheckout) {
    cpSync(path.join(checkout, 'src'), path.join(build, 'src'), { recursive: true });
    mkdirSync(path.join(build, 'scripts'));
    copyFileSync(
      path.join(checkout, 'scripts', 'dist-freshness.js'),
      path.join(build, 'scripts', 'dist-freshness.js'),
    );
    copyFileSync(path.join(checkout, 'scripts', 'build.ts'), path.join(build, 'scripts', 'build.ts'));
    copyFileSync(path.join(checkout, 'package.json'), path.join(build, 'package.json'));
    // The sources and a rebuild need the dependencies, as in a checkout.
    symlinkSync(path.join(checkout, 'node_modules'), path.join(build, 'node_modules'));
    mkdirSync(path.join(build, '.git'));
  } else writeFileSync(path.join(build, 'package.json'), JSON.stringify({ type: 'module' }));
  return build;
}

/** Runs `work` with the compiled copy's bin/baton.js, then removes the copy. */
export function withCompiledCopy<Result>(work: (bin: string) => Result): Result {
  const build = buildCompiledCopy();
  try {
    return work(path.join(build, 'bin', 'baton.js'));
  } finally {
    rmSync(build, { recursive: true, force: true });
  }
}
