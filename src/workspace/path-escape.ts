// Whether a repository-relative path leads outside the repository through a symlink. The
// path may not exist yet (a file a task will create), and a symlink may point at something
// that does not exist (a dangling link): so the path is resolved component by component, the
// way the kernel would, following each symlink met through its target text (readlink) rather
// than asking realpath about the whole. What is left once a component does not exist is
// joined as written: nothing below a missing directory can be a link.
import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';

// As many links as Linux follows before ELOOP; a path needing more cannot be said to stay inside.
const maximumLinks = 40;

function split(text: string): string[] {
  return text.split(/[/\\]/).filter((part) => part !== '' && part !== '.');
}

/** Where `relative` leads from `root` once every symlink on the way is followed; undefined on a loop. */
function resolveThroughLinks(root: string, relative: string): string | undefined {
  let current = root;
  const pending = split(relative);
  let links = 0;
  while (pending.length > 0) {
    const part = pending.shift()!;
    if (part === '..') {
      current = path.dirname(current);
      continue;
    }
    const next = path.join(current, part);
    let isLink: boolean;
    try {
      isLink = lstatSync(next).isSymbolicLink();
    } catch {
      return path.join(next, ...pending);
    }
    if (!isLink) {
      current = next;
      continue;
    }
    if (++links > maximumLinks) return undefined;
    const target = readlinkSync(next);
    if (path.isAbsolute(target)) {
      const targetRoot = path.parse(target).root;
      current = targetRoot;
      pending.unshift(...split(target.slice(targetRoot.length)));
    } else {
      // A relative target is read from the link's own folder, which `current` still is.
      pending.unshift(...split(target));
    }
  }
  return current;
}

export function makeSymlinkEscapeCheck(repositoryRoot: string): (repositoryRelativePath: string) => boolean {
  const root = realpathSync(repositoryRoot);
  return (repositoryRelativePath) => {
    // A glob's literal prefix is what could be a symlink (lint passes prefixes already).
    const literal = repositoryRelativePath.split(/[*?[{]/)[0] ?? '';
    const resolved = resolveThroughLinks(root, literal);
    if (resolved === undefined) return true;
    return resolved !== root && !resolved.startsWith(root + path.sep);
  };
}
