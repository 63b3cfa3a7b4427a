// baton itself: the planner may read plans, their status, the pool, claims and events, and
// nothing else. A person's commands (approve, reject, complete, hooks uninstall …) and every
// command that records something (claim, pool post, new, run …) are refused here; the hooks
// also refuse a person's commands to every agent (core/people/person-only.ts).

import type { OptionSpec } from '../options.ts';
import { type Rule, withSpec } from './rule.ts';

const json = ['json', 'help'];

/** The read-only subcommands, each with the options it is allowed. */
const readers: Record<string, Rule> = {
  show: withSpec('baton show', { long: json }),
  lint: withSpec('baton lint', { long: json }),
  plans: withSpec('baton plans', { long: [...json, 'state='] }),
  status: withSpec('baton status', { long: json }),
  cost: withSpec('baton cost', { long: [...json, 'plan=', 'by='] }),
  claims: withSpec('baton claims', { long: [...json, 'instance='] }),
  events: withSpec('baton events', {
    long: [...json, 'plan=', 'task=', 'instance=', 'kind=', 'since=', 'limit='],
  }),
};

const poolQuery: OptionSpec = {
  long: [...json, 'since=', 'instance=', 'action=', 'affects=', 'topic=', 'plan=', 'limit='],
};
readers.pool = (args) =>
  args[0] === 'query'
    ? withSpec('baton pool query', poolQuery)(args.slice(1))
    : `baton pool ${args[0] ?? ''} is not a read-only baton command (only baton pool query is)`.trimEnd();

const readerList = Object.keys(readers).join(', ');

export const batonRule: Rule = (args) => {
  const rest = args[0] === '--debug' ? args.slice(1) : args;
  const subcommand = rest[0];
  if (subcommand === undefined || subcommand === '--help' || subcommand === '--version') return undefined;
  const rule = Object.hasOwn(readers, subcommand) ? readers[subcommand] : undefined;
  if (!rule) {
    return `baton ${subcommand} is not a read-only baton command (the planner may run ${readerList})`;
  }
  return rule(rest.slice(1));
};
