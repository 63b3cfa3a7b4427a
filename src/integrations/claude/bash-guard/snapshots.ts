// The copies the Bash guard keeps: before a command, each guarded file's SHA-256 and a copy; after
// it, the files compared with those hashes. A changed file gets the copy back, and the version the
// command left is kept beside the copies, so nothing is lost. They live in the repository's shared
// git folder (<git-common-dir>/baton/guard/): outside every work tree (never committed, never in a
// task's diff), and read-only to an agent's Bash under the sandbox. Without a sandbox a copy could
// be tampered with, so each is checked against its recorded hash before it is put back (a mismatch
// is reported, not restored).
//
// A file is compared by its content and by where its folder really is: a held folder (or one
// above a held file) swapped for a link to a copy elsewhere reads the same bytes, yet the work
// now happens outside the repository. Such a link is moved aside and the folder made again.
import { createHash, randomUUID } from 'node:crypto';
import {
  copyFileSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { gitCommonDirectory } from '../../../workspace/git-common-directory.ts';
import { filesUnderPattern, type GuardedPath, type GuardedPattern, guardLimits } from './guarded-files.ts';

export interface GuardedFileState extends GuardedPath {
  /** SHA-256 of the content, or null when the file did not exist. */
  sha256: string | null;
  /** The copy's name inside the snapshot folder, when the file existed. */
  copy: string | null;
  /** Where its folder really was, when a link led there (see linkedFolderOf); null otherwise. */
  linkedFolder?: string | null;
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

/** Where the guard keeps its copies; the repository's own folder when git's cannot be found. */
export function guardFolder(repositoryRoot: string): string {
  return path.join(
    gitCommonDirectory(repositoryRoot) ?? path.join(repositoryRoot, '.baton'),
    'baton',
    'guard',
  );
}

function sessionFolder(repositoryRoot: string, sessionId: string | undefined): string {
  const key = (sessionId ?? 'no-session').replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80) || 'no-session';
  return path.join(guardFolder(repositoryRoot), 'sessions', key);
}

function sha256(file: string): string | null {
  try {
    const stats = lstatSync(file);
    if (!stats.isFile()) return `not-a-file:${stats.mode}`;
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return null;
  }
}

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

/** Takes a snapshot of `paths`; throws when their total size is over the limit. */
export function takeSnapshot(
  repositoryRoot: string,
  sessionId: string | undefined,
  call: { command: string; background: boolean; toolUseId: string | undefined },
  paths: readonly GuardedPath[],
  patterns: readonly GuardedPattern[] = [],
): Snapshot {
  const id = `${Date.now()}-${randomUUID().slice(0, 8)}`;
  const folder = path.join(sessionFolder(repositoryRoot, sessionId), id);
  mkdirSync(path.join(folder, 'files'), { recursive: true });
  const folders = new Map<string, string>();
  let bytes = 0;
  const files = paths.map((guarded, index): GuardedFileState => {
    const absolute = path.resolve(repositoryRoot, guarded.path);
    let stats: ReturnType<typeof lstatSync> | undefined;
    try {
      stats = lstatSync(absolute);
    } catch {
      stats = undefined;
    }
    if (stats === undefined || !stats.isFile()) {
      const sha = stats === undefined ? null : sha256(absolute);
      return {
        ...guarded,
        sha256: sha,
        copy: null,
        linkedFolder: linkedFolderOf(repositoryRoot, guarded.path, folders),
      };
    }
    bytes += stats.size;
    if (bytes > guardLimits.bytes) {
      rmSync(folder, { recursive: true, force: true });
      throw new Error(
        `the files held by other instances are larger than ${guardLimits.bytes} bytes together`,
      );
    }
    const copy = `files/${index}`;
    copyFileSync(absolute, path.join(folder, copy));
    return {
      ...guarded,
      sha256: sha256(path.join(folder, copy)),
      copy,
      linkedFolder: linkedFolderOf(repositoryRoot, guarded.path, folders),
    };
  });
  const snapshot: Snapshot = { id, createdAt: Date.now(), ...call, files, patterns: [...patterns] };
  // Written last and renamed into place: a half-taken snapshot is never read as one.
  const manifest = path.join(folder, 'manifest.json');
  writeFileSync(`${manifest}.tmp`, JSON.stringify(snapshot));
  renameSync(`${manifest}.tmp`, manifest);
  return snapshot;
}

/** The session's snapshots still open, oldest first. */
export function openSnapshots(repositoryRoot: string, sessionId: string | undefined): Snapshot[] {
  const folder = sessionFolder(repositoryRoot, sessionId);
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
    if (sha256(absolute) === file.sha256 && linkedFolder === (file.linkedFolder ?? null)) continue;
    let kept: string | null = null;
    const copy = file.copy === null ? null : path.join(folder, file.copy);
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
  rmSync(path.join(sessionFolder(repositoryRoot, sessionId), snapshot.id), { recursive: true, force: true });
}
