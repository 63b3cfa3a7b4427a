// Is a Bash command read-only? The planner may look around the repository (ls, cat, grep, rg,
// find, git log …) but never change it. The check fails closed: parse.ts accepts only a small
// grammar whose meaning is certain (plain and quoted words without expansions, pipes and lists,
// redirections into /dev/null), and every simple command must then be on the allowlist, its
// options read by the command's rule in commands/. Anything else is refused with a reason the
// agent can read. A glob (* ? [ … ]) is allowed only as an argument of a plain command, none of
// whose options does harm, since bash may replace it with any file name, `-delete` included.

import { commandRules } from './commands/command-rules.ts';
import { plainCommands } from './commands/plain-commands.ts';
import { parseShell, type SimpleCommand } from './parse-shell.ts';

export { awkProgramProblem } from './commands/awk-sed.ts';
export { commandOptionSpecs } from './commands/rule.ts';

export type ReadOnlyVerdict = { readOnly: true } | { readOnly: false; reason: string };

/** Commands that run another command the check would have to see through: name it directly. */
const wrappers = new Set([
  'builtin',
  'command',
  'env',
  'eval',
  'exec',
  'nice',
  'nohup',
  'source',
  '.',
  'stdbuf',
  'sudo',
  'time',
  'timeout',
]);

const shellKeywords = new Set([
  '!',
  '[[',
  ']]',
  '{',
  '}',
  'case',
  'coproc',
  'do',
  'done',
  'elif',
  'else',
  'esac',
  'fi',
  'for',
  'function',
  'if',
  'in',
  'select',
  'then',
  'until',
  'while',
]);

function judgeCommand(command: SimpleCommand): string | undefined {
  const [first, ...args] = command.words;
  if (first === undefined) return 'no command';
  if (first.glob) return `the command name ${first.source} is a pattern bash would expand`;
  const name = first.value;
  if (/^[A-Za-z_][A-Za-z0-9_]*(\[.*\])?\+?=/.test(first.source)) {
    return `variable assignments (${first.source} …) are not allowed`;
  }
  if (wrappers.has(name)) return `${name} runs another command, which is not allowed: run the command itself`;
  if (shellKeywords.has(name)) return `compound commands (${name} …) are not allowed`;
  if (name.includes('/')) return `${name}: only commands found on PATH by name are allowed`;
  if (plainCommands.has(name)) return undefined;
  const rule = Object.hasOwn(commandRules, name) ? commandRules[name] : undefined;
  if (!rule) return `${name} is not a read-only command`;
  const glob = args.find((argument) => argument.glob);
  if (glob) {
    return `${name}: the pattern ${glob.source} could expand to any file name, an option included: quote it or name the files`;
  }
  return rule(args.map((argument) => argument.value));
}

export function isReadOnlyCommand(command: string): ReadOnlyVerdict {
  const parsed = parseShell(command);
  if ('refused' in parsed) return { readOnly: false, reason: parsed.refused };
  for (const simple of parsed.commands) {
    const reason = judgeCommand(simple);
    if (reason) return { readOnly: false, reason };
  }
  return { readOnly: true };
}
