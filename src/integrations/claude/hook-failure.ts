// What a hook answers when it could not do its work: an exception, invalid input or config, a
// store locked past its busy timeout, the internal time-out. PreToolUse is a gate, so it fails
// closed: the tool use is denied with the cause and the fix, never allowed silently. The other
// events only inform (digests, pool entries, attention): they answer nothing and the agent goes on.

import { denyToolUse } from '../../claude-code/hook-answers.ts';
import type { HookEvent } from '../../claude-code/hook-payload.ts';

/** The fix a person can act on, from the cause's text. */
function fixFor(cause: string): string {
  if (/config/i.test(cause)) return 'Fix .baton/config.yaml (run `baton doctor` to see the problem).';
  if (/timed out/i.test(cause))
    return 'The store may be busy or locked by another process: try again; if it persists, run `baton doctor`.';
  if (/locked|busy|database|store|sqlite|postgres/i.test(cause))
    return 'The store is locked or unreachable: try again; if it persists, run `baton doctor`.';
  return 'See .baton/hooks.log and run `baton doctor`.';
}

/** stdout for a hook that failed with `cause`: a deny for PreToolUse, nothing for the others. */
export function failedHookAnswer(event: HookEvent | undefined, cause: string): string {
  // An unknown event name cannot be a gate baton installed; invalid input of a known one can.
  if (event !== 'pre-tool-use') return '';
  const reason = `baton: this tool use is denied because baton's check could not run (${cause}). ${fixFor(cause)}`;
  return denyToolUse(reason).stdout ?? '';
}
