// Writing a file so that no reader ever sees half of it: the text goes to a temporary file in
// the same folder (a rename across file systems is not atomic), then rename(2) puts it in
// place whole. Every write of baton's that a concurrent reader may meet goes through here.
// (config/cached-config.ts sits below this layer and keeps its own few lines.)
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface AtomicWriteOptions {
  /** The new file's permission bits (e.g. 0o755 for a git hook). */
  mode?: number;
  /** Flush the text to disk before the rename, so a crash leaves the old file or the new, never an empty one. */
  durable?: boolean;
}

let sequence = 0;

/** A fresh name beside `file`: unique per process and per call, hidden, ending in .tmp. */
export function temporaryBeside(file: string): string {
  sequence += 1;
  return path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${Date.now()}.${sequence}.tmp`,
  );
}

/** Writes `text` to a new temporary file (created, never reused), flushed when `durable`. */
export function writeNewFile(
  file: string,
  text: string | Uint8Array,
  options: AtomicWriteOptions = {},
): void {
  const descriptor = openSync(file, 'wx', options.mode);
  try {
    // Given a descriptor, writeFileSync writes until all is written.
    writeFileSync(descriptor, text);
    if (options.durable) fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

/** Replaces (or creates) `file` with `text` whole, creating its folder when missing. */
export function writeFileAtomically(
  file: string,
  text: string | Uint8Array,
  options: AtomicWriteOptions = {},
): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = temporaryBeside(file);
  try {
    writeNewFile(temporary, text, options);
    renameSync(temporary, file);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // Never created, or already renamed: nothing to clear.
    }
    throw error;
  }
}
