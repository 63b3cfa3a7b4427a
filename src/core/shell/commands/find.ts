// Finding files: find, whose expression syntax is its own and is matched word by word, and fd,
// read against an option spec. Both can run a command on what they find; that is refused.

import type { OptionSpec } from '../options.ts';
import { refuse, withSpec } from './rule.ts';

const fdSpec: OptionSpec = {
  flags: 'HIusigFalLp01qhV',
  valued: 'dEteSocj',
  refusedShort: { x: 'fd --exec runs a command', X: 'fd --exec runs a command' },
  long: [
    'hidden',
    'no-hidden',
    'no-ignore',
    'ignore',
    'no-ignore-vcs',
    'ignore-vcs',
    'no-require-git',
    'no-ignore-parent',
    'unrestricted',
    'case-sensitive',
    'ignore-case',
    'glob',
    'regex',
    'fixed-strings',
    'and=',
    'absolute-path',
    'relative-path',
    'list-details',
    'follow',
    'no-follow',
    'full-path',
    'print0',
    'max-depth=',
    'min-depth=',
    'exact-depth=',
    'exclude=',
    'prune',
    'type=',
    'extension=',
    'size=',
    'changed-within=',
    'changed-before=',
    'newer=',
    'older=',
    'owner=',
    'format=',
    'ignore-file=',
    'color=',
    'threads=',
    'max-results=',
    'quiet',
    'show-errors',
    'base-directory=',
    'path-separator=',
    'search-path=',
    'strip-cwd-prefix=?',
    'one-file-system',
    'help',
    'version',
  ],
  refusedLong: refuse('fd --exec runs a command', 'exec', 'exec-batch', 'batch-size'),
};

export const fdRule = withSpec('fd', fdSpec);

const findActions = [
  '-exec',
  '-execdir',
  '-ok',
  '-okdir',
  '-delete',
  '-fprint',
  '-fprint0',
  '-fprintf',
  '-fls',
];
const findValued = new Set([
  '-name',
  '-iname',
  '-path',
  '-ipath',
  '-wholename',
  '-iwholename',
  '-regex',
  '-iregex',
  '-regextype',
  '-type',
  '-xtype',
  '-size',
  '-newer',
  '-anewer',
  '-cnewer',
  '-mtime',
  '-atime',
  '-ctime',
  '-mmin',
  '-amin',
  '-cmin',
  '-user',
  '-group',
  '-uid',
  '-gid',
  '-perm',
  '-links',
  '-inum',
  '-samefile',
  '-lname',
  '-ilname',
  '-used',
  '-fstype',
  '-maxdepth',
  '-mindepth',
  '-printf',
  '-context',
  '-D',
]);
const findFlags = new Set([
  '-empty',
  '-nouser',
  '-nogroup',
  '-readable',
  '-writable',
  '-executable',
  '-true',
  '-false',
  '-depth',
  '-mount',
  '-xdev',
  '-noleaf',
  '-follow',
  '-daystart',
  '-ignore_readdir_race',
  '-noignore_readdir_race',
  '-warn',
  '-nowarn',
  '-print',
  '-print0',
  '-ls',
  '-prune',
  '-quit',
  '-not',
  '-a',
  '-and',
  '-o',
  '-or',
  '-H',
  '-L',
  '-P',
  '-help',
  '--help',
  '-version',
  '--version',
]);

export function findRule(args: string[]): string | undefined {
  for (let index = 0; index < args.length; index += 1) {
    const argument = args[index]!;
    if (findActions.includes(argument)) return `find ${argument} runs a command or changes files`;
    if (!argument.startsWith('-') || argument === '-') continue;
    if (findValued.has(argument)) {
      const value = args[index + 1];
      if (value !== undefined && findActions.includes(value))
        return `find ${value} runs a command or changes files`;
      index += 1;
      continue;
    }
    if (findFlags.has(argument) || /^-newer[aBcmt][aBcmt]$/.test(argument) || /^-O\d$/.test(argument))
      continue;
    return `find ${argument} is not known to be read-only`;
  }
  return undefined;
}
