// Is a Bash command read-only? The planner may look around the repository (ls, cat, grep, rg,
// find, git log …) but never change it. The answer errs on the side of "no": only commands on an
// allowlist pass, each with the options that would write or run something refused, and every
// redirection into a file, env-assignment prefix, interpreter, compound command or substitution
// whose inner command is not itself read-only is refused with a reason the agent can read.
// The per-command rules live in commands/; this file walks a parsed command line and judges each
// simple command, its redirections and its substitutions.

import { commandRules } from './commands/index.ts';
import { plainCommands } from './commands/plain-commands.ts';
import { parseShell, type ShellWord, type SimpleCommand } from './parse.ts';

export { awkProgramProblem } from './commands/awk-sed.ts';
export { commandOptionSpecs } from './commands/rule.ts';

export type ReadOnlyVerdict = { readOnly: true } | { readOnly: false; reason: string };

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
  'time',
  'until',
  'while',
]);

/** Redirection targets that are not files in the repository. */
const harmlessTargets = new Set(['/dev/null', '/dev/stdout', '/dev/stderr']);

function judgeCommand(command: SimpleCommand): string | undefined {
  for (const redirect of command.redirects) {
    const { operator, target } = redirect;
    if (operator === '<' || operator === '<<' || operator === '<<-' || operator === '<<<') continue;
    if ((operator === '>&' || operator === '<&') && /^(\d+|-)$/.test(target.value) && !target.dynamic)
      continue;
    if (operator === '<&' || operator === '<>') return `redirection ${operator} is not read-only`;
    if (harmlessTargets.has(target.value) && !target.dynamic) continue;
    return `output redirection ${redirect.fd ?? ''}${operator} ${target.value} writes a file`;
  }
  const words = command.words;
  const first = words[0];
  if (first === undefined) return undefined;
  if (/^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/.test(first.value)) {
    return 'environment assignments (FOO=1 cmd) are not allowed';
  }
  if (first.dynamic) return 'the command name is computed at run time';
  const name = first.value;
  if (shellKeywords.has(name)) return `compound commands (${name} …) are not analysed`;
  if (name.includes('/')) return `${name}: only commands found on PATH by name are allowed`;
  const args = words.slice(1);
  if (plainCommands.has(name)) return undefined;
  const rule = commandRules[name];
  if (!rule) return `${name} is not a read-only command`;
  if (args.some((argument: ShellWord) => argument.dynamic)) {
    return `${name}: an argument computed at run time (a substitution, variable or brace expansion) cannot be checked`;
  }
  return rule(args.map((argument) => argument.value));
}

const maximumDepth = 6;

export function isReadOnlyCommand(command: string, depth = 0): ReadOnlyVerdict {
  if (depth > maximumDepth) return { readOnly: false, reason: 'substitutions nested too deeply' };
  const parsed = parseShell(command);
  if (parsed.problems.length > 0) return { readOnly: false, reason: parsed.problems[0]! };
  for (const substitution of parsed.substitutions) {
    if (substitution.kind === '>(')
      return { readOnly: false, reason: 'output process substitution >(…) is not allowed' };
    const inner = isReadOnlyCommand(substitution.inner, depth + 1);
    if (!inner.readOnly) return { readOnly: false, reason: `in ${substitution.kind}…: ${inner.reason}` };
  }
  for (const simple of parsed.commands) {
    const reason = judgeCommand(simple);
    if (reason) return { readOnly: false, reason };
  }
  return { readOnly: true };
}
