// Git subcommands that list in one form and write in another (branch, tag, config, stash …):
// each is allowed only in its listing form.

import { hasOption, type OptionSpec, type ParsedOptions, parseOptions } from '../options.ts';
import { gitInspectors } from './git-inspect.ts';
import { type Rule, refuse, withSpec } from './rule.ts';

const listOnly = (command: string) => (parsed: ParsedOptions, listing: boolean) =>
  parsed.operands.length > 0 && !listing ? command : undefined;

const branchListing = ['-l', '--list'];
const refFilters = ['contains=', 'no-contains=', 'merged=', 'no-merged=', 'points-at='];

/** Git subcommands allowed only in the forms that read (anything else is refused). */
export const gitListers: Record<string, Rule> = {
  branch: withSpec(
    'git branch',
    {
      flags: 'arlvqi',
      long: [
        'all',
        'remotes',
        'list',
        'verbose',
        'quiet',
        ...refFilters,
        'sort=',
        'format=',
        'color=?',
        'no-color',
        'column=?',
        'no-column',
        'abbrev=?',
        'no-abbrev',
        'ignore-case',
        'omit-empty',
        'show-current',
      ],
      refusedShort: refuse('git branch with that option changes branches', ...'dDmMcCfut'.split('')),
      refusedLong: refuse(
        'git branch with that option changes branches',
        'delete',
        'move',
        'copy',
        'force',
        'set-upstream-to',
        'set-upstream',
        'unset-upstream',
        'edit-description',
        'track',
        'no-track',
        'create-reflog',
        'recurse-submodules',
      ),
    },
    (parsed) =>
      listOnly('git branch NAME creates a branch (list with git branch --list PATTERN)')(
        parsed,
        hasOption(parsed, branchListing),
      ),
  ),
  tag: withSpec(
    'git tag',
    {
      flags: 'li',
      attached: 'n',
      long: [
        'list',
        ...refFilters,
        'sort=',
        'format=',
        'color=?',
        'column=?',
        'no-column',
        'ignore-case',
        'omit-empty',
      ],
      refusedShort: refuse(
        'git tag with that option creates, deletes or verifies tags',
        ...'asufdvmFe'.split(''),
      ),
      refusedLong: refuse(
        'git tag with that option creates, deletes or verifies tags',
        'annotate',
        'sign',
        'no-sign',
        'local-user',
        'force',
        'delete',
        'verify',
        'message',
        'file',
        'edit',
        'cleanup',
        'create-reflog',
        'trailer',
      ),
    },
    (parsed) =>
      listOnly('git tag with arguments creates or deletes tags (only git tag -l lists)')(
        parsed,
        hasOption(parsed, branchListing),
      ),
  ),
  'symbolic-ref': withSpec(
    'git symbolic-ref',
    {
      flags: 'q',
      long: ['quiet', 'short', 'recurse', 'no-recurse'],
      refusedShort: refuse('git symbolic-ref with that option changes a ref', 'd', 'm'),
      refusedLong: refuse('git symbolic-ref with that option changes a ref', 'delete'),
    },
    (parsed) => (parsed.operands.length > 1 ? 'git symbolic-ref NAME REF changes a ref' : undefined),
  ),
  remote: (args) => {
    const top = parseOptions('git remote', args, { flags: 'v', long: ['verbose'], stopAtOperand: true });
    if ('refused' in top) return top.refused;
    const [subcommand, ...rest] = top.operands;
    if (subcommand === undefined) return undefined;
    const specs: Record<string, OptionSpec> = {
      'get-url': { long: ['push', 'all'] },
      show: { flags: 'n' },
    };
    const spec = specs[subcommand];
    if (!spec) return `git remote ${subcommand} changes remotes (only list, show and get-url read)`;
    const parsed = parseOptions(`git remote ${subcommand}`, rest, spec);
    return 'refused' in parsed ? parsed.refused : undefined;
  },
  config: withSpec(
    'git config',
    {
      flags: 'lz',
      valued: 'f',
      refusedShort: refuse('git config -e opens an editor on the configuration', 'e'),
      long: [
        'get',
        'get-all',
        'get-regexp',
        'get-urlmatch',
        'get-color',
        'get-colorbool',
        'list',
        'show-origin',
        'show-scope',
        'name-only',
        'null',
        'global',
        'system',
        'local',
        'worktree',
        'file=',
        'blob=',
        'type=',
        'bool',
        'int',
        'bool-or-int',
        'path',
        'expiry-date',
        'default=',
        'includes',
        'no-includes',
        'all',
        'regexp',
        'show-names',
      ],
      refusedLong: refuse(
        'changes configuration',
        'add',
        'unset',
        'unset-all',
        'replace-all',
        'rename-section',
        'remove-section',
        'edit',
        'value',
        'fixed-value',
        'comment',
      ),
    },
    (parsed) => {
      const modes = [
        '--get',
        '--get-all',
        '--get-regexp',
        '--get-urlmatch',
        '--get-color',
        '--get-colorbool',
      ];
      const [first, ...rest] = parsed.operands;
      const listing = hasOption(parsed, ['--list', '-l']);
      if (hasOption(parsed, modes))
        return parsed.operands.length <= 3 ? undefined : 'git config: too many operands';
      if (listing && parsed.operands.length === 0) return undefined;
      if (first === 'list' && rest.length === 0) return undefined;
      if (first === 'get' && rest.length === 1) return undefined;
      return 'git config without --get or --list changes configuration';
    },
  ),
  stash: (args) => {
    const [subcommand, ...rest] = args;
    if (subcommand === 'list') return gitInspectors.log!(rest);
    if (subcommand === 'show') return gitInspectors.diff!(rest);
    return 'git stash changes the work tree (only list and show read)';
  },
  worktree: (args) => {
    const [subcommand, ...rest] = args;
    if (subcommand !== 'list') return 'git worktree changes worktrees (only list is allowed)';
    const parsed = parseOptions('git worktree list', rest, {
      flags: 'vz',
      long: ['porcelain', 'verbose', 'expire='],
    });
    return 'refused' in parsed ? parsed.refused : undefined;
  },
  reflog: (args) => {
    const [first, ...rest] = args;
    if (first === undefined) return undefined;
    if (first === 'show') return gitInspectors.log!(rest);
    if (first.startsWith('-')) return gitInspectors.log!(args);
    return `git reflog ${first} is not read-only (only git reflog [show] lists)`;
  },
};
