// Walking the files under a folder of the sandbox, in a stable (sorted) order, the way git
// would see them: `.git` and ignored paths are skipped. Symlinked files inside the root are
// listed; symlinked folders are not entered (no loops, no file seen twice), and links that
// lead outside the root are left out altogether.
import { type Dirent, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { IgnoreRules } from './gitignore.ts';
import { realLocation, type Sandbox } from './sandbox.ts';

function join(folder: string, name: string): string {
  return folder === '' ? name : `${folder}/${name}`;
}

type EntryKind = 'file' | 'directory' | 'skip';

function kindOf(sandbox: Sandbox, entry: Dirent, absolute: string): EntryKind {
  if (entry.isDirectory()) return 'directory';
  if (entry.isFile()) return 'file';
  if (!entry.isSymbolicLink()) return 'skip';
  const real = realLocation(absolute);
  if (real === undefined || sandbox.relativeInside(real) === undefined) return 'skip';
  try {
    return statSync(real).isFile() ? 'file' : 'skip';
  } catch {
    return 'skip';
  }
}

/** Root-relative paths of the files under `folder` (root-relative, '' for the root). */
export async function* walkFiles(
  sandbox: Sandbox,
  ignoreRules: IgnoreRules,
  folder: string,
): AsyncGenerator<string> {
  let entries: Dirent[];
  try {
    entries = await readdir(path.join(sandbox.root, folder), { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.toLowerCase() === '.git') continue;
    const relative = join(folder, entry.name);
    const kind = kindOf(sandbox, entry, path.join(sandbox.root, relative));
    if (kind === 'skip') continue;
    if (ignoreRules.isIgnored(relative, kind === 'directory')) continue;
    if (kind === 'directory') yield* walkFiles(sandbox, ignoreRules, relative);
    else yield relative;
  }
}
