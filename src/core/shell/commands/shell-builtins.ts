// Shell builtins with an option that makes bash evaluate its argument: `printf -v 'a[$(cmd)]'`
// and `test -v 'a[$(cmd)]'` evaluate an array subscript, which runs the command substitution
// inside it even from single quotes. They are allowed only without those options. (`env`,
// `command`, `exec`, `eval`, `builtin` run their arguments and are refused as wrappers.)

import type { Rule } from './rule.ts';

export const printfRule: Rule = (args) => {
  const first = args[0];
  if (first === undefined || first === '--' || !first.startsWith('-')) return undefined;
  return first.startsWith('-v')
    ? 'printf -v assigns a shell variable (and evaluates its subscript)'
    : `printf option ${first} is not allowed`;
};

/** test and [: -v and -R name a variable, whose subscript bash evaluates. */
export const testRule: Rule = (args) =>
  args.some((argument) => argument === '-v' || argument === '-R')
    ? 'test -v / -R evaluate a variable name and its subscript, which can run a command'
    : undefined;
