// Whether a sed script (GNU dialect) can write a file or run a command: the `w`/`W` commands,
// the `e` command, and the `w`/`e` flags of `s`. Everything it cannot read is reported too, so
// the caller errs on the side of "no".

/** A reason the script is not read-only, or undefined when it only prints. */
export function sedScriptProblem(script: string): string | undefined {
  let index = 0;
  const length = script.length;
  const skipBlanks = () => {
    while (index < length && /[\s;]/.test(script[index]!)) index += 1;
  };
  const skipDelimited = (delimiter: string): boolean => {
    while (index < length && script[index] !== delimiter) {
      if (script[index] === '\\') index += 1;
      index += 1;
    }
    if (index >= length) return false;
    index += 1;
    return true;
  };
  const skipToLineEnd = () => {
    while (index < length && script[index] !== '\n') {
      if (script[index] === '\\') index += 1;
      index += 1;
    }
  };
  const skipLabel = () => {
    while (index < length && script[index] !== '\n' && script[index] !== ';' && script[index] !== '}')
      index += 1;
  };

  for (;;) {
    skipBlanks();
    if (index >= length) return undefined;
    // Addresses: numbers, $, /regex/, \cregexc, first~step, +N, ranges, negation, I/M flags.
    for (;;) {
      const character = script[index];
      if (character === undefined) break;
      if (/[0-9$,~+!\s]/.test(character)) {
        index += 1;
      } else if (character === '/') {
        index += 1;
        if (!skipDelimited('/')) return 'unterminated address in sed script';
        while (script[index] === 'I' || script[index] === 'M') index += 1;
      } else if (character === '\\' && index + 1 < length) {
        const delimiter = script[index + 1]!;
        index += 2;
        if (!skipDelimited(delimiter)) return 'unterminated address in sed script';
      } else {
        break;
      }
    }
    const command = script[index];
    if (command === undefined) return undefined;
    index += 1;
    switch (command) {
      case '{':
      case '}':
      case '=':
      case 'd':
      case 'D':
      case 'g':
      case 'G':
      case 'h':
      case 'H':
      case 'n':
      case 'N':
      case 'p':
      case 'P':
      case 'x':
      case 'z':
      case 'F':
        break;
      case 'l':
      case 'L':
      case 'q':
      case 'Q':
        while (index < length && /[0-9 ]/.test(script[index]!)) index += 1;
        break;
      case '#':
      case 'a':
      case 'i':
      case 'c':
      case 'r':
      case 'R':
        skipToLineEnd();
        break;
      case ':':
      case 'b':
      case 't':
      case 'T':
      case 'v':
        skipLabel();
        break;
      case 'w':
      case 'W':
        return 'sed command w writes a file';
      case 'e':
        return 'sed command e runs a shell command';
      case 's':
      case 'y': {
        const delimiter = script[index];
        if (delimiter === undefined || delimiter === '\n' || delimiter === '\\') {
          return `cannot read the sed ${command} command`;
        }
        index += 1;
        if (!skipDelimited(delimiter) || !skipDelimited(delimiter))
          return `unterminated sed ${command} command`;
        if (command === 's') {
          while (index < length && /[A-Za-z0-9]/.test(script[index]!)) {
            const flag = script[index]!;
            if (flag === 'w') return 'sed s///w writes a file';
            if (flag === 'e') return 'sed s///e runs a shell command';
            index += 1;
          }
        }
        break;
      }
      default:
        return `unknown sed command "${command}"`;
    }
  }
}
