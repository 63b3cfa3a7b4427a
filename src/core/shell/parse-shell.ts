// The grammar of the commands the planner may run, and nothing more: a list of pipelines of
// simple commands whose words are certain (words.ts).
//
//   list      := pipeline ( ( && | || | ; | line break ) pipeline )*  [ ; | line break ]*
//   pipeline  := command ( | command )*          (line breaks may follow |, && and ||)
//   command   := ( word | redirect )+            (at least one word)
//   redirect  := [1|2]> /dev/null | [1|2]>> /dev/null | [1|2]>&1 | [1|2]>&2
//
// Everything else bash would read — background jobs (&), |&, other redirections (into files, from
// files, here-documents <<, here-strings <<<, >&file, fd numbers but 1 and 2), process
// substitution <(…) >(…), and any word the word grammar refuses — comes back as a refusal naming
// what was refused. The parser never guesses: what it returns is what bash runs.
import { characterProblem } from './characters.ts';
import { readWord, type ShellWord } from './words.ts';

export type { ShellWord } from './words.ts';

export interface SimpleCommand {
  words: ShellWord[];
  /** The redirections, as written (only ones into /dev/null or between stdout and stderr). */
  redirects: string[];
}

export type ParsedShell = { commands: SimpleCommand[] } | { refused: string };

type Separator = '|' | '&&' | '||' | ';' | '\n';

/** A redirection at `start` (its fd digits, if any, already read): where it ends, or a refusal. */
function readRedirect(source: string, start: number, fd: string): { end: number } | { refused: string } {
  const operator = source[start]!;
  const next = source[start + 1];
  if (operator === '<') {
    if (next === '(') return { refused: 'process substitution <(…) is not allowed' };
    if (next === '<' && source[start + 2] === '<') return { refused: 'here-strings (<<<) are not allowed' };
    if (next === '<') return { refused: 'here-documents (<<) are not allowed' };
    return { refused: 'input redirection (<) is not allowed: name the file as an argument' };
  }
  if (fd !== '' && fd !== '1' && fd !== '2') {
    return { refused: `redirection of file descriptor ${fd} is not allowed` };
  }
  if (next === '(') return { refused: 'process substitution >(…) is not allowed' };
  if (next === '|') return { refused: 'redirection >| writes a file' };
  if (next === '&') {
    const target = readWord(source, start + 2);
    if ('word' in target && (target.word.source === '1' || target.word.source === '2'))
      return { end: target.end };
    return { refused: `redirection ${fd}>& is allowed only as ${fd || '1'}>&1 or ${fd || '1'}>&2` };
  }
  let position = start + (next === '>' ? 2 : 1);
  while (source[position] === ' ' || source[position] === '\t') position += 1;
  const target = readWord(source, position);
  if ('word' in target && target.word.source === '/dev/null') return { end: target.end };
  const written = 'word' in target ? target.word.source : source.slice(position).split(/[ \t\n]/)[0];
  return {
    refused: `output redirection ${source.slice(start - fd.length, position).trim()} ${written} writes a file (only >/dev/null, 2>/dev/null and 2>&1 are allowed)`,
  };
}

/** A separator at `position`, or a refusal for the operators outside the grammar. */
function readSeparator(source: string, position: number): { separator: Separator } | { refused: string } {
  const character = source[position]!;
  const next = source[position + 1];
  if (character === '\n') return { separator: '\n' };
  if (character === ';') return next === ';' ? { refused: ';; (case) is not allowed' } : { separator: ';' };
  if (character === '|') {
    if (next === '|') return { separator: '||' };
    if (next === '&') return { refused: '|& is not allowed: write 2>&1 |' };
    return { separator: '|' };
  }
  if (next === '&') return { separator: '&&' };
  if (next === '>') return { refused: 'redirection &> is not allowed: write >/dev/null 2>&1' };
  return { refused: 'background jobs (&) are not allowed' };
}

export function parseShell(source: string): ParsedShell {
  const problem = characterProblem(source);
  if (problem) return { refused: problem };
  const commands: SimpleCommand[] = [];
  let current: SimpleCommand = { words: [], redirects: [] };
  let last: Separator | undefined;
  let position = 0;
  while (position < source.length) {
    const character = source[position]!;
    if (character === ' ' || character === '\t') {
      position += 1;
      continue;
    }
    if (character === '\n' || character === ';' || character === '|' || character === '&') {
      const read = readSeparator(source, position);
      if ('refused' in read) return read;
      const { separator } = read;
      position += separator === '\n' ? 1 : separator.length;
      if (current.words.length === 0) {
        if (current.redirects.length > 0)
          return { refused: 'a redirection without a command is not allowed' };
        // A blank line, or a line break after | && || ; which bash reads as going on.
        if (separator === '\n') continue;
        return { refused: `${separator} with no command before it` };
      }
      commands.push(current);
      current = { words: [], redirects: [] };
      last = separator;
      continue;
    }
    const fd = /^\d+(?=[<>])/.exec(source.slice(position))?.[0] ?? '';
    if (source[position + fd.length] === '<' || source[position + fd.length] === '>') {
      const redirect = readRedirect(source, position + fd.length, fd);
      if ('refused' in redirect) return redirect;
      current.redirects.push(source.slice(position, redirect.end));
      position = redirect.end;
      continue;
    }
    const read = readWord(source, position);
    if ('refused' in read) return read;
    current.words.push(read.word);
    position = read.end;
  }
  if (current.words.length > 0) commands.push(current);
  else if (current.redirects.length > 0) return { refused: 'a redirection without a command is not allowed' };
  else if (last === '|' || last === '&&' || last === '||')
    return { refused: `the command ends with ${last}` };
  if (commands.length === 0) return { refused: 'no command' };
  return { commands };
}
