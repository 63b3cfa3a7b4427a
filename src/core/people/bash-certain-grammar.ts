// The small Bash grammar the agent's Bash check (agent-bash.ts) reads with certainty: plain
// words, quotes without expansions, ; && || | and plain redirections. Anything else is undefined.

export interface CertainCommand {
  words: string[];
  /** Output redirections (> >> &> …): a command naming baton may not write a file. */
  writes: boolean;
}

const plainCharacter = /[A-Za-z0-9_./:=@%+,~^*?[\]-]/;

/**
 * The simple commands of `command` when it is written in the small grammar; undefined for
 * anything else (expansions, substitutions, subshells, groups, here-documents, background jobs,
 * comments, control characters, backslashes).
 */
export function parseCertain(command: string): CertainCommand[] | undefined {
  const commands: CertainCommand[] = [];
  let current: CertainCommand = { words: [], writes: false };
  let word: string | undefined;
  let redirect = false;
  const endWord = () => {
    if (word === undefined) return;
    if (redirect) redirect = false;
    else current.words.push(word);
    word = undefined;
  };
  const endCommand = () => {
    endWord();
    if (redirect) return false;
    if (current.words.length > 0) commands.push(current);
    current = { words: [], writes: false };
    return true;
  };
  for (let index = 0; index < command.length; index++) {
    const character = command[index]!;
    if (character === ' ' || character === '\t') {
      endWord();
      continue;
    }
    if (character === '\n' || character === ';') {
      if (!endCommand()) return undefined;
      continue;
    }
    if (character === '|' || character === '&') {
      const next = command[index + 1];
      if (character === '&' && next !== '&' && next !== '>') return undefined; // a background job
      if (character === '&' && next === '>') {
        endWord();
        current.writes = true;
        redirect = true;
        index += command[index + 2] === '>' ? 2 : 1;
        continue;
      }
      if (!endCommand()) return undefined;
      if (next === character || (character === '|' && next === '&')) index += 1;
      continue;
    }
    if (character === '>' || character === '<') {
      // An fd number right before it belongs to the redirection, not to a word.
      if (word !== undefined && /^\d+$/.test(word)) word = undefined;
      else endWord();
      let next = index + 1;
      if (command[next] === character) next += 1;
      if (character === '<' && command[index + 1] === '<') return undefined; // here-documents
      if (command[next] === '&') {
        // >&2, 2>&1: a descriptor, not a file.
        const target = /^\d+|^-/.exec(command.slice(next + 1));
        if (target === null) return undefined;
        index = next + target[0].length;
        continue;
      }
      if (command[next] === '(' || command[next] === '|') return undefined;
      if (character === '>') current.writes = true;
      redirect = true;
      index = next - 1;
      continue;
    }
    if (character === "'") {
      const close = command.indexOf("'", index + 1);
      if (close < 0) return undefined;
      const body = command.slice(index + 1, close);
      if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(body)) return undefined;
      word = (word ?? '') + body;
      index = close;
      continue;
    }
    if (character === '"') {
      const close = command.indexOf('"', index + 1);
      if (close < 0) return undefined;
      const body = command.slice(index + 1, close);
      if (/[$`\\!\u0000-\u0008\u000b-\u001f\u007f]/.test(body)) return undefined;
      word = (word ?? '') + body;
      index = close;
      continue;
    }
    if (!plainCharacter.test(character)) return undefined;
    word = (word ?? '') + character;
  }
  if (!endCommand()) return undefined;
  return commands;
}
