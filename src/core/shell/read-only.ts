// Is a Bash command read-only? The planner may look around the repository (ls, cat, grep, rg,
// find, git log …) but never change it. The answer errs on the side of "no": only commands on an
// allowlist pass, each with the options that would write or run something refused, and every
// redirection into a file, env-assignment prefix, interpreter, compound command or substitution
// whose inner command is not itself read-only is refused with a reason the agent can read.

import { hasOption, type OptionSpec, optionValues, type ParsedOptions, parseOptions } from './options.ts';
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

const runsCommand = 'runs a command';

/** Refused long options: every spelling shares one reason. */
const refuse = (reason: string, ...names: string[]): Record<string, string> =>
  Object.fromEntries(names.map((name) => [name, reason]));

/** Every command (`sort`, `git grep` …) judged by an option spec, with its spec: for tests. */
const specsByCommand: Record<string, OptionSpec> = {};
export const commandOptionSpecs: Readonly<Record<string, OptionSpec>> = specsByCommand;

/** Reads `args` against `spec`; a refusal comes back as the reason, else `check` judges the result. */
function withSpec(
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

// ---- Option specs: every option each command may be given, and those it may not. ----

const sortSpec: OptionSpec = {
  flags: 'bdfghiMnRrVcCmsuz',
  valued: 'ktS',
  refusedShort: { o: 'sort -o writes a file', T: 'sort -T writes temporary files there' },
  long: [
    'ignore-leading-blanks',
    'dictionary-order',
    'ignore-case',
    'general-numeric-sort',
    'human-numeric-sort',
    'ignore-nonprinting',
    'month-sort',
    'numeric-sort',
    'random-sort',
    'random-source=',
    'reverse',
    'sort=',
    'version-sort',
    'batch-size=',
    'check=?',
    'debug',
    'files0-from=',
    'key=',
    'merge',
    'stable',
    'buffer-size=',
    'field-separator=',
    'parallel=',
    'unique',
    'zero-terminated',
    'help',
    'version',
  ],
  refusedLong: {
    output: 'sort -o writes a file',
    'compress-program': `sort --compress-program ${runsCommand}`,
    'temporary-directory': 'sort -T writes temporary files there',
  },
};

const uniqSpec: OptionSpec = {
  flags: 'cdiuz',
  valued: 'fsw',
  attached: 'D',
  long: [
    'count',
    'repeated',
    'all-repeated=?',
    'skip-fields=',
    'ignore-case',
    'skip-chars=',
    'unique',
    'zero-terminated',
    'check-chars=',
    'group=?',
    'help',
    'version',
  ],
};

const treeSpec: OptionSpec = {
  flags: 'adlfxiqNQpugshDFvtcUrSnCAXJ',
  valued: 'LPIHT',
  refusedShort: { o: 'tree -o writes a file', R: 'tree -R writes 00Tree.html files' },
  long: [
    'inodes',
    'device',
    'noreport',
    'nolinks',
    'dirsfirst',
    'filesfirst',
    'charset=',
    'filelimit=',
    'si',
    'du',
    'prune',
    'timefmt=',
    'ignore-case',
    'matchdirs',
    'sort=',
    'gitignore',
    'info',
    'metafirst',
    'help',
    'version',
  ],
  refusedLong: { output: 'tree -o writes a file' },
};

const fileSpec: OptionSpec = {
  flags: 'bcdEhiklLNnrsSvzZ0',
  valued: 'eFfmP',
  refusedShort: { C: 'file -C writes a file', p: 'file -p changes file times' },
  long: [
    'brief',
    'checking-printout',
    'exclude=',
    'exclude-quiet=',
    'extension',
    'files-from=',
    'separator=',
    'help',
    'mime',
    'mime-type',
    'mime-encoding',
    'keep-going',
    'list',
    'dereference',
    'magic-file=',
    'no-dereference',
    'no-pad',
    'no-buffer',
    'raw',
    'special-files',
    'uncompress',
    'uncompress-noreport',
    'version',
    'parameter=',
    'print0',
    'apple',
    'debug',
  ],
  refusedLong: { compile: 'file -C writes a file', 'preserve-date': 'file -p changes file times' },
};

const dateSpec: OptionSpec = {
  flags: 'uR',
  valued: 'dfr',
  attached: 'I',
  refusedShort: { s: 'date -s sets the clock' },
  long: [
    'date=',
    'file=',
    'iso-8601=?',
    'reference=',
    'rfc-email',
    'rfc-3339=',
    'utc',
    'universal',
    'debug',
    'resolution',
    'help',
    'version',
  ],
  refusedLong: { set: 'date -s sets the clock' },
};

const hostnameSpec: OptionSpec = {
  flags: 'aAdfiIsy',
  refusedShort: { F: 'hostname -F sets the host name', b: 'hostname -b sets the host name' },
  long: [
    'alias',
    'all-fqdns',
    'domain',
    'fqdn',
    'long',
    'ip-address',
    'all-ip-addresses',
    'short',
    'yp',
    'nis',
    'help',
    'version',
  ],
  refusedLong: refuse('sets the host name', 'file', 'boot'),
};

const rgSpec: OptionSpec = {
  flags: 'abcFhHiIlLnNopPqsSuUvVwxz0',
  valued: 'ABCeEfgjmMrtTd',
  long: [
    'after-context=',
    'before-context=',
    'context=',
    'binary',
    'no-binary',
    'block-buffered',
    'byte-offset',
    'case-sensitive',
    'color=',
    'colors=',
    'column',
    'no-column',
    'context-separator=',
    'no-context-separator',
    'count',
    'count-matches',
    'crlf',
    'debug',
    'trace',
    'dfa-size-limit=',
    'encoding=',
    'engine=',
    'field-context-separator=',
    'field-match-separator=',
    'files',
    'files-with-matches',
    'files-without-match',
    'fixed-strings',
    'follow',
    'glob=',
    'glob-case-insensitive',
    'heading',
    'no-heading',
    'help',
    'hidden',
    'no-hidden',
    'iglob=',
    'ignore-case',
    'ignore-file=',
    'ignore-file-case-insensitive',
    'include-zero',
    'invert-match',
    'json',
    'line-buffered',
    'line-number',
    'line-regexp',
    'max-columns=',
    'max-columns-preview',
    'max-count=',
    'max-depth=',
    'max-filesize=',
    'mmap',
    'no-mmap',
    'multiline',
    'multiline-dotall',
    'no-config',
    'no-filename',
    'no-ignore',
    'no-ignore-dot',
    'no-ignore-exclude',
    'no-ignore-files',
    'no-ignore-global',
    'no-ignore-messages',
    'no-ignore-parent',
    'no-ignore-vcs',
    'no-line-number',
    'no-messages',
    'no-pcre2-unicode',
    'no-require-git',
    'no-unicode',
    'null',
    'null-data',
    'one-file-system',
    'only-matching',
    'passthru',
    'path-separator=',
    'pcre2',
    'pcre2-version',
    'pre-glob=',
    'pretty',
    'quiet',
    'regex-size-limit=',
    'regexp=',
    'replace=',
    'search-zip',
    'smart-case',
    'sort=',
    'sortr=',
    'stats',
    'stop-on-nonmatch',
    'text',
    'threads=',
    'trim',
    'type=',
    'type-add=',
    'type-clear=',
    'type-list',
    'type-not=',
    'unrestricted',
    'version',
    'vimgrep',
    'with-filename',
    'word-regexp',
  ],
  refusedLong: {
    pre: 'rg --pre runs a command on each file',
    'hostname-bin': `rg --hostname-bin ${runsCommand}`,
  },
};

const fdSpec: OptionSpec = {
  flags: 'HIusigFalLp01qhV',
  valued: 'dEteSocj',
  refusedShort: { x: 'fd --exec runs a command', X: 'fd --exec runs a command' },
  long: [
    'hidden',
    'no-hidden',
    'no-ignore',
    'ignore',
    'no-ignore-vcs',
    'ignore-vcs',
    'no-require-git',
    'no-ignore-parent',
    'unrestricted',
    'case-sensitive',
    'ignore-case',
    'glob',
    'regex',
    'fixed-strings',
    'and=',
    'absolute-path',
    'relative-path',
    'list-details',
    'follow',
    'no-follow',
    'full-path',
    'print0',
    'max-depth=',
    'min-depth=',
    'exact-depth=',
    'exclude=',
    'prune',
    'type=',
    'extension=',
    'size=',
    'changed-within=',
    'changed-before=',
    'newer=',
    'older=',
    'owner=',
    'format=',
    'ignore-file=',
    'color=',
    'threads=',
    'max-results=',
    'quiet',
    'show-errors',
    'base-directory=',
    'path-separator=',
    'search-path=',
    'strip-cwd-prefix=?',
    'one-file-system',
    'help',
    'version',
  ],
  refusedLong: refuse('fd --exec runs a command', 'exec', 'exec-batch', 'batch-size'),
};

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

// ---- git ----

const diffLong = [
  'patch',
  'no-patch',
  'unified=',
  'function-context',
  'no-function-context',
  'raw',
  'patch-with-raw',
  'patch-with-stat',
  'numstat',
  'shortstat',
  'dirstat=?',
  'cumulative',
  'dirstat-by-file=?',
  'check',
  'summary',
  'name-only',
  'name-status',
  'stat=?',
  'stat-width=',
  'stat-name-width=',
  'stat-graph-width=',
  'stat-count=',
  'compact-summary',
  'binary',
  'full-index',
  'color=?',
  'no-color',
  'ws-error-highlight=',
  'abbrev=?',
  'no-abbrev',
  'src-prefix=',
  'dst-prefix=',
  'line-prefix=',
  'no-prefix',
  'default-prefix',
  'inter-hunk-context=',
  'output-indicator-new=',
  'output-indicator-old=',
  'output-indicator-context=',
  'break-rewrites=?',
  'find-renames=?',
  'irreversible-delete',
  'find-copies=?',
  'find-copies-harder',
  'no-renames',
  'rename-empty',
  'no-rename-empty',
  'follow',
  'no-follow',
  'minimal',
  'ignore-all-space',
  'ignore-space-change',
  'ignore-space-at-eol',
  'ignore-cr-at-eol',
  'ignore-blank-lines',
  'ignore-matching-lines=',
  'indent-heuristic',
  'no-indent-heuristic',
  'patience',
  'histogram',
  'diff-algorithm=',
  'anchored=',
  'word-diff=?',
  'word-diff-regex=',
  'color-words=?',
  'color-moved=?',
  'no-color-moved',
  'color-moved-ws=',
  'no-color-moved-ws',
  'relative=?',
  'no-relative',
  'text',
  'exit-code',
  'quiet',
  'ext-diff',
  'no-ext-diff',
  'textconv',
  'no-textconv',
  'ignore-submodules=?',
  'submodule=?',
  'ita-invisible-in-index',
  'ita-visible-in-index',
  'pickaxe-all',
  'pickaxe-regex',
  'rotate-to=',
  'skip-to=',
  'find-object=',
  'diff-filter=',
  'cached',
  'staged',
  'no-index',
  'merge-base',
  'base',
  'ours',
  'theirs',
];

const logLong = [
  ...diffLong,
  'oneline',
  'pretty=?',
  'format=',
  'abbrev-commit',
  'no-abbrev-commit',
  'encoding=',
  'expand-tabs=?',
  'no-expand-tabs',
  'notes=?',
  'no-notes',
  'show-notes=?',
  'relative-date',
  'date=',
  'parents',
  'children',
  'left-right',
  'graph',
  'no-graph',
  'show-linear-break=?',
  'decorate=?',
  'no-decorate',
  'decorate-refs=',
  'decorate-refs-exclude=',
  'clear-decorations',
  'source',
  'use-mailmap',
  'mailmap',
  'no-use-mailmap',
  'no-mailmap',
  'full-diff',
  'log-size',
  'max-count=',
  'skip=',
  'since=',
  'after=',
  'until=',
  'before=',
  'since-as-filter=',
  'author=',
  'committer=',
  'grep-reflog=',
  'grep=',
  'all-match',
  'invert-grep',
  'regexp-ignore-case',
  'basic-regexp',
  'extended-regexp',
  'fixed-strings',
  'perl-regexp',
  'remove-empty',
  'merges',
  'no-merges',
  'min-parents=',
  'max-parents=',
  'no-min-parents',
  'no-max-parents',
  'first-parent',
  'exclude-first-parent-only',
  'not',
  'all',
  'branches=?',
  'tags=?',
  'remotes=?',
  'glob=',
  'exclude=',
  'reflog',
  'alternate-refs',
  'single-worktree',
  'ignore-missing',
  'bisect',
  'cherry-mark',
  'cherry-pick',
  'left-only',
  'right-only',
  'cherry',
  'walk-reflogs',
  'merge',
  'boundary',
  'simplify-by-decoration',
  'show-pulls',
  'full-history',
  'dense',
  'sparse',
  'simplify-merges',
  'ancestry-path=?',
  'date-order',
  'author-date-order',
  'topo-order',
  'reverse',
  'no-walk=?',
  'do-walk',
  'count',
  'objects',
  'objects-edge',
  'in-commit-order',
  'timestamp',
  'header',
  'cc',
  'dd',
  'combined-all-paths',
  'diff-merges=',
  'no-diff-merges',
  'remerge-diff',
  'root',
  'no-commit-id',
  'always',
  'creation-factor=',
  'no-dual-color',
];

const noOutput = {
  output: '--output writes a file',
  'output-directory': '--output-directory writes files',
};

const diffSpec: OptionSpec = {
  flags: 'puszWRabwDmcrt',
  valued: 'USGOlI',
  attached: 'MCBX',
  numeric: true,
  long: diffLong,
  refusedLong: noOutput,
};

const logSpec: OptionSpec = {
  flags: 'puszWRabwDiEFPgmctrv',
  valued: 'USGOlInL',
  attached: 'MCBX',
  numeric: true,
  long: logLong,
  refusedLong: noOutput,
};

const listOnly = (command: string) => (parsed: ParsedOptions, listing: boolean) =>
  parsed.operands.length > 0 && !listing ? command : undefined;

const branchListing = ['-l', '--list'];
const refFilters = ['contains=', 'no-contains=', 'merged=', 'no-merged=', 'points-at='];

/** Git subcommands that only read, each with its options (anything else is refused). */
const gitReaders: Record<string, Rule> = {
  log: withSpec('git log', logSpec),
  show: withSpec('git show', logSpec),
  whatchanged: withSpec('git whatchanged', logSpec),
  'rev-list': withSpec('git rev-list', logSpec),
  'diff-tree': withSpec('git diff-tree', logSpec),
  'range-diff': withSpec('git range-diff', logSpec),
  diff: withSpec('git diff', diffSpec),
  'diff-index': withSpec('git diff-index', diffSpec),
  'diff-files': withSpec('git diff-files', diffSpec),
  shortlog: withSpec('git shortlog', {
    flags: 'nsec',
    attached: 'w',
    long: [
      ...logLong.filter((name) => name !== 'committer='),
      'numbered',
      'summary',
      'email',
      'group=',
      'committer',
    ],
    refusedLong: noOutput,
  }),
  status: withSpec('git status', {
    flags: 'sbvz',
    attached: 'uM',
    long: [
      'short',
      'branch',
      'show-stash',
      'porcelain=?',
      'long',
      'verbose',
      'untracked-files=?',
      'ignore-submodules=?',
      'ignored=?',
      'column=?',
      'no-column',
      'ahead-behind',
      'no-ahead-behind',
      'renames',
      'no-renames',
      'find-renames=?',
      'null',
    ],
  }),
  blame: withSpec('git blame', blameSpec()),
  annotate: withSpec('git annotate', blameSpec()),
  'ls-files': withSpec('git ls-files', {
    flags: 'cdmoiskuztvf',
    valued: 'xX',
    long: [
      'cached',
      'deleted',
      'modified',
      'others',
      'ignored',
      'stage',
      'killed',
      'unmerged',
      'directory',
      'no-empty-directory',
      'eol',
      'exclude=',
      'exclude-from=',
      'exclude-per-directory=',
      'exclude-standard',
      'error-unmatch',
      'with-tree=',
      'full-name',
      'recurse-submodules',
      'abbrev=?',
      'debug',
      'deduplicate',
      'sparse',
      'format=',
      'resolve-undo',
    ],
  }),
  'ls-tree': withSpec('git ls-tree', {
    flags: 'drtlz',
    long: [
      'long',
      'name-only',
      'name-status',
      'object-only',
      'full-name',
      'full-tree',
      'abbrev=?',
      'format=',
    ],
  }),
  'rev-parse': withSpec('git rev-parse', {
    flags: 'q',
    long: [
      'show-toplevel',
      'show-prefix',
      'show-cdup',
      'git-dir',
      'git-common-dir',
      'absolute-git-dir',
      'is-inside-work-tree',
      'is-inside-git-dir',
      'is-bare-repository',
      'is-shallow-repository',
      'abbrev-ref=?',
      'short=?',
      'verify',
      'quiet',
      'symbolic',
      'symbolic-full-name',
      'all',
      'branches=?',
      'tags=?',
      'remotes=?',
      'glob=',
      'exclude=',
      'default=',
      'prefix=',
      'revs-only',
      'no-revs',
      'flags',
      'no-flags',
      'sq',
      'not',
      'since=',
      'after=',
      'until=',
      'before=',
      'path-format=',
      'git-path=',
      'show-object-format=?',
      'show-superproject-working-tree',
      'shared-index-path',
      'disambiguate=',
      'end-of-options',
    ],
  }),
  describe: withSpec('git describe', {
    long: [
      'all',
      'tags',
      'contains',
      'abbrev=',
      'candidates=',
      'exact-match',
      'debug',
      'long',
      'match=',
      'exclude=',
      'always',
      'first-parent',
    ],
  }),
  'cat-file': withSpec('git cat-file', {
    flags: 'tsepZ',
    long: [
      'textconv',
      'filters',
      'path=',
      'batch=?',
      'batch-check=?',
      'batch-all-objects',
      'buffer',
      'follow-symlinks',
      'unordered',
      'allow-unknown-type',
      'use-mailmap',
      'no-use-mailmap',
    ],
  }),
  'merge-base': withSpec('git merge-base', {
    flags: 'a',
    long: ['all', 'octopus', 'independent', 'is-ancestor', 'fork-point'],
  }),
  'name-rev': withSpec('git name-rev', {
    long: ['tags', 'refs=', 'exclude=', 'all', 'annotate-stdin', 'name-only', 'no-undefined', 'always'],
  }),
  'for-each-ref': withSpec('git for-each-ref', {
    flags: 'sp',
    long: [
      'count=',
      'shell',
      'perl',
      'python',
      'tcl',
      'sort=',
      'format=',
      'color=?',
      'points-at=',
      'merged=?',
      'no-merged=?',
      'contains=?',
      'no-contains=?',
      'ignore-case',
      'omit-empty',
      'exclude=',
    ],
  }),
  'show-ref': withSpec('git show-ref', {
    flags: 'dsq',
    long: [
      'head',
      'tags',
      'heads',
      'branches',
      'verify',
      'exists',
      'dereference',
      'hash=?',
      'abbrev=?',
      'quiet',
    ],
  }),
  'check-ignore': withSpec('git check-ignore', {
    flags: 'qvzn',
    long: ['quiet', 'verbose', 'stdin', 'non-matching', 'no-index'],
  }),
  'check-attr': withSpec('git check-attr', {
    flags: 'az',
    long: ['all', 'cached', 'stdin', 'source='],
  }),
  'count-objects': withSpec('git count-objects', { flags: 'vH', long: ['verbose', 'human-readable'] }),
  version: withSpec('git version', { long: ['build-options'] }),
  var: withSpec('git var', { flags: 'l' }),
  grep: withSpec('git grep', {
    flags: 'aiIwvhHEGFPnlLcoqzpWr',
    valued: 'efmABC',
    numeric: true,
    refusedShort: { O: 'git grep -O runs a pager command' },
    long: [
      'cached',
      'no-index',
      'untracked',
      'exclude-standard',
      'no-exclude-standard',
      'recurse-submodules',
      'invert-match',
      'ignore-case',
      'word-regexp',
      'text',
      'textconv',
      'no-textconv',
      'recursive',
      'no-recursive',
      'max-depth=',
      'extended-regexp',
      'basic-regexp',
      'fixed-strings',
      'perl-regexp',
      'line-number',
      'no-line-number',
      'column',
      'full-name',
      'files-with-matches',
      'name-only',
      'files-without-match',
      'only-matching',
      'count',
      'color=?',
      'no-color',
      'break',
      'heading',
      'context=',
      'before-context=',
      'after-context=',
      'threads=',
      'show-function',
      'function-context',
      'and',
      'or',
      'not',
      'quiet',
      'all-match',
      'max-count=',
      'index',
      'null',
    ],
    refusedLong: { 'open-files-in-pager': 'git grep -O runs a pager command' },
  }),
  branch: withSpec(
    'git branch',
    {
      flags: 'arlvqi',
      long: [
        'all',
        'remotes',
        'list',
        'verbose',
        'quiet',
        ...refFilters,
        'sort=',
        'format=',
        'color=?',
        'no-color',
        'column=?',
        'no-column',
        'abbrev=?',
        'no-abbrev',
        'ignore-case',
        'omit-empty',
        'show-current',
      ],
      refusedShort: refuse('git branch with that option changes branches', ...'dDmMcCfut'.split('')),
      refusedLong: refuse(
        'git branch with that option changes branches',
        'delete',
        'move',
        'copy',
        'force',
        'set-upstream-to',
        'set-upstream',
        'unset-upstream',
        'edit-description',
        'track',
        'no-track',
        'create-reflog',
        'recurse-submodules',
      ),
    },
    (parsed) =>
      listOnly('git branch NAME creates a branch (list with git branch --list PATTERN)')(
        parsed,
        hasOption(parsed, branchListing),
      ),
  ),
  tag: withSpec(
    'git tag',
    {
      flags: 'li',
      attached: 'n',
      long: [
        'list',
        ...refFilters,
        'sort=',
        'format=',
        'color=?',
        'column=?',
        'no-column',
        'ignore-case',
        'omit-empty',
      ],
      refusedShort: refuse(
        'git tag with that option creates, deletes or verifies tags',
        ...'asufdvmFe'.split(''),
      ),
      refusedLong: refuse(
        'git tag with that option creates, deletes or verifies tags',
        'annotate',
        'sign',
        'no-sign',
        'local-user',
        'force',
        'delete',
        'verify',
        'message',
        'file',
        'edit',
        'cleanup',
        'create-reflog',
        'trailer',
      ),
    },
    (parsed) =>
      listOnly('git tag with arguments creates or deletes tags (only git tag -l lists)')(
        parsed,
        hasOption(parsed, branchListing),
      ),
  ),
  'symbolic-ref': withSpec(
    'git symbolic-ref',
    {
      flags: 'q',
      long: ['quiet', 'short', 'recurse', 'no-recurse'],
      refusedShort: refuse('git symbolic-ref with that option changes a ref', 'd', 'm'),
      refusedLong: refuse('git symbolic-ref with that option changes a ref', 'delete'),
    },
    (parsed) => (parsed.operands.length > 1 ? 'git symbolic-ref NAME REF changes a ref' : undefined),
  ),
  remote: (args) => {
    const top = parseOptions('git remote', args, { flags: 'v', long: ['verbose'], stopAtOperand: true });
    if ('refused' in top) return top.refused;
    const [subcommand, ...rest] = top.operands;
    if (subcommand === undefined) return undefined;
    const specs: Record<string, OptionSpec> = {
      'get-url': { long: ['push', 'all'] },
      show: { flags: 'n' },
    };
    const spec = specs[subcommand];
    if (!spec) return `git remote ${subcommand} changes remotes (only list, show and get-url read)`;
    const parsed = parseOptions(`git remote ${subcommand}`, rest, spec);
    return 'refused' in parsed ? parsed.refused : undefined;
  },
  config: withSpec(
    'git config',
    {
      flags: 'lz',
      valued: 'f',
      refusedShort: refuse('git config -e opens an editor on the configuration', 'e'),
      long: [
        'get',
        'get-all',
        'get-regexp',
        'get-urlmatch',
        'get-color',
        'get-colorbool',
        'list',
        'show-origin',
        'show-scope',
        'name-only',
        'null',
        'global',
        'system',
        'local',
        'worktree',
        'file=',
        'blob=',
        'type=',
        'bool',
        'int',
        'bool-or-int',
        'path',
        'expiry-date',
        'default=',
        'includes',
        'no-includes',
        'all',
        'regexp',
        'show-names',
      ],
      refusedLong: refuse(
        'changes configuration',
        'add',
        'unset',
        'unset-all',
        'replace-all',
        'rename-section',
        'remove-section',
        'edit',
        'value',
        'fixed-value',
        'comment',
      ),
    },
    (parsed) => {
      const modes = [
        '--get',
        '--get-all',
        '--get-regexp',
        '--get-urlmatch',
        '--get-color',
        '--get-colorbool',
      ];
      const [first, ...rest] = parsed.operands;
      const listing = hasOption(parsed, ['--list', '-l']);
      if (hasOption(parsed, modes))
        return parsed.operands.length <= 3 ? undefined : 'git config: too many operands';
      if (listing && parsed.operands.length === 0) return undefined;
      if (first === 'list' && rest.length === 0) return undefined;
      if (first === 'get' && rest.length === 1) return undefined;
      return 'git config without --get or --list changes configuration';
    },
  ),
  stash: (args) => {
    const [subcommand, ...rest] = args;
    if (subcommand === 'list') return gitReaders.log!(rest);
    if (subcommand === 'show') return gitReaders.diff!(rest);
    return 'git stash changes the work tree (only list and show read)';
  },
  worktree: (args) => {
    const [subcommand, ...rest] = args;
    if (subcommand !== 'list') return 'git worktree changes worktrees (only list is allowed)';
    const parsed = parseOptions('git worktree list', rest, {
      flags: 'vz',
      long: ['porcelain', 'verbose', 'expire='],
    });
    return 'refused' in parsed ? parsed.refused : undefined;
  },
  reflog: (args) => {
    const [first, ...rest] = args;
    if (first === undefined) return undefined;
    if (first === 'show') return gitReaders.log!(rest);
    if (first.startsWith('-')) return gitReaders.log!(args);
    return `git reflog ${first} is not read-only (only git reflog [show] lists)`;
  },
};

function blameSpec(): OptionSpec {
  return {
    flags: 'bfnpctlsew',
    valued: 'LS',
    attached: 'MC',
    long: [
      'root',
      'show-stats',
      'score-debug',
      'show-name',
      'show-number',
      'porcelain',
      'line-porcelain',
      'incremental',
      'show-email',
      'ignore-rev=',
      'ignore-revs-file=',
      'color-lines',
      'color-by-age',
      'progress',
      'no-progress',
      'encoding=',
      'contents=',
      'date=',
      'minimal',
      'reverse',
      'first-parent',
      'abbrev=?',
    ],
  };
}

/** git's own options (before the subcommand): git matches these exactly, never by prefix. */
const gitGlobalFlags = new Set([
  '--no-pager',
  '-P',
  '--paginate',
  '-p',
  '--no-optional-locks',
  '--literal-pathspecs',
  '--glob-pathspecs',
  '--noglob-pathspecs',
  '--icase-pathspecs',
  '--no-replace-objects',
]);

function gitRule(args: string[]): string | undefined {
  let index = 0;
  while (index < args.length) {
    const argument = args[index]!;
    if (argument === '-C') {
      const folder = args[index + 1];
      if (folder === undefined || folder.startsWith('-')) return 'git -C needs a folder';
      index += 2;
      continue;
    }
    if (gitGlobalFlags.has(argument)) {
      index += 1;
      continue;
    }
    if (!argument.startsWith('-')) break;
    if (/^-c|^--(config-env|exec-path)/.test(argument)) {
      return `git ${argument} can make git run other commands`;
    }
    return `git option ${argument} is not recognised as read-only`;
  }
  const subcommand = args[index];
  if (subcommand === undefined) return undefined;
  const rule = Object.hasOwn(gitReaders, subcommand) ? gitReaders[subcommand] : undefined;
  if (!rule) return `git ${subcommand} is not a read-only git command`;
  return rule(args.slice(index + 1));
}

// ---- find: its own expression syntax, matched exactly. ----

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
const findValued = new Set([
  '-name',
  '-iname',
  '-path',
  '-ipath',
  '-wholename',
  '-iwholename',
  '-regex',
  '-iregex',
  '-regextype',
  '-type',
  '-xtype',
  '-size',
  '-newer',
  '-anewer',
  '-cnewer',
  '-mtime',
  '-atime',
  '-ctime',
  '-mmin',
  '-amin',
  '-cmin',
  '-user',
  '-group',
  '-uid',
  '-gid',
  '-perm',
  '-links',
  '-inum',
  '-samefile',
  '-lname',
  '-ilname',
  '-used',
  '-fstype',
  '-maxdepth',
  '-mindepth',
  '-printf',
  '-context',
  '-D',
]);
const findFlags = new Set([
  '-empty',
  '-nouser',
  '-nogroup',
  '-readable',
  '-writable',
  '-executable',
  '-true',
  '-false',
  '-depth',
  '-mount',
  '-xdev',
  '-noleaf',
  '-follow',
  '-daystart',
  '-ignore_readdir_race',
  '-noignore_readdir_race',
  '-warn',
  '-nowarn',
  '-print',
  '-print0',
  '-ls',
  '-prune',
  '-quit',
  '-not',
  '-a',
  '-and',
  '-o',
  '-or',
  '-H',
  '-L',
  '-P',
  '-help',
  '--help',
  '-version',
  '--version',
]);

function findRule(args: string[]): string | undefined {
  for (let index = 0; index < args.length; index += 1) {
    const argument = args[index]!;
    if (findActions.includes(argument)) return `find ${argument} runs a command or changes files`;
    if (!argument.startsWith('-') || argument === '-') continue;
    if (findValued.has(argument)) {
      const value = args[index + 1];
      if (value !== undefined && findActions.includes(value))
        return `find ${value} runs a command or changes files`;
      index += 1;
      continue;
    }
    if (findFlags.has(argument) || /^-newer[aBcmt][aBcmt]$/.test(argument) || /^-O\d$/.test(argument))
      continue;
    return `find ${argument} is not known to be read-only`;
  }
  return undefined;
}

// ---- sed and awk: the options, then the script itself. ----

specsByCommand.sed = sedSpec;
specsByCommand.awk = awkSpec;
specsByCommand.xargs = xargsSpec;

function sedRule(args: string[]): string | undefined {
  const parsed = parseOptions('sed', args, sedSpec);
  if ('refused' in parsed) return parsed.refused;
  const scripts = optionValues(parsed, ['-e', '--expression']);
  if (scripts.length === 0 && parsed.operands.length > 0) scripts.push(parsed.operands[0]!);
  for (const script of scripts) {
    const problem = sedScriptProblem(script);
    if (problem) return problem;
  }
  return undefined;
}

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

function awkRule(args: string[]): string | undefined {
  const parsed = parseOptions('awk', args, awkSpec);
  if ('refused' in parsed) return parsed.refused;
  const program = parsed.operands[0];
  if (program === undefined) return 'awk without a program on the command line cannot be checked';
  return awkProgramProblem(program);
}

function xargsRule(args: string[]): string | undefined {
  const parsed = parseOptions('xargs', args, xargsSpec);
  if ('refused' in parsed) return parsed.refused;
  const command = parsed.operands[0];
  if (command === undefined) return undefined;
  // Input lines become arguments: only commands whose every option is harmless may run.
  if (!plainCommands.has(command)) return `xargs runs ${command}, which is not a plain read-only command`;
  return undefined;
}

const rules: Record<string, Rule> = {
  find: findRule,
  fd: withSpec('fd', fdSpec),
  rg: withSpec('rg', rgSpec),
  sort: withSpec('sort', sortSpec),
  tree: withSpec('tree', treeSpec),
  file: withSpec('file', fileSpec),
  date: withSpec('date', dateSpec, (parsed) =>
    parsed.operands.some((operand) => !operand.startsWith('+')) || parsed.operands.length > 1
      ? 'date MMDDhhmm sets the clock (only date +FORMAT reads it)'
      : undefined,
  ),
  hostname: withSpec('hostname', hostnameSpec, (parsed) =>
    parsed.operands.length > 0 ? 'hostname NAME sets the host name' : undefined,
  ),
  uniq: withSpec('uniq', uniqSpec, (parsed) =>
    parsed.operands.length > 1 ? 'uniq INPUT OUTPUT writes a file' : undefined,
  ),
  env: (args) => (args.length > 0 ? 'env with arguments runs a command or sets variables' : undefined),
  command: (args) =>
    (args[0] === '-v' || args[0] === '-V') && args.slice(1).every((argument) => !argument.startsWith('-'))
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
