// The copies the Bash guard keeps: before a command, each guarded file's SHA-256 and a copy; after
// it, the files compared with those hashes. Copies are stored once by their hash (objects/<sha>),
// and before a command a file whose status did not change since the guard last read it is not
// read again (status-index.ts); after it, a file whose
// status (inode, size, times) is as recorded and last changed well before the command is taken as
// unchanged without reading it again (a write always moves its change time forward). A changed file gets the copy back, and the version the
// command left is kept beside the copies, so nothing is lost. They live in the repository's shared
// git folder (<git-common-dir>/baton/guard/): outside every work tree (never committed, never in a
// task's diff), and read-only to an agent's Bash under the sandbox. Without a sandbox a copy could
// be tampered with, so each is checked against its recorded hash before it is put back (a mismatch
// is reported, not restored).
//
// A file is compared by its content and by where its folder really is: a held folder (or one
// above a held file) swapped for a link to a copy elsewhere reads the same bytes, yet the work
// now happens outside the repository. Such a link is moved aside and the folder made again.
import {
  type BigIntStats,
  copyFileSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { writeFileAtomically } from '../../../workspace/atomic-write.ts';
import { guardFolder, sessionFolder } from './guard-folder.ts';
import { filesUnderPattern, type GuardedPath, type GuardedPattern, guardLimits } from './guarded-files.ts';
import { openStatusIndex, settledMs } from './status-index.ts';

export interface GuardedFileState extends GuardedPath {
  /** SHA-256 of the content, or null when the file did not exist. */
  sha256: string | null;
  /** The copy's name inside the snapshot folder, when the file existed. */
  copy: string | null;
  /** Where its folder really was, when a link led there (see linkedFolderOf); null otherwise. */
  linkedFolder?: string | null;
  /** Its status before the command (see signatureOf), for a comparison without reading it. */
  signature?: string;
}

export interface Snapshot {
  id: string;
  /** Claude Code's id of the Bash call, which PostToolUse repeats. */
  toolUseId: string | undefined;
  createdAt: number;
  command: string;
  /** A command sent to the background is checked again at every later tool call. */
  background: boolean;
  files: GuardedFileState[];
  /** Folder and glob claims, whose new files are looked for afterwards. */
  patterns: GuardedPattern[];
}

export interface Restored {
  path: string;
  holder: string | undefined;
  pattern: string | undefined;
  /** Where the version the command left is kept (an absolute path), when there was one. */
  kept: string | null;
  /** False when the copy itself had been changed: the file was left as the command left it. */
  restored: boolean;
}

/**
 * node:crypto is loaded only when something is hashed: loading it costs about a third of a bare
 * Node start, and the comparison after a command that changed nothing hashes nothing.
 */
function sha256Of(content: Uint8Array): string {
  return process.getBuiltinModule('node:crypto').createHash('sha256').update(content).digest('hex');
}

function sha256(file: string): string | null {
  try {
    const stats = lstatSync(file);
    if (!stats.isFile()) return `not-a-file:${stats.mode}`;
    return sha256Of(readFileSync(file));
  } catch {
    return null;
  }
}

/** Inode, size and times to the nanosecond; any write changes the change time (ctime). */
function signatureOf(stats: BigIntStats): string {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
}

/** Unchanged since the snapshot, known from its status alone (no read). */
function unchangedByStatus(absolute: string, file: GuardedFileState, createdAt: number): boolean {
  if (file.signature === undefined) return false;
  try {
    const stats = lstatSync(absolute, { bigint: true });
    return signatureOf(stats) === file.signature && stats.ctimeMs < BigInt(createdAt) - settledMs;
  } catch {
    return false;
  }
}

/** Keeps `absolute`'s content as objects/<sha>, once; returns the hash and the copy's name. */
function storeObject(objects: string, absolute: string): { sha: string; copy: string } {
  const content = readFileSync(absolute);
  return keptObject(objects, sha256Of(content), content)!;
}

/** objects/<sha>, written from `content` when missing; without content, undefined when missing. */
function keptObject(
  objects: string,
  sha: string,
  content?: Buffer,
): { sha: string; copy: string } | undefined {
  const object = path.join(objects, sha);
  try {
    const stats = statSync(object);
    // Refreshed now and then, so that pruning (closeSnapshot) never takes one in use.
    if (Date.now() - stats.mtimeMs > objectRefreshMs) utimesSync(object, new Date(), new Date());
  } catch {
    if (content === undefined) return undefined;
    writeFileAtomically(object, content);
  }
  return { sha, copy: `objects/${sha}` };
}

/** An object not used for this long and named by no open snapshot is removed. */
const objectRefreshMs = 5 * 60 * 1000;
const objectUnusedMs = 30 * 60 * 1000;

/** Where a folder really is (links followed), or its own path when it does not exist. */
function realFolder(folder: string, cache: Map<string, string>): string {
  let real = cache.get(folder);
  if (real === undefined) {
    try {
      real = realpathSync.native(folder);
    } catch {
      real = folder;
    }
    cache.set(folder, real);
  }
  return real;
}

/**
 * Where a guarded file's folder really is, when that differs from where it seems to be (a folder
 * in the work tree swapped for a link); null otherwise, and for files outside the work tree,
 * which are compared by content alone. `repositoryRoot` is a real path.
 */
function linkedFolderOf(repositoryRoot: string, file: string, cache: Map<string, string>): string | null {
  if (path.isAbsolute(file)) return null;
  const folder = path.dirname(path.resolve(repositoryRoot, file));
  const real = realFolder(folder, cache);
  return real === folder ? null : real;
}

/**
 * The highest folder between the work tree and `file` that is not a real folder any more (a
 * link, or a file), moved to `keptBelow`; the folder is made again. Undefined when none is.
 */
function replaceSwappedFolder(repositoryRoot: string, file: string, keptBelow: string): string | undefined {
  const segments = file.split('/').slice(0, -1);
  for (let length = 1; length <= segments.length; length++) {
    const relative = segments.slice(0, length).join('/');
    const absolute = path.join(repositoryRoot, relative);
    let stats: ReturnType<typeof lstatSync>;
    try {
      stats = lstatSync(absolute);
    } catch {
      return undefined; // Missing: made again when the file is put back.
    }
    if (stats.isDirectory()) continue;
    const kept = path.join(keptBelow, relative);
    mkdirSync(path.dirname(kept), { recursive: true });
    renameSync(absolute, kept);
    mkdirSync(absolute);
    return kept;
  }
  return undefined;
}

let snapshotSequence = 0;

/** Takes a snapshot of `paths`; throws when their total size is over the limit. */
export function takeSnapshot(
  repositoryRoot: string,
  sessionId: string | undefined,
  call: { command: string; background: boolean; toolUseId: string | undefined },
  paths: readonly GuardedPath[],
  patterns: readonly GuardedPattern[] = [],
): Snapshot {
  const createdAt = Date.now();
  // Unique in the session's folder (process and call), and sorting oldest first.
  snapshotSequence += 1;
  const id = `${createdAt}-${process.pid}-${snapshotSequence}`;
  const folder = path.join(sessionFolder(repositoryRoot, sessionId), id);
  const objects = path.join(guardFolder(repositoryRoot), 'objects');
  const known = openStatusIndex(guardFolder(repositoryRoot));
  mkdirSync(folder, { recursive: true });
  mkdirSync(objects, { recursive: true });
  const folders = new Map<string, string>();
  let bytes = 0;
  const files = paths.map((guarded): GuardedFileState => {
    const absolute = path.resolve(repositoryRoot, guarded.path);
    const linkedFolder = linkedFolderOf(repositoryRoot, guarded.path, folders);
    let stats: BigIntStats | undefined;
    try {
      stats = lstatSync(absolute, { bigint: true });
    } catch {
      stats = undefined;
    }
    if (stats === undefined || !stats.isFile()) {
      const sha = stats === undefined ? null : sha256(absolute);
      return { ...guarded, sha256: sha, copy: null, linkedFolder };
    }
    bytes += Number(stats.size);
    if (bytes > guardLimits.bytes) {
      rmSync(folder, { recursive: true, force: true });
      throw new Error(
        `the files held by other instances are larger than ${guardLimits.bytes} bytes together`,
      );
    }
    // The status is taken before the read: a write in between shows as a changed status.
    const signature = signatureOf(stats);
    const unchanged = known.hashIfUnchanged(absolute, signature, stats.ctimeMs);
    const { sha, copy } =
      (unchanged === undefined ? undefined : keptObject(objects, unchanged)) ??
      storeObject(objects, absolute);
    known.record(absolute, signature, sha, createdAt);
    return { ...guarded, sha256: sha, copy, linkedFolder, signature };
  });
  known.save();
  const snapshot: Snapshot = { id, createdAt, ...call, files, patterns: [...patterns] };
  // Written last and renamed into place: a half-taken snapshot is never read as one.
  const manifest = path.join(folder, 'manifest.json');
  writeFileAtomically(manifest, JSON.stringify(snapshot));
  return snapshot;
}

/** The session's snapshots still open, oldest first. */
export function openSnapshots(repositoryRoot: string, sessionId: string | undefined): Snapshot[] {
  return openSnapshotsIn(sessionFolder(repositoryRoot, sessionId));
}

function openSnapshotsIn(folder: string): Snapshot[] {
  let names: string[];
  try {
    names = readdirSync(folder).sort();
  } catch {
    return [];
  }
  const snapshots: Snapshot[] = [];
  for (const name of names) {
    try {
      snapshots.push(JSON.parse(readFileSync(path.join(folder, name, 'manifest.json'), 'utf8')) as Snapshot);
    } catch {
      // Being written, or broken: a broken one is removed when it is old (see closeSnapshot).
    }
  }
  return snapshots;
}

/** Where a copy is: objects/<sha> in the guard's folder, or files/<n> in an older snapshot's. */
function copyLocation(repositoryRoot: string, snapshotFolder: string, copy: string | null): string | null {
  if (copy === null) return null;
  return copy.startsWith('objects/')
    ? path.join(guardFolder(repositoryRoot), copy)
    : path.join(snapshotFolder, copy);
}

/** Compares the files with the snapshot; puts back what changed, keeping the other version. */
export function restoreChanged(
  repositoryRoot: string,
  sessionId: string | undefined,
  snapshot: Snapshot,
): Restored[] {
  const folder = path.join(sessionFolder(repositoryRoot, sessionId), snapshot.id);
  const restored: Restored[] = [];
  const folders = new Map<string, string>();
  const keptBelow = path.join(guardFolder(repositoryRoot), 'kept', snapshot.id);
  for (const file of snapshot.files) {
    const absolute = path.resolve(repositoryRoot, file.path);
    const linkedFolder = linkedFolderOf(repositoryRoot, file.path, folders);
    if (linkedFolder === (file.linkedFolder ?? null)) {
      if (unchangedByStatus(absolute, file, snapshot.createdAt)) continue;
      if (sha256(absolute) === file.sha256) continue;
    }
    let kept: string | null = null;
    const copy = copyLocation(repositoryRoot, folder, file.copy);
    const copyIntact = copy === null || sha256(copy) === file.sha256;
    if (!copyIntact) {
      restored.push({
        path: file.path,
        holder: file.holder,
        pattern: file.pattern,
        kept: null,
        restored: false,
      });
      continue;
    }
    // A folder above it swapped for a link: the link is kept, the folder made again.
    const swapped =
      linkedFolder === null || path.isAbsolute(file.path)
        ? undefined
        : replaceSwappedFolder(repositoryRoot, file.path, keptBelow);
    if (swapped !== undefined) folders.clear();
    try {
      lstatSync(absolute);
      kept = path.join(keptBelow, file.path);
      mkdirSync(path.dirname(kept), { recursive: true });
      renameSync(absolute, kept);
    } catch {
      kept = swapped ?? null; // Deleted by the command (or only behind the link): nothing more to keep.
    }
    if (copy !== null) {
      mkdirSync(path.dirname(absolute), { recursive: true });
      copyFileSync(copy, absolute);
    }
    restored.push({ path: file.path, holder: file.holder, pattern: file.pattern, kept, restored: true });
  }
  // A file that appeared under a folder or glob someone holds is moved aside as the command's.
  const known = new Set(snapshot.files.map((file) => file.path));
  for (const guarded of snapshot.patterns) {
    for (const file of filesUnderPattern(repositoryRoot, guarded.pattern) ?? []) {
      if (known.has(file)) continue;
      known.add(file);
      const kept = path.join(guardFolder(repositoryRoot), 'kept', snapshot.id, file);
      mkdirSync(path.dirname(kept), { recursive: true });
      renameSync(path.resolve(repositoryRoot, file), kept);
      restored.push({ path: file, holder: guarded.holder, pattern: guarded.pattern, kept, restored: true });
    }
  }
  return restored;
}

export function closeSnapshot(
  repositoryRoot: string,
  sessionId: string | undefined,
  snapshot: Snapshot,
): void {
  const folder = path.join(sessionFolder(repositoryRoot, sessionId), snapshot.id);
  try {
    // The usual case, a manifest alone: two calls instead of a recursive walk.
    unlinkSync(path.join(folder, 'manifest.json'));
    rmdirSync(folder);
  } catch {
    rmSync(folder, { recursive: true, force: true });
  }
  pruneObjects(repositoryRoot);
}

/**
 * Removes the copies no open snapshot names and none has used for a while; at most once per
 * objectUnusedMs (a marker file's time says when it last ran).
 */
function pruneObjects(repositoryRoot: string): void {
  const guard = guardFolder(repositoryRoot);
  const marker = path.join(guard, 'objects-pruned');
  const now = Date.now();
  try {
    if (now - statSync(marker).mtimeMs < objectUnusedMs) return;
  } catch {
    // Never pruned yet.
  }
  writeFileSync(marker, '');
  const inUse = new Set<string>();
  let sessions: string[] = [];
  try {
    sessions = readdirSync(path.join(guard, 'sessions'));
  } catch {
    // No session has a snapshot.
  }
  for (const session of sessions) {
    for (const snapshot of openSnapshotsIn(path.join(guard, 'sessions', session)))
      for (const file of snapshot.files) if (file.copy !== null) inUse.add(path.basename(file.copy));
  }
  let objects: string[] = [];
  try {
    objects = readdirSync(path.join(guard, 'objects'));
  } catch {
    return;
  }
  for (const name of objects) {
    if (inUse.has(name)) continue;
    const object = path.join(guard, 'objects', name);
    try {
      if (now - statSync(object).mtimeMs > objectUnusedMs) unlinkSync(object);
    } catch {
      // Gone already.
    }
  }
}
