// The version a command-line tool reports (`<tool> --version`), for `baton doctor`.
import { spawnSync } from 'node:child_process';

/** The first line of `<command> --version`, or undefined when it cannot be run or fails. */
export function toolVersion(
  command: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  const result = spawnSync(command, ['--version'], {
    env: env as NodeJS.ProcessEnv,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 15_000,
  });
  if (result.error || result.status !== 0) return undefined;
  const line = `${result.stdout}\n${result.stderr}`.split('\n').find((text) => text.trim() !== '');
  return line?.trim();
}
