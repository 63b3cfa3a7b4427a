// git: its own options before the subcommand, then the subcommand's rule. Only subcommands known
// to read are allowed.

import { gitInspectors } from './git-inspect.ts';
import { gitListers } from './git-refs.ts';
import type { Rule } from './rule.ts';

const gitReaders: Record<string, Rule> = { ...gitInspectors, ...gitListers };

/** git's own options (before the subcommand): git matches these exactly, never by prefix. */
const gitGlobalFlags = new Set([
  '--no-pager',
  '-P',
  '--paginate',
  '-p',
  '--no-optional-locks',
  '--literal-pathspecs',
  '--glob-pathspecs',
  '--noglob-pathspecs',
  '--icase-pathspecs',
  '--no-replace-objects',
]);

export function gitRule(args: string[]): string | undefined {
  let index = 0;
  while (index < args.length) {
    const argument = args[index]!;
    if (argument === '-C') {
      const folder = args[index + 1];
      if (folder === undefined || folder.startsWith('-')) return 'git -C needs a folder';
      index += 2;
      continue;
    }
    if (gitGlobalFlags.has(argument)) {
      index += 1;
      continue;
    }
    if (!argument.startsWith('-')) break;
    if (/^-c|^--(config-env|exec-path)/.test(argument)) {
      return `git ${argument} can make git run other commands`;
    }
    return `git option ${argument} is not recognised as read-only`;
  }
  const subcommand = args[index];
  if (subcommand === undefined) return undefined;
  const rule = Object.hasOwn(gitReaders, subcommand) ? gitReaders[subcommand] : undefined;
  if (!rule) return `git ${subcommand} is not a read-only git command`;
  return rule(args.slice(index + 1));
}
