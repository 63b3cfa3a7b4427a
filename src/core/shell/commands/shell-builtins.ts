// Shell builtins that run their arguments as a command: allowed only in the forms that do not.

import type { Rule } from './rule.ts';

export const envRule: Rule = (args) =>
  args.length > 0 ? 'env with arguments runs a command or sets variables' : undefined;

export const commandRule: Rule = (args) =>
  (args[0] === '-v' || args[0] === '-V') && args.slice(1).every((argument) => !argument.startsWith('-'))
    ? undefined
    : 'command runs its arguments (only command -v is allowed)';
