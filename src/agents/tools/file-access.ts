// Reading and writing the files a tool resolved through the sandbox, with the answers a model
// can act on (not found, a folder, binary) instead of exceptions.
import { constants, type Stats } from 'node:fs';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { looksBinary } from './limits.ts';
import { type RefusalDraft, refuse } from './refusal.ts';
import type { ResolvedPath } from './sandbox.ts';

export async function statOrUndefined(absolute: string): Promise<Stats | undefined> {
  try {
    return await stat(absolute);
  } catch {
    return undefined;
  }
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
  if (stats.size > maximumBytes) {
    return refuse(
      'TOO_LARGE',
      `${requested} is ${stats.size} bytes, more than the ${maximumBytes} a tool reads.`,
      {
        path: requested,
      },
    );
  }
  const content = await readFile(resolved.absolute);
  if (looksBinary(content)) return refuse('NOT_TEXT', `${requested} is a binary file.`, { path: requested });
  return content.toString('utf8');
}

/**
 * Writes a file the sandbox resolved for writing, creating the folders above it. The final
 * component is opened with O_NOFOLLOW: a symlink put there after the check is refused by the
 * system instead of followed.
 */
export async function writeTextFile(
  absolute: string,
  content: string,
): Promise<{ bytesWritten: number; created: boolean }> {
  const existing = await statOrUndefined(absolute);
  await mkdir(path.dirname(absolute), { recursive: true });
  const handle = await open(
    absolute,
    constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW,
    0o666,
  );
  try {
    const buffer = Buffer.from(content, 'utf8');
    await handle.writeFile(buffer);
    return { bytesWritten: buffer.length, created: existing === undefined };
  } finally {
    await handle.close();
  }
}
