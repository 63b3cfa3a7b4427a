// A small .gitignore reader, so list_files and search skip what git skips without spawning
// `git check-ignore` (only src/workspace/ may spawn processes, and a process per file is slow).
//
// Read: `.git/info/exclude`, the root .gitignore and every nested .gitignore on the way down.
// Understood: comments, blank lines, `!` negation, a trailing `/` (directories only), a `/` at
// the start or in the middle (anchored to the .gitignore's folder; otherwise the pattern
// matches a name at any depth), `*`, `?`, `[…]`, `**`, `\` escapes, and "a file under an
// ignored folder stays ignored" (git's rule that a `!` cannot re-include it).
// Not read: the global excludes file (core.excludesFile) and the index: a tracked file that
// matches a pattern is still hidden here, where git would show it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';

interface IgnoreRule {
  matches: (relativeToBase: string) => boolean;
  negated: boolean;
  directoryOnly: boolean;
}

export interface IgnoreRules {
  /** Is this root-relative path ignored (itself, or through a folder above it)? */
  isIgnored(relative: string, isDirectory: boolean): boolean;
}

function trimTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line[end - 1] === ' ' && line[end - 2] !== '\\') end--;
  return line.slice(0, end);
}

/** One .gitignore line as a rule, or undefined for comments and blank lines. */
export function parseIgnoreLine(rawLine: string): IgnoreRule | undefined {
  let line = trimTrailingSpaces(rawLine.replace(/\r$/, ''));
  if (line === '' || line.startsWith('#')) return undefined;
  let negated = false;
  if (line.startsWith('!')) {
    negated = true;
    line = line.slice(1);
  } else if (line.startsWith('\\!') || line.startsWith('\\#')) {
    line = line.slice(1);
  }
  let directoryOnly = false;
  if (line.endsWith('/')) {
    directoryOnly = true;
    line = line.replace(/\/+$/, '');
  }
  if (line === '') return undefined;
  const anchored = line.includes('/');
  const pattern = anchored ? line.replace(/^\/+/, '') : `**/${line}`;
  // Braces and extglobs mean nothing to git; picomatch must not give them meaning either.
  const matches = picomatch(pattern, { dot: true, nobrace: true, noextglob: true, nonegate: true });
  return { matches, negated, directoryOnly };
}

export function parseIgnoreFile(text: string): IgnoreRule[] {
  return text.split('\n').flatMap((line) => parseIgnoreLine(line) ?? []);
}

function readRules(file: string): IgnoreRule[] {
  try {
    return parseIgnoreFile(readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
}

export function createIgnoreRules(root: string): IgnoreRules {
  // Rules per folder (root-relative, '' for the root), read on first use.
  const rulesByFolder = new Map<string, IgnoreRule[]>();
  const folderVerdicts = new Map<string, boolean>();

  function rulesOf(folder: string): IgnoreRule[] {
    let rules = rulesByFolder.get(folder);
    if (!rules) {
      rules = readRules(path.join(root, folder, '.gitignore'));
      // Lowest precedence first: info/exclude, then the root .gitignore.
      if (folder === '') rules = [...readRules(path.join(root, '.git', 'info', 'exclude')), ...rules];
      rulesByFolder.set(folder, rules);
    }
    return rules;
  }

  // The verdict of the rules alone, without looking at the folders above.
  function decide(relative: string, isDirectory: boolean): boolean {
    const segments = relative.split('/');
    let ignored = false;
    // From the root down to the path's own folder: deeper files and later lines win.
    for (let depth = 0; depth < segments.length; depth++) {
      const folder = segments.slice(0, depth).join('/');
      const relativeToFolder = segments.slice(depth).join('/');
      for (const rule of rulesOf(folder)) {
        if (rule.directoryOnly && !isDirectory) continue;
        if (rule.matches(relativeToFolder)) ignored = !rule.negated;
      }
    }
    return ignored;
  }

  function folderIgnored(folder: string): boolean {
    let verdict = folderVerdicts.get(folder);
    if (verdict === undefined) {
      const parent = folder.includes('/') ? folder.slice(0, folder.lastIndexOf('/')) : '';
      verdict = (parent !== '' && folderIgnored(parent)) || decide(folder, true);
      folderVerdicts.set(folder, verdict);
    }
    return verdict;
  }

  return {
    isIgnored(relative, isDirectory) {
      if (relative === '') return false;
      if (isDirectory) return folderIgnored(relative);
      const parent = relative.includes('/') ? relative.slice(0, relative.lastIndexOf('/')) : '';
      return (parent !== '' && folderIgnored(parent)) || decide(relative, false);
    },
  };
}
