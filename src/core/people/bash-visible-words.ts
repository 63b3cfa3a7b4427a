// What a Bash command shows once quoting is gone, and whether a word in it names baton: the
// fallback of the agent's Bash check (agent-bash.ts) for text it cannot read with certainty.

/**
 * The command as bash would spell its words, near enough to find names: ANSI-C quotes decoded,
 * quotes, backslashes and empty expansions ($(), ${}, ``, $'', $"", $@, $*) removed.
 */
export function visibleText(command: string): string {
  return decodeAnsiC(command)
    .replace(/\$\(\s*\)|\$\{\s*\}|``|\$@|\$\*/g, '')
    .replace(/\\\n/g, '')
    .replace(/['"\\]/g, '');
}

const escapes: Record<string, string> = {
  a: '\u0007',
  b: '\b',
  e: '\u001b',
  E: '\u001b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/** Replaces each $'…' with what bash makes of it. */
function decodeAnsiC(command: string): string {
  return command.replace(/\$'((?:[^'\\]|\\[\s\S])*)'/g, (_match, body: string) =>
    body.replace(
      /\\(x[0-9A-Fa-f]{1,2}|u[0-9A-Fa-f]{1,4}|U[0-9A-Fa-f]{1,8}|[0-7]{1,3}|c.|[\s\S])/g,
      (_all, code: string) => {
        const kind = code[0]!;
        if (kind === 'x' || kind === 'u' || kind === 'U')
          return safeCodePoint(Number.parseInt(code.slice(1), 16));
        if (/[0-7]/.test(kind)) return safeCodePoint(Number.parseInt(code, 8));
        if (kind === 'c' && code.length === 2) return String.fromCharCode(code.charCodeAt(1) & 31);
        return escapes[code] ?? code;
      },
    ),
  );
}

function safeCodePoint(value: number): string {
  return Number.isFinite(value) && value >= 0 && value <= 0x10ffff ? String.fromCodePoint(value) : '';
}

/** The words of a text, split at blanks and shell punctuation. */
export function chunks(visible: string): string[] {
  return visible.split(/[\s;&|<>()`${}=,]+/).filter((chunk) => chunk !== '');
}

/**
 * Whether a word names the baton program: its last path segment holds "baton" (any case: some
 * file systems ignore it; `.baton/`, `repo.baton-worktrees` and `BATON_PLAN` are folders and
 * variables, not the program), a glob that could match baton or baton.js, or a path of this
 * installation.
 */
export function wordNamesBaton(word: string, batonPaths: readonly string[]): boolean {
  // A quoted word may hold a whole command (sh -c "baton approve p"): judge each of its words.
  const pieces = chunks(word);
  if (pieces.length !== 1) return pieces.some((piece) => wordNamesBaton(piece, batonPaths));
  const lower = word.toLowerCase();
  if (batonPaths.some((installed) => installed !== '' && lower.includes(installed.toLowerCase())))
    return true;
  const last = lower.replace(/\/+$/, '').split('/').pop() ?? '';
  // BATON_PLAN and friends are variables, not the program.
  if (/(^|[^.])baton(?!_)/.test(last)) return true;
  if (/[*?[]/.test(word)) {
    const pattern = globPattern(lower);
    const candidates = ['baton', 'baton.js', ...batonPaths.map((installed) => installed.toLowerCase())];
    if (candidates.some((candidate) => pattern.test(candidate))) return true;
    // A relative glob such as ../*/bin/* may reach an installation's bin/baton.js.
    const folder = lower.slice(0, lower.length - last.length).replace(/\/+$/, '');
    const lastPattern = globPattern(last);
    if (
      (lastPattern.test('baton') || lastPattern.test('baton.js')) &&
      /(^|\/)(bin|[^/]*[*?[][^/]*)$/.test(folder)
    )
      return true;
  }
  return false;
}

function globPattern(glob: string): RegExp {
  let source = '';
  for (let index = 0; index < glob.length; index++) {
    const character = glob[index]!;
    if (character === '*') source += '.*';
    else if (character === '?') source += '.';
    else if (character === '[') {
      const close = glob.indexOf(']', index + 1);
      if (close < 0) source += '\\[';
      else {
        source += `[${glob
          .slice(index + 1, close)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        index = close;
      }
    } else source += character.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  try {
    return new RegExp(`^${source}$`);
  } catch {
    return /^/; // an unreadable bracket expression: assume it matches
  }
}
