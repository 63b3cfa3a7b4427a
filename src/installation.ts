// Where this baton is installed. Hooks and agent CLIs must call back into this very baton, so
// they need the path of its bin/baton.js. The module's own place differs by how baton runs
// (src/ in a checkout, a chunk under dist/ when bundled), so the folder holding bin/baton.js
// is found by walking up from here rather than by a fixed relative path.
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The absolute path of this installation's bin/baton.js. */
export function batonBinPath(): string {
  if (cached !== undefined) return cached;
  let directory = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(directory, 'bin', 'baton.js');
    if (existsSync(candidate)) {
      cached = candidate;
      return candidate;
    }
    const parent = path.dirname(directory);
    if (parent === directory)
      throw new Error(`baton cannot find its bin/baton.js above ${fileURLToPath(import.meta.url)}`);
    directory = parent;
  }
}

/** A word as a POSIX shell reads it back unchanged (quoted only when it must be). */
export function shellQuote(text: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

/** How a person types this baton: `baton` when PATH leads to this installation, else its script. */
export function batonCommand(searchPath = process.env.PATH ?? ''): string {
  const bin = batonBinPath();
  const target = realpathSync(bin);
  for (const folder of searchPath.split(path.delimiter)) {
    if (folder === '') continue;
    try {
      if (realpathSync(path.join(folder, 'baton')) === target) return 'baton';
    } catch {
      // No baton in this folder.
    }
  }
  return shellQuote(bin);
}
