// Is a Bash command read-only? The planner may look around the repository (ls, cat, grep, rg,
// find, git log …) but never change it. The answer errs on the side of "no": only commands on an
// allowlist pass, each with the options that would write or run something refused, and every
// redirection into a file, env-assignment prefix, interpreter, compound command or substitution
// whose inner command is not itself read-only is refused with a reason the agent can read.
import { parseShell, type ShellWord, type SimpleCommand } from './parse.ts';
import { sedScriptProblem } from './sed-script.ts';

export type ReadOnlyVerdict = { readOnly: true } | { readOnly: false; reason: string };

/** Commands with no option that writes a file or runs another command. */
const plainCommands = new Set([
  ':',
  '[',
  'basename',
  'base64',
  'cat',
  'cd',
  'cksum',
  'cmp',
  'column',
  'comm',
  'cut',
  'df',
  'diff',
  'dirname',
  'du',
  'echo',
  'egrep',
  'expand',
  'false',
  'fgrep',
  'fold',
  'grep',
  'head',
  'hexdump',
  'id',
  'join',
  'jq',
  'locale',
  'ls',
  'md5sum',
  'nl',
  'nproc',
  'od',
  'paste',
  'printenv',
  'printf',
  'ps',
  'pwd',
  'readlink',
  'realpath',
  'rev',
  'seq',
  'sha1sum',
  'sha256sum',
  'sha512sum',
  'sleep',
  'stat',
  'strings',
  'tac',
  'tail',
  'test',
  'tr',
  'true',
  'type',
  'uname',
  'unexpand',
  'uptime',
  'wc',
  'which',
  'whoami',
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
  'time',
  'until',
  'while',
]);

/** Redirection targets that are not files in the repository. */
const harmlessTargets = new Set(['/dev/null', '/dev/stdout', '/dev/stderr']);

type Rule = (args: string[]) => string | undefined;

/** Does any option cluster before `--` contain one of these short letters (`-no` has `o`)? */
function hasShortOption(args: string[], letters: string): boolean {
  for (const argument of args) {
    if (argument === '--') return false;
    if (
      /^-[A-Za-z0-9]+$/.test(argument) &&
      [...argument.slice(1)].some((letter) => letters.includes(letter))
    ) {
      return true;
    }
  }
  return false;
}

function hasLongOption(args: string[], names: readonly string[]): boolean {
  for (const argument of args) {
    if (argument === '--') return false;
    if (names.some((name) => argument === name || argument.startsWith(`${name}=`))) return true;
  }
  return false;
}

const positionals = (args: string[]) => args.filter((argument) => !argument.startsWith('-'));

const findActions = [
  '-exec',
  '-execdir',
  '-ok',
  '-okdir',
  '-delete',
  '-fprint',
  '-fprint0',
  '-fprintf',
  '-fls',
];

const rules: Record<string, Rule> = {
  find: (args) => {
    const action = args.find((argument) => findActions.includes(argument));
    return action ? `find ${action} runs a command or changes files` : undefined;
  },
  fd: (args) =>
    hasShortOption(args, 'xX') || hasLongOption(args, ['--exec', '--exec-batch'])
      ? 'fd --exec runs a command'
      : undefined,
  rg: (args) => (hasLongOption(args, ['--pre']) ? 'rg --pre runs a command on each file' : undefined),
  sort: (args) =>
    hasShortOption(args, 'o') || hasLongOption(args, ['--output', '--compress-program'])
      ? 'sort -o writes a file'
      : undefined,
  tree: (args) =>
    hasShortOption(args, 'o') || hasLongOption(args, ['--output']) ? 'tree -o writes a file' : undefined,
  file: (args) =>
    hasShortOption(args, 'C') || hasLongOption(args, ['--compile']) ? 'file -C writes a file' : undefined,
  date: (args) =>
    hasShortOption(args, 's') || hasLongOption(args, ['--set']) ? 'date -s sets the clock' : undefined,
  hostname: (args) => (positionals(args).length > 0 ? 'hostname NAME sets the host name' : undefined),
  uniq: (args) => (positionals(args).length > 1 ? 'uniq INPUT OUTPUT writes a file' : undefined),
  xxd: (args) => (positionals(args).length > 1 ? 'xxd INPUT OUTPUT writes a file' : undefined),
  env: (args) => (args.length > 0 ? 'env with arguments runs a command or sets variables' : undefined),
  command: (args) =>
    args[0] === '-v' || args[0] === '-V'
      ? undefined
      : 'command runs its arguments (only command -v is allowed)',
  sed: sedRule,
  awk: awkRule,
  gawk: awkRule,
  mawk: awkRule,
  nawk: awkRule,
  git: gitRule,
  xargs: xargsRule,
};

function sedRule(args: string[]): string | undefined {
  const scripts: string[] = [];
  let sawScriptOption = false;
  const operands: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const argument = args[index]!;
    if (argument === '--') {
      operands.push(...args.slice(index + 1));
      break;
    }
    if (argument === '--in-place' || argument.startsWith('--in-place=')) return 'sed -i edits files in place';
    if (argument === '--file' || argument.startsWith('--file='))
      return 'sed -f reads a script that cannot be checked';
    if (argument === '--expression' || argument.startsWith('--expression=')) {
      sawScriptOption = true;
      scripts.push(
        argument.includes('=') ? argument.slice(argument.indexOf('=') + 1) : (args[++index] ?? ''),
      );
      continue;
    }
    if (argument.startsWith('--')) continue;
    if (argument.startsWith('-') && argument.length > 1) {
      const letters = argument.slice(1);
      for (let position = 0; position < letters.length; position += 1) {
        const letter = letters[position]!;
        if (letter === 'i') return 'sed -i edits files in place';
        if (letter === 'f') return 'sed -f reads a script that cannot be checked';
        if (letter === 'e' || letter === 'l') {
          const rest = letters.slice(position + 1);
          const value = rest.length > 0 ? rest : (args[++index] ?? '');
          if (letter === 'e') {
            sawScriptOption = true;
            scripts.push(value);
          }
          break;
        }
      }
      continue;
    }
    operands.push(argument);
  }
  if (!sawScriptOption && operands.length > 0) scripts.push(operands[0]!);
  for (const script of scripts) {
    const problem = sedScriptProblem(script);
    if (problem) return problem;
  }
  return undefined;
}

function awkRule(args: string[]): string | undefined {
  let program: string | undefined;
  for (let index = 0; index < args.length; index += 1) {
    const argument = args[index]!;
    if (argument === '--') {
      program ??= args[index + 1];
      break;
    }
    if (
      /^-(f|i|l|E|o|p|d)/.test(argument) ||
      /^--(file|include|load|exec|pretty-print|profile|dump-variables)/.test(argument)
    ) {
      return `awk ${argument} loads a program or writes a file`;
    }
    if (argument === '-v' || argument === '-F') {
      index += 1;
      continue;
    }
    if (argument === '-e' || argument === '--source') {
      program = args[++index];
      break;
    }
    if (argument.startsWith('-')) continue;
    program = argument;
    break;
  }
  if (program === undefined) return 'awk without a program on the command line cannot be checked';
  if (/[>|]|system\s*\(|\bgetline\b/.test(program)) {
    return 'awk program may write a file or run a command (>, |, system, getline)';
  }
  return undefined;
}

/** Git subcommands that only read, with the options that would make them write refused. */
const gitReaders: Record<string, Rule> = {
  log: noOutputOption,
  show: noOutputOption,
  diff: noOutputOption,
  'diff-tree': noOutputOption,
  'diff-index': noOutputOption,
  'diff-files': noOutputOption,
  whatchanged: noOutputOption,
  'range-diff': noOutputOption,
  shortlog: () => undefined,
  status: () => undefined,
  blame: () => undefined,
  annotate: () => undefined,
  'ls-files': () => undefined,
  'ls-tree': () => undefined,
  'rev-parse': () => undefined,
  'rev-list': () => undefined,
  describe: () => undefined,
  'cat-file': () => undefined,
  'merge-base': () => undefined,
  'name-rev': () => undefined,
  'for-each-ref': () => undefined,
  'show-ref': () => undefined,
  'check-ignore': () => undefined,
  'check-attr': () => undefined,
  'count-objects': () => undefined,
  version: () => undefined,
  var: () => undefined,
  grep: (args) =>
    hasShortOption(args, 'O') || hasLongOption(args, ['--open-files-in-pager'])
      ? 'git grep -O runs a pager command'
      : undefined,
  branch: (args) => {
    const writing = [
      '-d',
      '-D',
      '-m',
      '-M',
      '-c',
      '-C',
      '-f',
      '-u',
      '--delete',
      '--move',
      '--copy',
      '--force',
    ];
    const writingLong = [
      '--set-upstream-to',
      '--unset-upstream',
      '--edit-description',
      '--track',
      '--no-track',
    ];
    if (args.some((argument) => writing.includes(argument)) || hasLongOption(args, writingLong)) {
      return 'git branch with that option changes branches';
    }
    const listing = args.some((argument) =>
      ['-l', '--list', '-a', '-r', '--all', '--remotes'].includes(argument),
    );
    return positionals(args).length > 0 && !listing ? 'git branch NAME creates a branch' : undefined;
  },
  tag: (args) => {
    const listing = args.includes('-l') || args.includes('--list');
    if (listing && !hasShortOption(args, 'adfsmuF')) return undefined;
    return args.length === 0
      ? undefined
      : 'git tag with arguments creates or deletes tags (only git tag -l lists)';
  },
  remote: (args) => {
    const [first, ...rest] = args.filter((argument) => argument !== '-v' && argument !== '--verbose');
    if (first === undefined || first === 'get-url' || (first === 'show' && !rest.includes('--prune')))
      return undefined;
    return `git remote ${first} changes remotes`;
  },
  config: (args) =>
    args.some((argument) =>
      ['--get', '--get-all', '--get-regexp', '--list', '-l', 'get', 'list', '--show-origin'].includes(
        argument,
      ),
    ) &&
    !args.some((argument) =>
      ['--unset', '--unset-all', '--add', '--replace-all', 'set', 'unset'].includes(argument),
    )
      ? undefined
      : 'git config without --get or --list changes configuration',
  stash: (args) => (args[0] === 'list' || args[0] === 'show' ? undefined : 'git stash changes the work tree'),
  worktree: (args) =>
    args[0] === 'list' ? undefined : 'git worktree changes worktrees (only list is allowed)',
  reflog: (args) =>
    args[0] === undefined || args[0] === 'show' || args[0].startsWith('-')
      ? undefined
      : 'git reflog changes the reflog',
  'symbolic-ref': (args) =>
    positionals(args).length <= 1 && !hasShortOption(args, 'd')
      ? undefined
      : 'git symbolic-ref NAME REF changes a ref',
};

function noOutputOption(args: string[]): string | undefined {
  return hasLongOption(args, ['--output']) ? '--output writes a file' : undefined;
}

function gitRule(args: string[]): string | undefined {
  let index = 0;
  while (index < args.length) {
    const argument = args[index]!;
    if (
      argument === '-C' ||
      argument === '--git-dir' ||
      argument === '--work-tree' ||
      argument === '--namespace'
    ) {
      index += 2;
      continue;
    }
    if (argument === '-c' || argument.startsWith('--config-env') || argument.startsWith('--exec-path')) {
      return `git ${argument} can make git run other commands`;
    }
    if (argument.startsWith('-')) {
      const known = [
        '--no-pager',
        '-P',
        '--paginate',
        '-p',
        '--no-optional-locks',
        '--bare',
        '--literal-pathspecs',
      ];
      if (known.includes(argument) || /^--(git-dir|work-tree|namespace)=/.test(argument)) {
        index += 1;
        continue;
      }
      return `git option ${argument} is not recognised as read-only`;
    }
    break;
  }
  const subcommand = args[index];
  if (subcommand === undefined) return undefined;
  const rule = gitReaders[subcommand];
  if (!rule) return `git ${subcommand} is not a read-only git command`;
  return rule(args.slice(index + 1));
}

function xargsRule(args: string[]): string | undefined {
  const withValue = new Set([
    '-n',
    '-I',
    '-L',
    '-P',
    '-d',
    '-s',
    '-a',
    '-E',
    '-e',
    '--delimiter',
    '--arg-file',
  ]);
  let index = 0;
  while (index < args.length) {
    const argument = args[index]!;
    if (argument === '--') {
      index += 1;
      break;
    }
    if (!argument.startsWith('-')) break;
    index += withValue.has(argument) ? 2 : 1;
  }
  const command = args[index];
  if (command === undefined) return undefined;
  // Input lines become arguments: only commands whose every option is harmless may run.
  if (!plainCommands.has(command)) return `xargs runs ${command}, which is not a plain read-only command`;
  return undefined;
}

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
  const rule = rules[name];
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
