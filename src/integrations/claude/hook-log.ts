// A hook never fails the agent: what goes wrong is written to .baton/hooks.log (one line per
// failure: time, event, message) and the agent carries on.
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export function hookLogFile(repositoryRoot: string): string {
  return path.join(repositoryRoot, '.baton', 'hooks.log');
}

/** Appends one line; never throws (a log that cannot be written is not worth failing over). */
export function logHookProblem(repositoryRoot: string | undefined, event: string, message: string): void {
  const line = `${new Date().toISOString()}\t${event}\t${message.replace(/\s*\n\s*/g, ' | ')}\n`;
  try {
    process.stderr.write(`baton hook ${event}: ${message}\n`);
  } catch {
    // stderr closed: nothing to do.
  }
  if (repositoryRoot === undefined) return;
  try {
    mkdirSync(path.join(repositoryRoot, '.baton'), { recursive: true });
    appendFileSync(hookLogFile(repositoryRoot), line);
  } catch {
    // Read-only checkout or full disk: the agent still continues.
  }
}
