// How a hook command names baton: the prefix written before `hook <event>`, and the patterns
// that recognise baton's hook commands again (to update or remove exactly them, or to see that
// a settings file already carries them).
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { batonBinPath, shellQuote } from '../installation.ts';

/** `<node> <this checkout's bin/baton.js>`: hooks of a session baton starts run this very baton. */
export function batonCommandPrefix(): string {
  return `${shellQuote(process.execPath)} ${shellQuote(batonBinPath())}`;
}

/**
 * The installer's prefix: `baton` when the one on PATH is this installation, else
 * `<node> <abs>/bin/baton.js`, so hooks installed from a checkout run that checkout's code.
 */
export function defaultCommandPrefix(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const bin = batonBinPath();
  let ownBin: string;
  try {
    ownBin = realpathSync(bin);
  } catch {
    ownBin = bin;
  }
  for (const directory of (env.PATH ?? '').split(path.delimiter)) {
    if (directory === '') continue;
    try {
      if (realpathSync(path.join(directory, 'baton')) === ownBin) return 'baton';
    } catch {
      // Not there.
    }
  }
  return `${shellQuote(process.execPath)} ${shellQuote(ownBin)}`;
}

const batonCommandPattern = /(^|[\s/\\"'])baton(\.js)?["']?\s+hook\s+[a-z-]+\s*$/;

/** Whether a hook's command is one of baton's (`… baton hook <event>`, `… baton.js hook <event>`). */
export function isBatonHookCommand(command: unknown): boolean {
  return typeof command === 'string' && batonCommandPattern.test(command);
}

/**
 * baton's PreToolUse hook anywhere in a settings file's raw text. Looser than
 * isBatonHookCommand: it scans the JSON text, where the command ends in a quote, not the line.
 */
export const installedPreToolUsePattern = /baton(\.js)?["']?\s+hook\s+pre-tool-use/;
