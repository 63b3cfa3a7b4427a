// Which of baton's builds the tests' child processes run. The bundle (dist/), as an installed
// baton does: on this project's 2-core machines a child starts in about half the CPU time the
// TypeScript sources take (Node strips the types of every file on every start, and keeps no
// compile cache for them), and the tests start thousands of children, hooks included.
//
// A bundle older than the sources is never tested: once per test process it is checked
// (scripts/dist-freshness.js) and, when stale, rebuilt in place before any test runs, as
// bin/baton.js would for a command — but here, so that no test's stderr carries the rebuild's
// notice. Where it cannot be made current (no esbuild), or when the developer sets
// BATON_FROM_SOURCE=1 for the test run, the children run the sources.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { distFreshness } from '../../scripts/dist-freshness.js';

const checkout = path.resolve(import.meta.dirname, '..', '..');
const dist = path.join(checkout, 'dist');

function bundleIsCurrent(): boolean {
  return existsSync(dist) && distFreshness(checkout, dist) === 'current';
}

function bundleMadeCurrent(): boolean {
  if (process.env.BATON_FROM_SOURCE === '1') return false;
  if (bundleIsCurrent()) return true;
  // Two test processes may both rebuild: each builds aside and renames into place, entry files
  // and stamp last, so a baton starting meanwhile runs one whole bundle or the other.
  spawnSync(process.execPath, [path.join(checkout, 'scripts', 'build.ts'), '--in-place'], {
    stdio: 'ignore',
  });
  return bundleIsCurrent();
}

/** BATON_FROM_SOURCE for a child baton: '1' to run the sources, undefined for the bundle. */
export const batonFromSource: '1' | undefined = bundleMadeCurrent() ? undefined : '1';
