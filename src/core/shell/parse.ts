// A small parser for the shell commands an agent sends to its Bash tool: enough of POSIX sh and
// bash to find every simple command, every redirection and every substitution, so that
// `isReadOnlyCommand` can judge them. It never runs anything and never guesses: what it does not
// understand (subshells, arithmetic expansion, unclosed quotes) comes back as a problem, and the
// caller denies the command.
//
// What it knows: words with '…', "…", $'…' and backslash quoting; comments; line continuations;
// the separators ; & && || | |& and newline; redirections with an optional fd number
// (> >> >| < <> <& >& &> &>> << <<- <<<) and here-document bodies; $(…), `…`, <(…) and >(…),
// whose inner text is returned for the caller to judge recursively.

export interface ShellWord {
  /** The word after quote removal; a substitution leaves a NUL placeholder. */
  value: string;
  /** True when some part of the word is expanded at run time ($VAR, $(…), `…`, {a,b}): its final value is unknown. */
  dynamic: boolean;
}

export interface ShellRedirect {
  /** The operator without its fd: `>`, `>>`, `>|`, `<`, `<>`, `<&`, `>&`, `&>`, `&>>`, `<<`, `<<-`, `<<<`. */
  operator: string;
  fd: string | undefined;
  /** The target word (for a here-document: its delimiter). */
  target: ShellWord;
}

export interface SimpleCommand {
  words: ShellWord[];
  redirects: ShellRedirect[];
}

export interface Substitution {
  /** `$(`, "`", `<(` or `>(`. */
  kind: '$(' | '`' | '<(' | '>(';
  inner: string;
}

export interface ParsedShell {
  commands: SimpleCommand[];
  substitutions: Substitution[];
  /** Constructs this parser does not analyse; any problem means "deny". */
  problems: string[];
}

const placeholder = '\u0000';
const operatorCharacters = new Set(['|', '&', ';', '<', '>', '(', ')']);

interface PendingHeredoc {
  delimiter: string;
  stripTabs: boolean;
  quoted: boolean;
}

export function parseShell(source: string): ParsedShell {
  const commands: SimpleCommand[] = [];
  const substitutions: Substitution[] = [];
  const problems: string[] = [];
  let current: SimpleCommand = { words: [], redirects: [] };
  let pending: PendingHeredoc[] = [];
  let index = 0;

  const endCommand = () => {
    if (current.words.length > 0 || current.redirects.length > 0) commands.push(current);
    current = { words: [], redirects: [] };
  };

  /** Reads from `start` to the matching close of a `(` already consumed; returns the inner text. */
  const readBalanced = (start: number): { inner: string; end: number } | undefined => {
    let depth = 1;
    let position = start;
    while (position < source.length) {
      const character = source[position]!;
      if (character === '\\') {
        position += 2;
        continue;
      }
      if (character === "'") {
        const close = source.indexOf("'", position + 1);
        if (close < 0) return undefined;
        position = close + 1;
        continue;
      }
      if (character === '"') {
        position += 1;
        while (position < source.length && source[position] !== '"') {
          position += source[position] === '\\' ? 2 : 1;
        }
        position += 1;
        continue;
      }
      if (character === '(') depth += 1;
      if (character === ')') {
        depth -= 1;
        if (depth === 0) return { inner: source.slice(start, position), end: position + 1 };
      }
      position += 1;
    }
    return undefined;
  };

  const readBacktick = (start: number): { inner: string; end: number } | undefined => {
    let position = start;
    let inner = '';
    while (position < source.length) {
      const character = source[position]!;
      if (character === '\\' && position + 1 < source.length) {
        const next = source[position + 1]!;
        inner += next === '`' || next === '\\' || next === '$' ? next : `\\${next}`;
        position += 2;
        continue;
      }
      if (character === '`') return { inner, end: position + 1 };
      inner += character;
      position += 1;
    }
    return undefined;
  };

  /** `$…` at `position` (the `$` itself); appends to the word and returns the new position. */
  const readDollar = (position: number, word: ShellWord): number => {
    const next = source[position + 1];
    if (next === '(') {
      if (source[position + 2] === '(') {
        problems.push('arithmetic expansion $((…)) is not analysed');
        const closing = readBalanced(position + 2);
        return closing ? closing.end : source.length;
      }
      const balanced = readBalanced(position + 2);
      if (!balanced) {
        problems.push('unclosed $( command substitution');
        return source.length;
      }
      substitutions.push({ kind: '$(', inner: balanced.inner });
      word.value += placeholder;
      word.dynamic = true;
      return balanced.end;
    }
    word.value += '$';
    if (next !== undefined && /[A-Za-z0-9_{@*#?$!-]/.test(next)) word.dynamic = true;
    return position + 1;
  };

  /**
   * A `…` substitution at `position` inside a word, quoted or not: where the word goes on, or
   * undefined when the backtick is never closed (the rest of the source is lost to it).
   */
  const readBacktickWord = (position: number, word: ShellWord): number | undefined => {
    const backtick = readBacktick(position + 1);
    if (!backtick) {
      problems.push('unclosed backtick');
      return undefined;
    }
    substitutions.push({ kind: '`', inner: backtick.inner });
    word.value += placeholder;
    word.dynamic = true;
    return backtick.end;
  };

  /** Reads one word starting at `start` (not at a separator or blank). */
  const readWord = (start: number): { word: ShellWord; end: number; quoted: boolean } => {
    const word: ShellWord = { value: '', dynamic: false };
    let quoted = false;
    let position = start;
    let unquotedText = '';
    while (position < source.length) {
      const character = source[position]!;
      if (character === ' ' || character === '\t' || character === '\n' || operatorCharacters.has(character))
        break;
      if (character === '\\') {
        if (source[position + 1] === '\n') {
          position += 2;
          continue;
        }
        quoted = true;
        word.value += source[position + 1] ?? '';
        position += 2;
        continue;
      }
      if (character === "'") {
        const close = source.indexOf("'", position + 1);
        if (close < 0) {
          problems.push('unclosed single quote');
          return { word, end: source.length, quoted: true };
        }
        word.value += source.slice(position + 1, close);
        quoted = true;
        position = close + 1;
        continue;
      }
      if (character === '$' && source[position + 1] === "'") {
        // ANSI-C quoting: escapes are decoded loosely; only the quote boundaries matter here.
        let cursor = position + 2;
        while (cursor < source.length && source[cursor] !== "'") {
          if (source[cursor] === '\\') {
            word.value += source[cursor + 1] ?? '';
            cursor += 2;
          } else {
            word.value += source[cursor];
            cursor += 1;
          }
        }
        if (cursor >= source.length) problems.push("unclosed $' quote");
        quoted = true;
        position = cursor + 1;
        continue;
      }
      if (character === '"' || (character === '$' && source[position + 1] === '"')) {
        position += character === '$' ? 2 : 1;
        quoted = true;
        let closed = false;
        while (position < source.length) {
          const inner = source[position]!;
          if (inner === '"') {
            closed = true;
            position += 1;
            break;
          }
          if (inner === '\\') {
            const next = source[position + 1];
            if (next === '\n') position += 2;
            else if (next === '"' || next === '\\' || next === '$' || next === '`') {
              word.value += next;
              position += 2;
            } else {
              word.value += '\\';
              position += 1;
            }
            continue;
          }
          if (inner === '$') {
            position = readDollar(position, word);
            continue;
          }
          if (inner === '`') {
            const end = readBacktickWord(position, word);
            if (end === undefined) return { word, end: source.length, quoted };
            position = end;
            continue;
          }
          word.value += inner;
          position += 1;
        }
        if (!closed) problems.push('unclosed double quote');
        continue;
      }
      if (character === '$') {
        position = readDollar(position, word);
        continue;
      }
      if (character === '`') {
        const end = readBacktickWord(position, word);
        if (end === undefined) return { word, end: source.length, quoted };
        position = end;
        continue;
      }
      word.value += character;
      unquotedText += character;
      position += 1;
    }
    // Unquoted brace expansion ({-o,file} or {1..3}) produces words nobody wrote out.
    if (/\{[^}]*(,|\.\.)[^}]*\}/.test(unquotedText)) word.dynamic = true;
    return { word, end: position, quoted };
  };

  const consumeHeredocBodies = (start: number): number => {
    let position = start;
    for (const heredoc of pending) {
      for (;;) {
        if (position >= source.length) break;
        const lineEnd = source.indexOf('\n', position);
        const line = source.slice(position, lineEnd < 0 ? source.length : lineEnd);
        position = lineEnd < 0 ? source.length : lineEnd + 1;
        const compared = heredoc.stripTabs ? line.replace(/^\t+/, '') : line;
        if (compared === heredoc.delimiter) break;
        if (!heredoc.quoted && (/\$\(/.test(line) || line.includes('`'))) {
          problems.push('command substitution inside a here-document is not analysed');
        }
      }
    }
    pending = [];
    return position;
  };

  while (index < source.length) {
    const character = source[index]!;
    if (character === ' ' || character === '\t' || character === '\r') {
      index += 1;
      continue;
    }
    if (character === '\\' && source[index + 1] === '\n') {
      index += 2;
      continue;
    }
    if (character === '\n') {
      endCommand();
      index = consumeHeredocBodies(index + 1);
      continue;
    }
    if (character === '#') {
      const lineEnd = source.indexOf('\n', index);
      index = lineEnd < 0 ? source.length : lineEnd;
      continue;
    }
    const two = source.slice(index, index + 2);
    const three = source.slice(index, index + 3);
    if (two === '<(' || two === '>(') {
      const balanced = readBalanced(index + 2);
      if (!balanced) {
        problems.push(`unclosed ${two} process substitution`);
        break;
      }
      substitutions.push({ kind: two as '<(' | '>(', inner: balanced.inner });
      current.words.push({ value: placeholder, dynamic: true });
      index = balanced.end;
      continue;
    }
    if (character === '(' || character === ')') {
      problems.push('subshells, groups and function definitions are not analysed');
      index += 1;
      continue;
    }
    if (two === '&&' || two === '||' || two === '|&' || two === ';&') {
      endCommand();
      index += 2;
      continue;
    }
    if (two === ';;') {
      problems.push('case statements are not analysed');
      index += 2;
      continue;
    }
    if (character === ';' || character === '|' || (character === '&' && source[index + 1] !== '>')) {
      endCommand();
      index += 1;
      continue;
    }
    if (character === '<' || character === '>' || character === '&') {
      let operator: string;
      if (three === '&>>' || three === '<<<' || three === '<<-') operator = three;
      else if (['>>', '>|', '<>', '<&', '>&', '&>', '<<'].includes(two)) operator = two;
      else operator = character;
      index += operator.length;
      while (source[index] === ' ' || source[index] === '\t') index += 1;
      if (index >= source.length || source[index] === '\n' || operatorCharacters.has(source[index]!)) {
        problems.push(`redirection ${operator} without a target`);
        continue;
      }
      // An fd number written right before the operator was read as a word: take it back.
      let fd: string | undefined;
      const last = current.words[current.words.length - 1];
      const operatorStart = index - operator.length;
      if (last && /^\d+$/.test(last.value) && !last.dynamic && /\d$/.test(source.slice(0, operatorStart))) {
        const before = source[operatorStart - 1 - last.value.length];
        if (before === undefined || before === ' ' || before === '\t' || before === '\n' || before === ';') {
          fd = last.value;
          current.words.pop();
        }
      }
      const target = readWord(index);
      index = target.end;
      current.redirects.push({ operator, fd, target: target.word });
      if (operator === '<<' || operator === '<<-') {
        pending.push({ delimiter: target.word.value, stripTabs: operator === '<<-', quoted: target.quoted });
      }
      continue;
    }
    const word = readWord(index);
    index = word.end;
    current.words.push(word.word);
  }
  endCommand();
  if (pending.length > 0) consumeHeredocBodies(source.length);
  return { commands, substitutions, problems };
}

/** True when the word holds the output of a substitution (its value has a placeholder). */
export function hasSubstitution(word: ShellWord): boolean {
  return word.value.includes(placeholder);
}
