// What a command rule is, and the one way most rules are made: reading the arguments against an
// option spec. Every spec handed to `withSpec` is recorded, so the tests can try every spelling
// of every refused option of every command without a second list to keep in step.

import type { OptionSpec, ParsedOptions } from '../options.ts';
import { parseOptions } from '../options.ts';

/** Judges a command's arguments: a reason it is not read-only, or undefined when it is. */
export type Rule = (args: string[]) => string | undefined;

export const runsCommand = 'runs a command';

/** Refused long options: every spelling shares one reason. */
export const refuse = (reason: string, ...names: string[]): Record<string, string> =>
  Object.fromEntries(names.map((name) => [name, reason]));

/** Every command (`sort`, `git grep` …) judged by an option spec, with its spec: for tests. */
const specsByCommand: Record<string, OptionSpec> = {};
export const commandOptionSpecs: Readonly<Record<string, OptionSpec>> = specsByCommand;

/** Reads `args` against `spec`; a refusal comes back as the reason, else `check` judges the result. */
export function withSpec(
  command: string,
  spec: OptionSpec,
  check?: (parsed: ParsedOptions) => string | undefined,
): Rule {
  specsByCommand[command] ??= spec;
  return (args) => {
    const parsed = parseOptions(command, args, spec);
    if ('refused' in parsed) return parsed.refused;
    return check?.(parsed);
  };
}
