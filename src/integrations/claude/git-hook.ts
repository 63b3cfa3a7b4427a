// The git post-commit hook that posts each commit to the pool (`baton hook git-post-commit`).
// An existing post-commit hook is kept: baton's lines go in a marked block right after its
// `#!` line (so an `exit` further down cannot skip them), and uninstalling removes only the block
// (and the file, when baton created it and nothing else is left).
import { chmodSync, existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { BatonError } from '../../errors.ts';
import { writeFileAtomically } from '../../workspace/atomic-write.ts';
import { tryGit } from '../../workspace/git.ts';
import type { SettingsChange } from './settings.ts';

const beginMarker = '# >>> baton post-commit hook (removed by: baton hooks uninstall --git-hook) >>>';
const endMarker = '# <<< baton post-commit hook <<<';
const shebang = '#!/bin/sh';

export function gitHookFile(repositoryRoot: string): string {
  const hooks = tryGit(repositoryRoot, ['rev-parse', '--git-path', 'hooks']) ?? path.join('.git', 'hooks');
  return path.join(path.resolve(repositoryRoot, hooks), 'post-commit');
}

function block(commandPrefix: string): string {
  // Never fail or slow down a commit because of the pool.
  return `${beginMarker}\n${commandPrefix} hook git-post-commit >/dev/null 2>&1 || true\n${endMarker}\n`;
}

function withoutBlock(text: string): string {
  const start = text.indexOf(beginMarker);
  if (start < 0) return text;
  const end = text.indexOf(endMarker, start);
  if (end < 0) return text;
  let after = end + endMarker.length;
  if (text[after] === '\n') after += 1;
  return text.slice(0, start) + text.slice(after);
}

/** What installing would write, checked but not written (throws when it cannot be done). */
export interface PlannedFileChange extends SettingsChange {
  /** The new contents when `changed`. */
  next?: string;
}

export function installGitHook(repositoryRoot: string, commandPrefix: string): SettingsChange {
  return applyGitHookPlan(planGitHookInstall(repositoryRoot, commandPrefix));
}

export function applyGitHookPlan(plan: PlannedFileChange): SettingsChange {
  if (plan.changed && plan.next !== undefined) {
    writeFileAtomically(plan.file, plan.next, { mode: 0o755 });
    chmodSync(plan.file, 0o755);
  }
  return { file: plan.file, changed: plan.changed };
}

export function planGitHookInstall(repositoryRoot: string, commandPrefix: string): PlannedFileChange {
  const file = gitHookFile(repositoryRoot);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  let next: string;
  if (current === undefined || current.trim() === '') {
    next = `${shebang}\n${block(commandPrefix)}`;
  } else {
    const firstLine = current.split('\n', 1)[0]!;
    if (firstLine.startsWith('#!') && !/\b(sh|bash|dash|zsh|ksh)\b/.test(firstLine)) {
      throw new BatonError(
        'USAGE',
        `${file} is not a shell script (${firstLine}); baton cannot add its lines to it`,
        {
          hint: `Add a call to "${commandPrefix} hook git-post-commit" to that hook by hand.`,
        },
      );
    }
    const rest = withoutBlock(current);
    next = firstLine.startsWith('#!')
      ? `${firstLine}\n${block(commandPrefix)}${rest.slice(firstLine.length + 1)}`
      : `${block(commandPrefix)}${rest}`;
  }
  if (next === current) return { file, changed: false };
  return { file, changed: true, next };
}

export function uninstallGitHook(repositoryRoot: string): SettingsChange {
  const file = gitHookFile(repositoryRoot);
  if (!existsSync(file)) return { file, changed: false };
  const current = readFileSync(file, 'utf8');
  const next = withoutBlock(current);
  if (next === current) return { file, changed: false };
  if (next.trim() === '' || next.trim() === shebang) rmSync(file);
  else writeFileAtomically(file, next, { mode: 0o755 });
  return { file, changed: true };
}
