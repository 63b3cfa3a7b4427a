// Reading the files an instance's attention shows: whole for HOT (within a shared budget), the
// first lines for WARM. Only regular text files inside the repository are read: a path that
// now leads outside (a symlink), a folder, a FIFO, a binary or a vanished file is left out, and
// so is anything named like a secret (.env, keys, credentials), even when the prompt names it:
// the prompt's text goes to the model anyway, a key file's content need not.
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { HotFile, WarmFile } from '../../core/attention/attention-context.ts';

const secretNames = [
  /(^|\/)\.env(\.[^/]*)?$/,
  /(^|\/)\.(npmrc|pypirc|netrc|git-credentials)$/,
  /\.(pem|key|p12|pfx|jks|keystore|asc|gpg)$/,
  /(^|\/)id_(rsa|dsa|ecdsa|ed25519)[^/]*$/,
  /(^|\/)\.?(secrets?|credentials?)(\.[^/]*)?$/i,
];

/** Whether a repository path looks like it holds a secret (never shown). */
export function looksSecret(relative: string): boolean {
  return secretNames.some((pattern) => pattern.test(relative));
}

function readInside(
  repositoryRoot: string,
  relative: string,
  maximumBytes: number,
): { text: string; truncated: boolean } | undefined {
  if (looksSecret(relative)) return undefined;
  let real: string;
  try {
    real = realpathSync(path.join(repositoryRoot, relative));
  } catch {
    return undefined;
  }
  if (!real.startsWith(`${repositoryRoot}${path.sep}`)) return undefined;
  let descriptor: number;
  try {
    // O_NONBLOCK: a FIFO put where a file was must not hang the prompt.
    descriptor = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const stats = fstatSync(descriptor);
    if (!stats.isFile()) return undefined;
    const size = Math.min(stats.size, maximumBytes);
    const buffer = Buffer.alloc(size);
    const read = size > 0 ? readSync(descriptor, buffer, 0, size, 0) : 0;
    const bytes = buffer.subarray(0, read);
    if (bytes.includes(0)) return undefined; // binary
    let text = bytes.toString('utf8');
    // A cut in the middle of a character leaves a replacement character at the end.
    if (stats.size > read) text = text.replace(/\uFFFD+$/, '');
    return { text, truncated: stats.size > read };
  } finally {
    closeSync(descriptor);
  }
}

/** The HOT files' texts, highest score first, sharing `budgetBytes` (each at least a little). */
export function readHotFiles(
  repositoryRoot: string,
  paths: readonly string[],
  budgetBytes: number,
): HotFile[] {
  const files: HotFile[] = [];
  let left = budgetBytes;
  for (const relative of paths) {
    if (left <= 0) break;
    const content = readInside(repositoryRoot, relative, left);
    if (!content) continue;
    files.push({ path: relative, text: content.text, truncated: content.truncated });
    left -= Buffer.byteLength(content.text);
  }
  return files;
}

/** The WARM files' first `lines` lines. */
export function readWarmFiles(repositoryRoot: string, paths: readonly string[], lines: number): WarmFile[] {
  const files: WarmFile[] = [];
  for (const relative of paths) {
    // Lines of 200 characters at most, so a minified file cannot bring a megabyte along.
    const content = readInside(repositoryRoot, relative, lines * 200);
    if (!content) continue;
    const head = content.text
      .split('\n')
      .slice(0, lines)
      .map((line) => (line.length > 200 ? `${line.slice(0, 200)}…` : line))
      .join('\n');
    files.push({ path: relative, head });
  }
  return files;
}
