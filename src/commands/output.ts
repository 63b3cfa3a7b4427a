// How commands answer: text for a person, or one JSON document (--json) for a script.
import { type BatonError, ExitCode } from '../errors.ts';

export interface OutputOptions {
  json?: boolean;
}

export function writeJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function writeLine(text = ''): void {
  process.stdout.write(`${text}\n`);
}

export function writeError(error: BatonError, options: { json?: boolean; debug?: boolean }): void {
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ok: false, error: error.toJSON() }, null, 2)}\n`);
  } else {
    process.stderr.write(`baton: error ${error.code}: ${error.message}\n`);
    if (error.hint) process.stderr.write(`  hint: ${error.hint}\n`);
  }
  if (options.debug && error.stack) process.stderr.write(`${error.stack}\n`);
}

/** Sets the exit code without cutting off output still being written. */
export function setExitCode(code: ExitCode): void {
  if (code > ((process.exitCode as number | undefined) ?? ExitCode.ok)) process.exitCode = code;
}

export const useColor = (): boolean => process.stdout.isTTY === true && !process.env.NO_COLOR;
