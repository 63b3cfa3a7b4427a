// The pool entries the hooks post by themselves (seed 001's auto-update): an edit to a critical
// file, a test or build run with its exit status, a commit with its files. Each kind waits out a
// cooldown per instance; these functions decide what to post, the handlers post it.

import type { Config } from '../../config/config-schema.ts';
import { pathMatchesGlob } from '../../core/paths/glob.ts';
import type { NewPoolEntry } from '../../core/pool/entry.ts';

const maximumCommandLength = 200;

function shorten(text: string, length = maximumCommandLength): string {
  const single = text.replace(/\s+/g, ' ').trim();
  return single.length > length ? `${single.slice(0, length - 1)}…` : single;
}

export function isCriticalPath(path: string, config: Config): boolean {
  return config.pool.critical.some((glob) => pathMatchesGlob(path, glob));
}

export function editedEntry(instance: string, tool: string, path: string): NewPoolEntry {
  return {
    instance,
    action: 'edited',
    topic: `edited ${path}`,
    summary: `${tool} on critical file ${path}`,
    affects: [path],
    data: { automatic: true, tool },
  };
}

/** The parts of a command line run one after another: `cd a && npm test | tee x` → `cd a`, `npm test`, `tee x`. */
function commandSegments(command: string): string[] {
  return command
    .split(/&&|\|\||[;|\n&]/)
    .map((segment) => segment.trim().replace(/^(\w+=\S*\s+)+/, ''))
    .filter((segment) => segment.length > 0);
}

function startsWithPattern(segment: string, pattern: string): boolean {
  if (!segment.startsWith(pattern)) return false;
  const next = segment[pattern.length];
  return next === undefined || /\s/.test(next);
}

/** `tested` or `built` when a segment of the command starts with one of the configured patterns. */
export function classifyCommand(
  command: string,
  config: Config,
): { kind: 'tested' | 'built'; matched: string } | undefined {
  for (const segment of commandSegments(command)) {
    const test = config.pool.test_patterns.find((pattern) => startsWithPattern(segment, pattern));
    if (test) return { kind: 'tested', matched: test };
    const build = config.pool.build_patterns.find((pattern) => startsWithPattern(segment, pattern));
    if (build) return { kind: 'built', matched: build };
  }
  return undefined;
}

/** A `git commit` (with any global options before the subcommand). */
export function isGitCommit(command: string): boolean {
  return commandSegments(command).some((segment) =>
    /^git(\s+(-C\s+\S+|-c\s+\S+|--[\w-]+(=\S+)?|-[pP]))*\s+commit(\s|$)/.test(segment),
  );
}

/** "Exit code 3\n…" (Claude Code's PostToolUseFailure error for Bash) → 3. */
export function exitStatusFromError(error: string | undefined): number | null {
  const match = /Exit code (\d+)/.exec(error ?? '');
  return match ? Number(match[1]) : null;
}

export function commandEntry(
  instance: string,
  kind: 'tested' | 'built',
  command: string,
  exitStatus: number | null,
): NewPoolEntry {
  const noun = kind === 'tested' ? 'tests' : 'build';
  const outcome =
    exitStatus === 0 ? 'passed (exit 0)' : exitStatus === null ? 'failed' : `failed (exit ${exitStatus})`;
  return {
    instance,
    action: kind,
    topic: `${noun}: ${shorten(command, 80)}`,
    summary: `\`${shorten(command)}\` ${outcome}`,
    data: { automatic: true, command: shorten(command, 1000), exitStatus },
  };
}

export function commitEntry(
  instance: string,
  commit: { hash: string; subject: string; files: string[] },
): NewPoolEntry {
  const count = commit.files.length;
  return {
    instance,
    action: 'committed',
    topic: `commit ${commit.hash.slice(0, 10)}: ${shorten(commit.subject, 100)}`,
    summary: `${shorten(commit.subject)} (${count} file${count === 1 ? '' : 's'})`,
    affects: commit.files.slice(0, 200),
    data: { automatic: true, commit: commit.hash },
  };
}
