// A checkout never runs a bundle older than its sources (scripts/dist-freshness.js): a command
// rebuilds a stale dist/ first and says so once; a hook runs the sources without a word and
// rebuilds in the background; a rebuild that cannot be done is said once, then the sources run.
// Each test works on a copy laid out as a checkout after `npm install` (src/, dist/, a .git).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, type TestContext, test } from 'node:test';
import { buildCompiledCopy } from '../scripts/compiled-copy.ts';
import { waitFor } from './runner/support/run-repository.ts';
import { childEnvironment } from './support/cli.ts';
import { makeTemporaryDirectory } from './support/repository.ts';

// Built once (the build is the slow part); each test works on its own copy of it.
let built = '';
before(() => {
  built = buildCompiledCopy({ asCheckout: true });
});
after(() => rmSync(built, { recursive: true, force: true }));

function checkoutCopy(t: TestContext): { root: string; home: string } {
  const root = path.join(makeTemporaryDirectory(t, 'baton-checkout-'), 'baton');
  cpSync(built, root, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
  return { root, home: makeTemporaryDirectory(t, 'baton-home-') };
}

function baton(root: string, home: string, args: string[], input?: string) {
  const result = spawnSync(process.execPath, [path.join(root, 'bin', 'baton.js'), ...args], {
    cwd: home,
    env: childEnvironment({ BATON_FROM_SOURCE: undefined, HOME: home }),
    input,
    encoding: 'utf8',
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Changes what `baton --version` prints, in the sources only. */
function editVersion(root: string, version: string): void {
  const file = path.join(root, 'src', 'cli.ts');
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace(/\.version\('[^']*'\)/, `.version('${version}')`));
}

const stamp = (root: string) =>
  JSON.parse(readFileSync(path.join(root, 'dist', 'build-stamp.json'), 'utf8')) as {
    id: string;
    newestMs: number;
  };

test('a fresh dist/ runs quietly; touched but unchanged sources are not a change', (t) => {
  const { root, home } = checkoutCopy(t);
  const first = baton(root, home, ['--version']);
  assert.equal(first.status, 0, first.stderr);
  assert.equal(first.stdout.trim(), '0.1.0');
  assert.equal(first.stderr, '');
  const before = stamp(root);
  // A branch switched there and back: newer times, the same text.
  const later = new Date(Date.now() + 5000);
  utimesSync(path.join(root, 'src', 'errors.ts'), later, later);
  const touched = baton(root, home, ['--version']);
  assert.equal(touched.stderr, '');
  assert.equal(stamp(root).id, before.id);
  assert.ok(stamp(root).newestMs > before.newestMs, 'the stamp remembers the new times');
});

test('a command rebuilds a stale dist/ first, says so once, and runs the new code', (t) => {
  const { root, home } = checkoutCopy(t);
  editVersion(root, '0.1.0-edited');
  const rebuilt = baton(root, home, ['--version']);
  assert.equal(rebuilt.status, 0, rebuilt.stderr);
  assert.equal(rebuilt.stdout.trim(), '0.1.0-edited');
  assert.match(
    rebuilt.stderr,
    /^baton: src\/ changed since dist\/ was built; rebuilt dist\/ \([\d.]+ s\)\n$/,
  );
  assert.match(readFileSync(path.join(root, 'dist', 'cli.js'), 'utf8'), /0\.1\.0-edited/);
  const again = baton(root, home, ['--version']);
  assert.equal(again.stdout.trim(), '0.1.0-edited');
  assert.equal(again.stderr, '');
});

test('a hook never waits for a build: it runs the sources quietly and dist/ is rebuilt in the background', async (t) => {
  const { root, home } = checkoutCopy(t);
  const before = stamp(root).id;
  editVersion(root, '0.1.0-hooked');
  // An empty payload: the hook answers at once (what it answers is the hooks' tests' business).
  const hook = baton(root, home, ['hook', 'pre-tool-use'], '{}');
  assert.equal(hook.stderr, '', 'no word on stderr, which Claude Code shows');
  await waitFor(
    () => stamp(root).id !== before && !existsSync(path.join(root, 'dist', '.rebuild.lock')),
    120_000,
  );
  assert.match(readFileSync(path.join(root, 'dist', 'cli.js'), 'utf8'), /0\.1\.0-hooked/);
  const command = baton(root, home, ['--version']);
  assert.equal(command.stdout.trim(), '0.1.0-hooked');
  assert.equal(command.stderr, '', 'already rebuilt: nothing to say');
});

test('a rebuild that cannot be done: the sources run, and it is said once per change', (t) => {
  const { root, home } = checkoutCopy(t);
  // The builder fails, as it does without esbuild (an install without dev dependencies).
  writeFileSync(
    path.join(root, 'scripts', 'build.ts'),
    "export async function rebuildInPlace(): Promise<void> {\n  throw new Error('esbuild is not installed');\n}\n",
  );
  editVersion(root, '0.1.0-source');
  const first = baton(root, home, ['--version']);
  assert.equal(first.status, 0, first.stderr);
  assert.equal(first.stdout.trim(), '0.1.0-source', 'the sources ran, never the old bundle');
  assert.match(
    first.stderr,
    /dist\/ is older than src\/ and could not be rebuilt \(esbuild is not installed\); running the sources/,
  );
  const second = baton(root, home, ['--version']);
  assert.equal(second.stdout.trim(), '0.1.0-source');
  assert.equal(second.stderr, '', 'said once');
  // Another change of the sources: said again.
  editVersion(root, '0.1.0-source-2');
  const third = baton(root, home, ['--version']);
  assert.equal(third.stdout.trim(), '0.1.0-source-2');
  assert.match(third.stderr, /could not be rebuilt/);
});
