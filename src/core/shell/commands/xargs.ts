// xargs runs a command with arguments it reads from its input, which nobody can check: only a
// plain command, none of whose options is harmful, may be run that way.

import type { OptionSpec } from '../options.ts';
import { plainCommands } from './plain-commands.ts';
import { withSpec } from './rule.ts';

const xargsSpec: OptionSpec = {
  flags: '0oprtx',
  valued: 'adEILnPs',
  attached: 'eil',
  long: [
    'null',
    'arg-file=',
    'delimiter=',
    'eof=?',
    'replace=?',
    'max-lines=?',
    'max-args=',
    'open-tty',
    'max-procs=',
    'interactive',
    'process-slot-var=',
    'no-run-if-empty',
    'max-chars=',
    'show-limits',
    'verbose',
    'exit',
    'help',
    'version',
  ],
  stopAtOperand: true,
};

export const xargsRule = withSpec('xargs', xargsSpec, (parsed) => {
  const command = parsed.operands[0];
  if (command === undefined) return undefined;
  // Input lines become arguments: only commands whose every option is harmless may run.
  if (!plainCommands.has(command)) return `xargs runs ${command}, which is not a plain read-only command`;
  return undefined;
});
