// What baton's hooks wrote to a repository's .baton/hooks.log (one line per problem: time,
// event, message), for tests that assert on it or show it when something else failed.
import { existsSync, readFileSync } from 'node:fs';
import { hookLogFile } from '../../src/integrations/claude/hook-log.ts';

/** The log's text; `missing` (empty by default) when no hook has written one. */
export function readHookLog(repository: string, missing = ''): string {
  const file = hookLogFile(repository);
  return existsSync(file) ? readFileSync(file, 'utf8') : missing;
}
