// sed and awk: their options first, then the script itself, since a script can write files and
// run commands as well as any option can.

import { type OptionSpec, optionValues } from '../options.ts';
import { sedScriptProblem } from '../sed-script.ts';
import { refuse, withSpec } from './rule.ts';

const sedSpec: OptionSpec = {
  flags: 'nErsuz',
  valued: 'el',
  refusedShort: { i: 'sed -i edits files in place', f: 'sed -f reads a script that cannot be checked' },
  long: [
    'quiet',
    'silent',
    'debug',
    'expression=',
    'follow-symlinks',
    'line-length=',
    'null-data',
    'zero-terminated',
    'posix',
    'regexp-extended',
    'separate',
    'sandbox',
    'unbuffered',
    'help',
    'version',
  ],
  refusedLong: {
    'in-place': 'sed -i edits files in place',
    file: 'sed -f reads a script that cannot be checked',
  },
};

const awkLoads = 'loads a program that cannot be checked, or writes a file';
/** Only -F, -v and their long forms; the program itself is checked by awkProgramProblem. */
const awkSpec: OptionSpec = {
  valued: 'Fv',
  refusedShort: refuse(awkLoads, ...'fiIlEeopdDMbcCgLnNOPrStTVWxy'.split('')),
  long: ['field-separator=', 'assign=', 'sandbox', 'posix', 'traditional'],
  refusedLong: refuse(
    awkLoads,
    'source',
    'file',
    'include',
    'load',
    'exec',
    'pretty-print',
    'profile',
    'dump-variables',
    'debug',
    'lint',
    'optimize',
    'no-optimize',
    'bignum',
    'characters-as-bytes',
    'csv',
    'gen-pot',
    'help',
    'copyright',
    'version',
    'lint-old',
    'non-decimal-data',
    'use-lc-numeric',
    're-interval',
    'persist',
  ),
  stopAtOperand: true,
};

export const sedRule = withSpec('sed', sedSpec, (parsed) => {
  const scripts = optionValues(parsed, ['-e', '--expression']);
  if (scripts.length === 0 && parsed.operands.length > 0) scripts.push(parsed.operands[0]!);
  for (const script of scripts) {
    const problem = sedScriptProblem(script);
    if (problem) return problem;
  }
  return undefined;
});

/**
 * awk is allowed in a conservative subset: a program on the command line with no `@` (gawk's
 * indirect calls, @load, @include), no `system`, no `getline`, no `>` or `|` (print to a file
 * or a command) and no line continuation. Whatever is refused here can be done with grep, cut,
 * sort and friends.
 */
export function awkProgramProblem(program: string): string | undefined {
  if (program.includes('@')) return 'awk program with @ (indirect call, @load, @include) is not allowed';
  if (/system|getline/.test(program)) return 'awk program may run a command (system, getline)';
  if (/[>|]/.test(program)) return 'awk program may write a file or run a command (>, |)';
  if (/\\\r?\n/.test(program)) return 'awk program with a line continuation is not analysed';
  return undefined;
}

export const awkRule = withSpec('awk', awkSpec, (parsed) => {
  const program = parsed.operands[0];
  if (program === undefined) return 'awk without a program on the command line cannot be checked';
  return awkProgramProblem(program);
});
