// Which characters a command may hold at all, before any grammar: the check reads the command as
// bash will, and bash gives meaning to characters a reader cannot see. A carriage return before
// `#`, a vertical tab, an escape sequence or a zero-width character can make the text a person
// (or this check) reads differ from the text bash runs, so every control character is refused,
// with two exceptions whose meaning is certain in the grammar (parse.ts): the tab, a blank like
// the space, and the line feed outside quotes, a command separator like `;`.

/** Names for the control characters an agent is likeliest to send. */
const controlNames: Readonly<Record<number, string>> = {
  0: 'NUL',
  7: 'bell',
  8: 'backspace',
  11: 'vertical tab',
  12: 'form feed',
  13: 'carriage return',
  27: 'escape',
  127: 'delete',
};

function describe(codePoint: number): string {
  const hex = codePoint.toString(16).toUpperCase().padStart(4, '0');
  const name = controlNames[codePoint];
  return name ? `U+${hex} (${name})` : `U+${hex}`;
}

/**
 * Why `source` holds a character no command may hold, or undefined: controls other than tab and
 * line feed (C0, DEL, C1), and invisible or unassigned code points (Unicode's "Other" category:
 * format characters, surrogates, private use, unassigned).
 */
export function characterProblem(source: string): string | undefined {
  for (const character of source) {
    const codePoint = character.codePointAt(0)!;
    if (codePoint === 0x09 || codePoint === 0x0a) continue;
    if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0)) {
      return `the control character ${describe(codePoint)} is not allowed in a command (bash and a reader may see different commands)`;
    }
    if (codePoint > 0x7f && /\p{C}/u.test(character)) {
      return `the invisible or unassigned character ${describe(codePoint)} is not allowed in a command`;
    }
  }
  return undefined;
}
