// The registry: every command allowed with arguments checked, by name, with its rule. A command
// in neither this table nor plainCommands is refused.

import { awkRule, sedRule } from './awk-sed.ts';
import { batonRule } from './baton.ts';
import { dateRule, fileRule, hostnameRule, treeRule } from './file-info.ts';
import { fdRule, findRule } from './find.ts';
import { gitRule } from './git-rule.ts';
import type { Rule } from './rule.ts';
import { printfRule, testRule } from './shell-builtins.ts';
import { rgRule, sortRule, uniqRule } from './text-tools.ts';
import { xargsRule } from './xargs.ts';

export const commandRules: Record<string, Rule> = {
  find: findRule,
  fd: fdRule,
  rg: rgRule,
  sort: sortRule,
  tree: treeRule,
  file: fileRule,
  date: dateRule,
  hostname: hostnameRule,
  uniq: uniqRule,
  printf: printfRule,
  test: testRule,
  '[': testRule,
  baton: batonRule,
  sed: sedRule,
  awk: awkRule,
  gawk: awkRule,
  mawk: awkRule,
  nawk: awkRule,
  git: gitRule,
  xargs: xargsRule,
};
