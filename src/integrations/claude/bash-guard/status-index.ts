// What the Bash guard last read of each guarded file: its status (inode, size, times) and the
// SHA-256 of its content then. A file whose status is the same and settled since holds the same
// content (a write always moves the change time forward; the same reasoning as git's racy-clean
// check and as snapshots.ts's comparison after a command), so the next snapshot takes its hash
// from here instead of reading and hashing the file again: a Bash call among unchanged held files
// reads none of them and loads no node:crypto. Kept as <guard folder>/status.json, beside the
// copies: what limits the copies limits it too (docs/security.md, "the guard's own copies").
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomically } from '../../../workspace/atomic-write.ts';

/**
 * A change time this long before a read cannot share a timestamp with a write made after it,
 * even on a file system that keeps whole seconds.
 */
export const settledMs = 2000n;

interface KnownState {
  signature: string;
  sha256: string;
  /** When the content was read (taken before the read). */
  readAt: number;
}

export interface StatusIndex {
  /** The hash read when `file` last had `signature`, if its change time has settled since. */
  hashIfUnchanged(file: string, signature: string, changedAtMs: bigint): string | undefined;
  /** Keeps what this snapshot knows of `file`; the index then holds this snapshot's files only. */
  record(file: string, signature: string, sha256: string, readAt: number): void;
  /** Writes the index when it changed; a failure only costs reading the files again next time. */
  save(): void;
}

export function openStatusIndex(guardFolder: string): StatusIndex {
  const file = path.join(guardFolder, 'status.json');
  let known: Record<string, KnownState> = {};
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (parsed !== null && typeof parsed === 'object') known = parsed as Record<string, KnownState>;
  } catch {
    // None yet, or unreadable: every file is read.
  }
  const next: Record<string, KnownState> = {};
  let changed = false;
  return {
    hashIfUnchanged(guarded, signature, changedAtMs) {
      const state = known[guarded];
      if (typeof state?.sha256 !== 'string' || typeof state.readAt !== 'number') return undefined;
      if (state.signature !== signature || changedAtMs >= BigInt(Math.floor(state.readAt)) - settledMs)
        return undefined;
      return state.sha256;
    },
    record(guarded, signature, sha256, readAt) {
      const state = known[guarded];
      if (state?.signature !== signature || state.sha256 !== sha256) changed = true;
      next[guarded] =
        state?.signature === signature && state.sha256 === sha256 ? state : { signature, sha256, readAt };
    },
    save() {
      if (!changed && Object.keys(next).length === Object.keys(known).length) return;
      try {
        writeFileAtomically(file, JSON.stringify(next));
      } catch {
        // Read-only, or gone: the files are read again next time.
      }
    },
  };
}
