// Whether dist/ (the bundle) was built from the sources as they are now, and what to do when it
// was not. In a checkout bin/baton.js asks on every start, hooks included, so the usual answer
// costs one walk of src/ and a stat per file (a few ms), not a hash: the build records the
// newest modification time and the number of source files it saw (dist/build-stamp.json), and
// only a newer time or another count makes the sources hashed (a branch switched there and
// back touches files without changing them). Plain JavaScript: a hook must not pay for Node's
// type stripping, and only node:fs and node:path load up front (crypto and child_process only
// when a hash or a rebuild is needed).
//
// When dist/ is stale, a command rebuilds it first and says so on stderr; a hook never waits
// for a build (Claude Code waits for the hook) nor writes to stderr on every call: it runs the
// sources and starts one rebuild in the background. A rebuild that cannot be done (no esbuild:
// an install without dev dependencies) is said once per change of the sources, then the
// sources run quietly.
// getBuiltinModule, not `import`: an ES import of node:fs reads fs.promises and so loads some
// thirty more of Node's modules on every start (see bin/baton.js).
const { readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } =
  process.getBuiltinModule('node:fs');
const path = process.getBuiltinModule('node:path');

export const stampName = 'build-stamp.json';
const failureName = '.rebuild-failed.json';
const lockName = '.rebuild.lock';
/** A background rebuild's lock older than this is a crashed one. */
const lockStaleMs = 120_000;

/** The source files a build is made from (with package.json), relative to src/, in a stable order. */
function sourceFiles(checkout) {
  return readdirSync(path.join(checkout, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .sort();
}

/** The newest modification time and the number of the files a build is made from. */
export function sourceStamp(checkout) {
  let newestMs = statSync(path.join(checkout, 'package.json')).mtimeMs;
  const files = sourceFiles(checkout);
  for (const file of files) {
    const modified = statSync(path.join(checkout, 'src', file)).mtimeMs;
    if (modified > newestMs) newestMs = modified;
  }
  return { newestMs, count: files.length };
}

/**
 * What identifies a build: a hash of package.json and every source file. The config cache keys
 * on it (npm gives every installed file the same modification time, so times cannot).
 */
export function sourceHash(checkout) {
  const { createHash } = process.getBuiltinModule('node:crypto');
  const hash = createHash('sha256').update(readFileSync(path.join(checkout, 'package.json')));
  for (const file of sourceFiles(checkout))
    hash.update(file).update(readFileSync(path.join(checkout, 'src', file)));
  return hash.digest('hex').slice(0, 16);
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Writes a small file whole or not at all (a reader never sees half of it). */
export function writeFileAtomic(file, text) {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

export function writeStamp(dist, stamp) {
  writeFileAtomic(path.join(dist, stampName), `${JSON.stringify(stamp)}\n`);
}

/** 'current' when dist/ was built from the sources as they are, else 'stale'. */
export function distFreshness(checkout, dist) {
  const stamp = readJson(path.join(dist, stampName));
  if (!stamp) return 'stale';
  const now = sourceStamp(checkout);
  if (now.count === stamp.count && now.newestMs <= stamp.newestMs) return 'current';
  if (sourceHash(checkout) !== stamp.id) return 'stale';
  // Touched, not changed: remember the new times so the next start needs no hash.
  try {
    writeStamp(dist, { ...stamp, ...now });
  } catch {
    // A read-only checkout: the hash is asked again next time, the answer is the same.
  }
  return 'current';
}

/** Whether a rebuild already failed for the sources as they are now. */
function failedBefore(dist, now) {
  const recorded = readJson(path.join(dist, failureName));
  return recorded !== undefined && recorded.newestMs === now.newestMs && recorded.count === now.count;
}

/** True once per change of the sources: whether to say that a rebuild failed. */
function firstFailureNotice(checkout, dist) {
  const now = sourceStamp(checkout);
  if (failedBefore(dist, now)) return false;
  try {
    writeFileAtomic(path.join(dist, failureName), JSON.stringify(now));
  } catch {
    // Cannot record it: it is said again next time, which is better than never.
  }
  return true;
}

async function rebuild(checkout) {
  const { rebuildInPlace } = await import('./build.ts');
  await rebuildInPlace(path.join(checkout, 'dist'));
  rmSync(path.join(checkout, 'dist', failureName), { force: true });
}

/**
 * Which folder bin/baton.js should run, 'dist' or 'src', given that this checkout has a dist/.
 * `hook`: the start is a Claude Code hook (never waits for a build, never prints).
 */
export async function chooseBase(checkout, { hook }) {
  const dist = path.join(checkout, 'dist');
  if (distFreshness(checkout, dist) === 'current') return 'dist';
  if (hook) {
    startBackgroundRebuild(checkout, dist);
    return 'src';
  }
  const started = Date.now();
  try {
    await rebuild(checkout);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stderr.write(`baton: src/ changed since dist/ was built; rebuilt dist/ (${seconds} s)\n`);
    return 'dist';
  } catch (error) {
    if (firstFailureNotice(checkout, dist))
      process.stderr.write(
        `baton: dist/ is older than src/ and could not be rebuilt (${error?.message ?? error}); running the sources, which start slower. \`npm install\` or \`npm run build\` fixes it.\n`,
      );
    return 'src';
  }
}

function startBackgroundRebuild(checkout, dist) {
  // One that failed is not tried again on every tool call; the next command says why.
  if (failedBefore(dist, sourceStamp(checkout))) return;
  const lock = path.join(dist, lockName);
  try {
    if (Date.now() - statSync(lock).mtimeMs < lockStaleMs) return;
    unlinkSync(lock);
  } catch {
    // No lock: nobody is rebuilding.
  }
  try {
    writeFileSync(lock, String(process.pid), { flag: 'wx' });
  } catch {
    return; // Another hook took it a moment ago.
  }
  const { spawn } = process.getBuiltinModule('node:child_process');
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'build.ts'), '--in-place'], {
    detached: true,
    stdio: 'ignore',
  });
  child.on('error', () => rmSync(lock, { force: true }));
  child.unref();
}

/** The end of the background rebuild (scripts/build.ts --in-place): a failure is remembered. */
export function backgroundRebuildDone(checkout, failed) {
  const dist = path.join(checkout, 'dist');
  try {
    if (failed) firstFailureNotice(checkout, dist);
  } catch {
    // Nothing more to do: the hooks keep running the sources.
  }
  rmSync(path.join(dist, lockName), { force: true });
}
