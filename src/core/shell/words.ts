// One shell word, read only when its value is certain: what bash will pass to the command is
// exactly `value`, or, for an unquoted glob, some file names matching it. Everything that would
// make bash compute a word is refused with a reason naming it:
//
//   unquoted   letters, digits and  _ - . / , : = + @ % ^ ]  are literal; * ? [ make a glob;
//              ~ only inside a word after a letter, digit, _, ^ or ~ (HEAD~2), where bash never
//              expands it; ! and != only as words of their own (find . ! -name x, test a != b);
//              { } only in a word without a comma or `..`, where bash never expands braces
//              (stash@{0}, -I{}), and not as {name}> (which assigns a variable).
//              Refused: $ (every expansion and $'…' / $"…" quoting), ` (command substitution),
//              \ (escapes and line continuations), # (comments), { } with , or .. (brace
//              expansion), ( ) (subshells, functions, extended globs), and anything not ASCII
//              (allowed inside quotes, where no byte of it can end the quote).
//   '…'        single quotes: everything up to the next ' is literal, except a line break.
//   "…"        double quotes without $ ` \ ! or a line break inside: what is left is literal.
//
// The word ends at a blank, a line break or one of | & ; < > (parse.ts reads those).

export interface ShellWord {
  /** The word after quote removal: what bash passes, unless `glob`. */
  value: string;
  /** An unquoted * ? or [ … ]: bash may replace the word by any file names that match. */
  glob: boolean;
  /** The word as written. */
  source: string;
}

export type WordRead = { word: ShellWord; end: number } | { refused: string };

/** Characters that end a word outside quotes. */
export const wordEnds = new Set([' ', '\t', '\n', '|', '&', ';', '<', '>']);

const literal = /[A-Za-z0-9_\-./,:=+@%^\]]/;
/** After these (unquoted, in the same word) a ~ is not a tilde prefix. */
const beforeLiteralTilde = /[A-Za-z0-9_^~]/;

/** Why bash would compute something from `character` outside quotes. */
function unquotedProblem(source: string, position: number): string {
  const character = source[position]!;
  const next = source[position + 1];
  switch (character) {
    case '$':
      if (next === "'") return "ANSI-C quoting $'…' is not allowed (its escapes can hide any character)";
      if (next === '"') return 'locale quoting $"…" is not allowed';
      if (next === '(' && source[position + 2] === '(') return 'arithmetic expansion $((…)) is not allowed';
      if (next === '(') return 'command substitution $(…) is not allowed';
      if (next === '[') return 'arithmetic expansion $[…] is not allowed';
      if (next === '{') return 'parameter expansion $\u007b…} is not allowed';
      return 'variables and other $ expansions are not allowed';
    case '`':
      return 'command substitution `…` is not allowed';
    case '\\':
      return next === '\n'
        ? 'line continuations (\\ at the end of a line) are not allowed'
        : 'backslash escapes are not allowed: quote the word with single quotes instead';
    case '#':
      return 'comments (#) are not allowed';
    case '{':
    case '}':
      return 'braces { } in a word with a comma or .. are not allowed (brace expansion): quote them';
    case '(':
    case ')':
      return 'parentheses are not allowed (subshells, functions, process substitution, extended globs)';
    case '~':
      return 'a ~ at the start of a word, or after = or :, expands to a folder: quote it';
    case '!':
      return "! is allowed only as a word of its own (it can expand history): quote it with '…'";
    default:
      if (character.charCodeAt(0) > 0x7f) return `the character ${character} is allowed only inside quotes`;
      return `the character ${character} is not allowed outside quotes`;
  }
}

/** Reads "…" starting at the opening quote: the literal text and where it ends, or a refusal. */
function readDoubleQuoted(
  source: string,
  start: number,
): { text: string; end: number } | { refused: string } {
  let position = start + 1;
  while (position < source.length && source[position] !== '"') {
    const character = source[position]!;
    if (character === '$' || character === '`' || character === '\\' || character === '!') {
      return {
        refused: `${character} inside double quotes is not allowed (bash expands it there): use single quotes`,
      };
    }
    if (character === '\n') return { refused: 'a line break inside quotes is not allowed' };
    position += 1;
  }
  if (position >= source.length) return { refused: 'unclosed double quote' };
  return { text: source.slice(start + 1, position), end: position + 1 };
}

function readSingleQuoted(
  source: string,
  start: number,
): { text: string; end: number } | { refused: string } {
  const close = source.indexOf("'", start + 1);
  if (close < 0) return { refused: 'unclosed single quote' };
  const text = source.slice(start + 1, close);
  if (text.includes('\n')) return { refused: 'a line break inside quotes is not allowed' };
  return { text, end: close + 1 };
}

/** Reads the word starting at `start` (not at a blank or an operator character). */
export function readWord(source: string, start: number): WordRead {
  let value = '';
  let glob = false;
  let openBracket = false;
  let brace = false;
  let position = start;
  while (position < source.length && !wordEnds.has(source[position]!)) {
    const character = source[position]!;
    if (character === "'" || character === '"') {
      const quoted =
        character === "'" ? readSingleQuoted(source, position) : readDoubleQuoted(source, position);
      if ('refused' in quoted) return quoted;
      value += quoted.text;
      position = quoted.end;
      continue;
    }
    const previous = position > start ? source[position - 1]! : undefined;
    // `!` and `!=` as words of their own (find . ! -name x, test a != b): never history expansion.
    const bangWord = /^!=?(?:[ \t\n]|$)/.exec(source.slice(start, start + 3))?.[0].trimEnd();
    const standaloneBang = character === '!' && position === start && bangWord !== undefined;
    const literalTilde = character === '~' && previous !== undefined && beforeLiteralTilde.test(previous);
    if (character === '*' || character === '?') glob = true;
    else if (character === '[') openBracket = true;
    else if (character === ']' && openBracket) glob = true;
    else if (character === '{' || character === '}') brace = true;
    else if (!literal.test(character) && !standaloneBang && !literalTilde) {
      return { refused: unquotedProblem(source, position) };
    }
    value += character;
    position += 1;
  }
  const written = source.slice(start, position);
  if (brace && (written.includes(',') || written.includes('..'))) {
    return { refused: unquotedProblem(source, start + written.search(/[{}]/)) };
  }
  // {name}> and {name}< open a file descriptor and assign its number to a variable.
  if (brace && (source[position] === '>' || source[position] === '<')) {
    return {
      refused: `${written}${source[position]}: assigning a file descriptor to a variable is not allowed`,
    };
  }
  // A bracket expression may close inside quotes ([a"]"): any ] after an unquoted [ is a glob.
  if (openBracket && written.lastIndexOf(']') > written.indexOf('[')) glob = true;
  return { word: { value, glob, source: written }, end: position };
}
