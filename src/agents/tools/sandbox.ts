// The one directory a toolset may touch: the repository for the planner and the reviewer,
// the task's worktree for an executor. Every path a model names is resolved here, for real:
// lexically (`..`, absolute paths), then through the file system (symlinks, including ones in
// directories that exist above a file not yet written), and `.git` is never written.
//
// A check and the open that follows are two steps, so a symlink swapped in between (by a
// background command the executor started) could redirect it: file-access.ts opens without
// following a link in the last component and then asks the system where the descriptor leads
// (/proc/self/fd, Linux), refusing anything but the checked place. Where /proc is missing
// (macOS), only the O_NOFOLLOW part holds.
import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { isEscapingPath, normalizeRepositoryPath } from '../../core/paths/repository-path.ts';
import { type RefusalDraft, refuse } from './refusal.ts';

export interface ResolvedPath {
  /** The real location on disk, with every symlink followed. */
  absolute: string;
  /** The same, relative to the sandbox root, with `/` separators; `''` for the root itself. */
  relative: string;
}

export interface Sandbox {
  /** The root with symlinks resolved. */
  readonly root: string;
  /** Resolves a path for reading or listing. */
  resolveForRead(requested: string): ResolvedPath | RefusalDraft;
  /** Resolves a path for writing: as for reading, and never into `.git`, never the root. */
  resolveForWrite(requested: string): ResolvedPath | RefusalDraft;
  /** The root-relative form of an absolute path inside the root, else undefined. */
  relativeInside(absolute: string): string | undefined;
}

// Enough for any honest chain of links; more is a loop.
const maximumLinkDepth = 40;

/** Whether `candidate` is `root` or lies below it (both absolute, symlinks resolved). */
export function isInside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

function toRelative(root: string, absolute: string): string {
  return path.relative(root, absolute).split(path.sep).join('/');
}

/**
 * Where a path really leads, whether or not it exists: the real path of the nearest existing
 * ancestor with the rest appended, following dangling symlinks to their targets. Undefined for
 * a loop of links.
 */
export function realLocation(candidate: string, depth = 0): string | undefined {
  if (depth > maximumLinkDepth) return undefined;
  try {
    return realpathSync(candidate);
  } catch {
    // Missing, or a dangling link, or a link somewhere above: handled below.
  }
  try {
    if (lstatSync(candidate).isSymbolicLink()) {
      const target = path.resolve(path.dirname(candidate), readlinkSync(candidate));
      return realLocation(target, depth + 1);
    }
  } catch {
    // Does not exist at all.
  }
  const parent = path.dirname(candidate);
  if (parent === candidate) return candidate;
  const realParent = realLocation(parent, depth + 1);
  return realParent === undefined ? undefined : path.join(realParent, path.basename(candidate));
}

function touchesGitDirectory(relative: string): boolean {
  // Lower case: on a case-insensitive file system `.GIT/config` is the same file.
  return relative.split('/').some((segment) => segment.toLowerCase() === '.git');
}

export function createSandbox(rootDirectory: string): Sandbox {
  const givenRoot = path.resolve(rootDirectory);
  const root = realpathSync(givenRoot);

  function resolve(requested: string): ResolvedPath | RefusalDraft {
    if (requested.includes('\0'))
      return refuse('INVALID_INPUT', 'The path contains a NUL character.', { path: requested });
    const trimmed = requested.trim();
    let lexical: string;
    if (path.isAbsolute(trimmed)) {
      lexical = path.resolve(trimmed);
      // The model may have been told the root before symlinks were resolved (macOS /tmp).
      if (!isInside(root, lexical) && !isInside(givenRoot, lexical)) {
        return refuse(
          'PATH_ESCAPES',
          `${trimmed} is outside the working directory ${root}; use a path relative to it.`,
          {
            path: requested,
          },
        );
      }
      if (isInside(givenRoot, lexical) && !isInside(root, lexical)) {
        lexical = path.join(root, path.relative(givenRoot, lexical));
      }
    } else {
      if (isEscapingPath(trimmed)) {
        return refuse(
          'PATH_ESCAPES',
          `${trimmed} leads outside the working directory (a \`..\` above it, or a \`~\` or \`$\` a shell would expand); use a path relative to ${root}.`,
          { path: requested },
        );
      }
      lexical = path.join(root, normalizeRepositoryPath(trimmed.replaceAll('\\', '/')));
    }
    const real = realLocation(lexical);
    if (real === undefined) {
      return refuse('PATH_ESCAPES', `${trimmed} is part of a loop of symbolic links.`, { path: requested });
    }
    if (!isInside(root, real)) {
      return refuse(
        'PATH_ESCAPES',
        `${trimmed} is a symbolic link (or lies under one) that leads outside the working directory.`,
        {
          path: requested,
        },
      );
    }
    return { absolute: real, relative: toRelative(root, real) };
  }

  return {
    root,
    resolveForRead: resolve,
    resolveForWrite(requested) {
      const resolved = resolve(requested);
      if ('refused' in resolved) return resolved;
      // Both spellings: `sub/../.git/x` and a link named `notes` that points into `.git`.
      const lexicalRelative = normalizeRepositoryPath(requested.trim().replaceAll('\\', '/'));
      if (
        touchesGitDirectory(resolved.relative) ||
        (!path.isAbsolute(requested.trim()) && touchesGitDirectory(lexicalRelative))
      ) {
        return refuse(
          'GIT_DIR',
          `${requested.trim()} is inside .git (or is the .git file); git's own files are never written.`,
          {
            path: requested,
          },
        );
      }
      if (resolved.relative === '') {
        return refuse('NOT_A_FILE', 'That is the working directory itself; name a file inside it.', {
          path: requested,
        });
      }
      return resolved;
    },
    relativeInside(absolute) {
      const resolved = path.resolve(absolute);
      return isInside(root, resolved) ? toRelative(root, resolved) : undefined;
    },
  };
}
