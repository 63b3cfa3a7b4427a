// Reading and writing the files a tool resolved through the sandbox, with the answers a model
// can act on (not found, a folder, binary) instead of exceptions.
import { constants, type Stats } from 'node:fs';
import { type FileHandle, lstat, mkdir, open, readlink, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { looksBinary } from './limits.ts';
import { type RefusalDraft, refuse } from './refusal.ts';
import { isInside, type ResolvedPath } from './sandbox.ts';

export async function statOrUndefined(absolute: string): Promise<Stats | undefined> {
  try {
    return await stat(absolute);
  } catch {
    return undefined;
  }
}

// O_NONBLOCK: a FIFO swapped in for a file must not hang the tool (regular files ignore it).
const readFlags = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
const writeFlags = constants.O_WRONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/**
 * Where an open descriptor really leads, asked of the system (Linux: /proc/self/fd/N).
 * Undefined where the system cannot say; the sandbox's checks before opening must then do.
 */
async function openedLocation(handle: FileHandle): Promise<string | undefined> {
  try {
    return await readlink(`/proc/self/fd/${handle.fd}`);
  } catch {
    return undefined;
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

// The sandbox checks a path, then the tool opens it: two steps. A folder above the file swapped
// for a symbolic link in between (by a command the agent left running) would redirect the open,
// so every open is followed by asking where the descriptor really leads.
function moved(requested: string, what: 'read' | 'written'): RefusalDraft {
  return refuse(
    'PATH_ESCAPES',
    `${requested} changed while it was being opened: it now leads somewhere other than the place that was checked (a symbolic link swapped in). Nothing was ${what}.`,
    { path: requested },
  );
}

// A hard link is the same file under a second name: no path check sees it leave the root, and
// `ln outside/secret inside/x` needs no more than a command. Where its other names are cannot be
// asked of the system, so a file with more than one name is neither read nor written.
function hardLinked(requested: string, links: number, what: 'read' | 'written'): RefusalDraft {
  const doing = what === 'read' ? 'reading it would read' : 'writing it would change';
  return refuse(
    'PATH_ESCAPES',
    `${requested} has ${links - 1} other hard link(s): ${doing} the same file at another path, maybe outside. Nothing was ${what}.`,
    { path: requested },
  );
}

/** The text of an existing file, or a refusal saying why it cannot be read as text. */
export async function readTextFile(
  resolved: ResolvedPath,
  requested: string,
  maximumBytes: number,
): Promise<string | RefusalDraft> {
  const stats = await statOrUndefined(resolved.absolute);
  if (!stats) return refuse('NOT_FOUND', `${requested} does not exist.`, { path: requested });
  if (stats.isDirectory()) {
    return refuse('NOT_A_FILE', `${requested} is a folder; use list_files to see what is in it.`, {
      path: requested,
    });
  }
  if (!stats.isFile())
    return refuse('NOT_A_FILE', `${requested} is not a regular file.`, { path: requested });
  let handle: FileHandle;
  try {
    handle = await open(resolved.absolute, readFlags);
  } catch (error) {
    if (errorCode(error) === 'ENOENT')
      return refuse('NOT_FOUND', `${requested} does not exist.`, { path: requested });
    // ELOOP: the file itself became a symbolic link after the check.
    if (errorCode(error) === 'ELOOP') return moved(requested, 'read');
    throw error;
  }
  try {
    const location = await openedLocation(handle);
    if (location !== undefined && location !== resolved.absolute) return moved(requested, 'read');
    const opened = await handle.stat();
    if (!opened.isFile())
      return refuse('NOT_A_FILE', `${requested} is not a regular file.`, { path: requested });
    if (opened.nlink > 1) return hardLinked(requested, opened.nlink, 'read');
    if (opened.size > maximumBytes) {
      return refuse(
        'TOO_LARGE',
        `${requested} is ${opened.size} bytes, more than the ${maximumBytes} a tool reads.`,
        { path: requested },
      );
    }
    const content = await handle.readFile();
    if (looksBinary(content))
      return refuse('NOT_TEXT', `${requested} is a binary file.`, { path: requested });
    return content.toString('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * The bytes of a file found by walking the sandbox (links to files inside it are followed), or
 * undefined when it is not a regular file inside the root once opened, has other hard links, or
 * is over the limit.
 */
export async function readFileInside(
  root: string,
  absolute: string,
  maximumBytes: number,
): Promise<Buffer | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(absolute, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const location = await openedLocation(handle);
    if (location !== undefined && !isInside(root, location)) return undefined;
    const opened = await handle.stat();
    // A file with other hard links may be a file outside under a name inside (see hardLinked).
    if (!opened.isFile() || opened.nlink > 1 || opened.size > maximumBytes) return undefined;
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/**
 * Writes a file the sandbox resolved for writing, creating the folders above it. The file is
 * opened without following a link in its last component, then the system is asked where the
 * descriptor leads: anywhere but the checked place (a folder above swapped for a link) and the
 * write is refused — a file it had just created there is removed. A file with other hard links
 * is refused too: writing it would change the same file at another path, maybe outside.
 * (mkdir of missing folders can still follow a swapped link; it creates only empty folders.)
 */
export async function writeTextFile(
  resolved: ResolvedPath,
  requested: string,
  content: string,
): Promise<{ bytesWritten: number; created: boolean } | RefusalDraft> {
  const absolute = resolved.absolute;
  await mkdir(path.dirname(absolute), { recursive: true });
  let handle: FileHandle;
  let created = true;
  try {
    handle = await open(absolute, writeFlags | constants.O_CREAT | constants.O_EXCL, 0o666);
  } catch (error) {
    if (errorCode(error) === 'ELOOP') return moved(requested, 'written');
    if (errorCode(error) !== 'EEXIST') throw error;
    created = false;
    try {
      handle = await open(absolute, writeFlags);
    } catch (again) {
      if (errorCode(again) === 'ELOOP') return moved(requested, 'written');
      if (errorCode(again) === 'ENXIO' || errorCode(again) === 'EISDIR')
        return refuse('NOT_A_FILE', `${requested} exists and is not a regular file.`, { path: requested });
      throw again;
    }
  }
  try {
    const location = await openedLocation(handle);
    if (location !== undefined && location !== absolute) {
      // Remove the file it just created there — only if that name still is that file.
      if (created) {
        const opened = await handle.stat();
        const there = await lstat(location).catch(() => undefined);
        if (there && there.ino === opened.ino && there.dev === opened.dev)
          await unlink(location).catch(() => {});
      }
      return moved(requested, 'written');
    }
    const opened = await handle.stat();
    if (!opened.isFile())
      return refuse('NOT_A_FILE', `${requested} exists and is not a regular file.`, { path: requested });
    if (opened.nlink > 1) return hardLinked(requested, opened.nlink, 'written');
    const buffer = Buffer.from(content, 'utf8');
    await handle.truncate(0);
    await handle.writeFile(buffer);
    return { bytesWritten: buffer.length, created };
  } finally {
    await handle.close();
  }
}
