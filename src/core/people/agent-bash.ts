// What an agent's Bash may not do, whatever its role: run a person's command (approve, reject,
// revise, complete, recording review scores, hooks/mcp uninstall, releasing another's claim, an
// --instance/--role override of `baton claude`), act for another instance (`--instance`), or
// touch the variables that say who it is (BATON_INSTANCE, CLAUDE_INSTANCE, BATON_AGENT,
// BATON_ROLE; `env -i`/`-u`, `unset`, `exec -c`).
//
// A parser loses to bash, so this check fails closed. It allows a command that names baton only
// when it reads the whole command in a small grammar (plain words, quotes without expansions,
// ; && || | and plain redirections) and every simple command naming baton is either a program
// that never runs its arguments (cat, grep, ls …) or baton itself with a subcommand an agent may
// run. Anything it cannot read that names baton anywhere — a substitution, a variable, a here-
// document, an interpreter, a wrapper it does not unwrap — is denied with the reason. What it
// cannot see (a script written earlier, a name built from pieces at run time) is for the second
// line: every agent runs with a marker that makes the person's commands refuse
// (core/people/person-only.ts, workspace/people/person-process.ts). The grammar read with certainty
// is bash-certain-grammar.ts; the text once quoting is gone, bash-visible-words.ts.
import { type CertainCommand, parseCertain } from './bash-certain-grammar.ts';
import { chunks, visibleText, wordNamesBaton } from './bash-visible-words.ts';

/** The variables that say who a process is; an agent may not set, unset or pass them. */
export const identityVariables = [
  'BATON_INSTANCE',
  'CLAUDE_INSTANCE',
  'BATON_AGENT',
  'BATON_ROLE',
  'CLAUDE_CODE_SESSION_ID',
] as const;

/** baton's subcommands an agent may run (anything else naming baton is denied). */
const agentSubcommands = new Set([
  'show',
  'plans',
  'lint',
  'status',
  'pool',
  'claim',
  'claims',
  'release',
  'attention',
  'cost',
  'handoff',
  'submit',
  'new',
  'events',
  'doctor',
  'help',
]);

/** The person's commands, named in the reason. */
const personSubcommands: Record<string, string> = {
  approve: "approve is a person's command",
  reject: "reject is a person's command",
  revise: "revise is a person's command",
  complete: "complete is a person's command",
  review: "review (recording scores) is a person's command",
  score: "score (recording a review's scores) is a person's command",
  retry: "retry (sending a blocked task back) is a person's command",
  demo: "demo (it approves a plan in your name) is a person's command",
  ui: "ui (the page where a person approves, retries and stops runs) is a person's command",
  hooks: "hooks install/uninstall is a person's command",
  mcp: "mcp install/uninstall is a person's command",
  claude: "baton claude (an --instance/--role override) is a person's command",
};

/** Programs that never run, source or alias their arguments: naming baton there is just text. */
const dataPrograms = new Set([
  'cat',
  'head',
  'tail',
  'wc',
  'grep',
  'egrep',
  'fgrep',
  'rg',
  'ls',
  'tree',
  'echo',
  'printf',
  'pwd',
  'cd',
  'file',
  'stat',
  'du',
  'diff',
  'cmp',
  'sort',
  'uniq',
  'cut',
  'jq',
  'which',
  'whereis',
  'type',
  'readlink',
  'realpath',
  'basename',
  'dirname',
  'test',
  '[',
  'true',
  'false',
  'nl',
  'sha256sum',
  'md5sum',
]);

/** git subcommands whose arguments are text or paths, never something to run. */
const gitDataSubcommands = new Set(['commit', 'log', 'show', 'diff', 'status', 'add', 'grep', 'blame']);

/** Prefix words that run the rest of the command as it is (no options accepted). */
const transparentPrefixes = new Set(['command', 'exec', 'nohup', 'time', 'npx', 'bunx', 'pnpx']);

export interface AgentBashOptions {
  /** Where this baton is installed (its folder, its bin/baton.js): naming them names baton. */
  batonPaths?: readonly string[];
}

/** Why an agent may not run `command`, or undefined when this check has nothing against it. */
export function agentBashProblem(command: string, options: AgentBashOptions = {}): string | undefined {
  const visible = visibleText(command);
  const identity = identityProblem(visible);
  if (identity !== undefined) return identity;
  const namesBaton = (word: string) => wordNamesBaton(word, options.batonPaths ?? []);
  const parsed = parseCertain(command);
  if (parsed === undefined) {
    const named = chunks(visible).find(namesBaton);
    return named === undefined
      ? undefined
      : `the command names baton (${named}) in a form baton cannot read with certainty (substitutions, variables, here-documents, subshells, escapes or background jobs); run a plain \`baton <command>\` instead`;
  }
  for (const simple of parsed) {
    const problem = judgeSimpleCommand(simple, namesBaton);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

// ---- identity variables ---------------------------------------------------------------------

function identityProblem(visible: string): string | undefined {
  for (const match of visible.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
    const word = match[0].toUpperCase();
    for (const name of identityVariables) {
      if (word.includes(name))
        return `the command names ${name}: an agent may not set, unset or pass the variables that say who it is (it acts as the instance it was started as)`;
      // A name built from pieces at run time (BATON_$X, CLAUDE_${Y}) ends in a beginning of one.
      for (let length = name.indexOf('_') + 1; length < name.length; length++) {
        if (word.endsWith(name.slice(0, length)))
          return `the command builds a variable name from ${name.slice(0, length)}…: an agent may not set or unset the variables that say who it is`;
      }
    }
  }
  for (const simple of visible.split(/[;&|\n()`]+/)) {
    const words = simple.trim().split(/\s+/);
    const program = words.findIndex((word) => /(^|\/)env$/.test(word));
    if (program >= 0) {
      const option = words
        .slice(program + 1)
        .find(
          (word) =>
            word === '-' ||
            /^-[A-Za-z0-9]*[iuS]/.test(word) ||
            /^--(ignore-environment|unset|split-string)/.test(word),
        );
      if (option !== undefined)
        return `env ${option} changes which variables a command sees: an agent may not clear or unset its environment`;
    }
    const exec = words.indexOf('exec');
    if (exec >= 0 && /^-[A-Za-z]*c/.test(words[exec + 1] ?? ''))
      return 'exec -c clears the environment: an agent may not clear its environment';
    const setter = words.findIndex((word) =>
      ['unset', 'export', 'declare', 'typeset', 'local', 'readonly'].includes(word),
    );
    if (setter >= 0) {
      const computed = words.slice(setter + 1).find((word) => /[$`*?[]/.test(word.split('=')[0] ?? ''));
      if (computed !== undefined)
        return `${words[setter]} ${computed}: a variable name computed at run time could be one that says who the agent is`;
    }
  }
  return undefined;
}

// ---- one simple command ----------------------------------------------------------------------

function judgeSimpleCommand(
  simple: CertainCommand,
  namesBaton: (word: string) => boolean,
): string | undefined {
  const named = simple.words.find(namesBaton);
  if (named === undefined) return undefined;
  let words = simple.words;
  // Leading assignments (FOO=1 baton …): the identity variables were refused above.
  while (words[0] !== undefined && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) words = words.slice(1);
  // Wrappers that run the rest as it is: env with assignments only, command, exec, nohup, npx …
  for (;;) {
    const first = words[0];
    if (first === undefined) return undefined;
    const base = first.split('/').pop() ?? first;
    if (base === 'env') {
      words = words.slice(1);
      while (words[0] !== undefined && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) words = words.slice(1);
      if (words[0]?.startsWith('-')) return `env ${words[0]} before baton: baton cannot tell what runs`;
      continue;
    }
    if (transparentPrefixes.has(base) && !words[1]?.startsWith('-')) {
      words = words.slice(1);
      continue;
    }
    if (base === 'npm' && words[1] === 'exec' && !words[2]?.startsWith('-')) {
      words = words.slice(2);
      continue;
    }
    if (base === 'node' && words[1] !== undefined && !words[1].startsWith('-')) {
      // node <script>: baton when the script is; any other script may run anything it is handed.
      if (!namesBaton(words[1]))
        return `node runs ${words[1]} with arguments naming baton (${named}): baton cannot tell what it runs`;
      words = words.slice(1);
    }
    break;
  }
  const program = words[0]!;
  const base = (program.split('/').pop() ?? program).toLowerCase();
  if (!namesBaton(program)) {
    if (dataPrograms.has(base) && !simple.writes) return undefined;
    // git with a subcommand that never runs its arguments (no options before it: -c could
    // define an alias that does): a commit message or a grep for "baton" is text.
    if (base === 'git' && gitDataSubcommands.has(words[1] ?? '') && !simple.writes) return undefined;
    return simple.writes && dataPrograms.has(base)
      ? `the command writes a file naming baton (${named}): an agent may not prepare a baton command to run later`
      : `${program} is handed ${named}: baton cannot tell whether it runs a person's command (only reading programs such as cat, grep or ls may name baton)`;
  }
  return judgeBatonInvocation(words.slice(1));
}

/** Why an agent may not run `baton <args>`, or undefined when it may. */
function judgeBatonInvocation(args: readonly string[]): string | undefined {
  const instance = args.find((argument) => /^--instance(=|$)/.test(argument));
  if (instance !== undefined)
    return `baton … ${instance}: an agent acts only as the instance it was started as, never for another`;
  const rest = args.filter((argument) => argument !== '--debug');
  const subcommand = rest[0];
  if (
    subcommand === undefined ||
    subcommand === '--help' ||
    subcommand === '-h' ||
    subcommand === '--version' ||
    subcommand === '-V'
  )
    return undefined;
  const person = personSubcommands[subcommand];
  if (person !== undefined) return `baton ${subcommand}: ${person}; an agent may not run it (ask the person)`;
  if (!agentSubcommands.has(subcommand))
    return `baton ${subcommand} is not among the commands an agent may run (${[...agentSubcommands].join(', ')})`;
  if (
    subcommand === 'release' &&
    rest.some((argument) => /^--force(=|$)/.test(argument) || /^-[A-Za-z]*f/.test(argument))
  )
    return "baton release --force releases another instance's claim: a person's command";
  return undefined;
}
