// Claims hold for Bash too. A shell command's writes cannot be read off its text with certainty,
// so instead of parsing, the guard compares: before a Bash call (PreToolUse) it keeps a copy of
// every file another instance holds exclusively and of the files that switch enforcement off;
// after it (PostToolUse / PostToolUseFailure) it compares, puts the holder's version back, keeps
// the command's version beside it (nothing is lost), records the event naming both, and tells
// the agent which claim it hit. A command sent to the background is compared again at each of
// the session's later tool calls, for as long as its copy is kept. Under Claude Code's sandbox,
// baton also denies those paths to the agent's Bash outright; the guard is what holds without one.
//
// Fail closed: a guard that cannot take its copies denies the command, naming the cause.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { denyToolUse, type HookResult } from '../../../claude-code/hook-answers.ts';
import { bashCommand, type HookPayload } from '../../../claude-code/hook-payload.ts';
import type { NewEvent } from '../../../store/event-log.ts';
import { isPostgresUrl, resolveStoreUrl } from '../../../store/store-location.ts';
import type { HookContext } from '../hook-context.ts';
import { enforcementFilesOutside, guardedPaths } from './guarded-files.ts';
import {
  closeSnapshot,
  openSnapshots,
  type Restored,
  restoreChanged,
  type Snapshot,
  takeSnapshot,
} from './snapshots.ts';

/** A background command's copies are compared for this long, then dropped. */
const backgroundWatchMs = 60 * 60 * 1000;
/** A copy whose PostToolUse never came (an interrupted call) is dropped after this. */
const orphanMs = 15 * 60 * 1000;

function describe(restored: Restored): string {
  const who =
    restored.holder === undefined
      ? 'no agent may change it'
      : `instance ${restored.holder} holds it (claim ${restored.pattern})`;
  if (!restored.restored)
    return `${restored.path} changed and ${who}, but baton's copy of it had been tampered with: it was left as it is`;
  const kept = restored.kept === null ? 'it had been deleted' : `your version is kept at ${restored.kept}`;
  return `${restored.path}: ${who}; baton put its version back (${kept})`;
}

async function record(context: HookContext, snapshot: Snapshot, restored: Restored[]): Promise<void> {
  const gate = await context.editGate();
  for (const item of restored) {
    const event: NewEvent = {
      kind: item.holder === undefined ? 'config-restored' : 'claim-restored',
      instance: context.instance ?? null,
      affects: [item.path],
      data: {
        tool: 'Bash',
        command: snapshot.command,
        path: item.path,
        heldBy: item.holder ?? null,
        pattern: item.pattern ?? null,
        kept: item.kept,
        restored: item.restored,
      },
    };
    await gate.recordEvent(event);
  }
}

/** Compares the session's open copies: `current` is this call's (closed after), others stay open. */
async function compareOpen(
  payload: HookPayload,
  context: HookContext,
  current: string | undefined,
): Promise<string[]> {
  const messages: string[] = [];
  const now = Date.now();
  for (const snapshot of openSnapshots(context.repositoryRoot, payload.sessionId)) {
    const restored = restoreChanged(context.repositoryRoot, payload.sessionId, snapshot);
    if (restored.length > 0) {
      await record(context, snapshot, restored);
      messages.push(...restored.map(describe));
    }
    const mine = current !== undefined && snapshot.toolUseId === current;
    const age = now - snapshot.createdAt;
    const expired = snapshot.background ? age > backgroundWatchMs : age > orphanMs;
    if ((mine && !snapshot.background) || expired)
      closeSnapshot(context.repositoryRoot, payload.sessionId, snapshot);
  }
  return messages;
}

function restoredMessage(messages: string[]): string {
  return `baton: a Bash command changed files it must not: ${messages.join('; ')}. Do not change files other instances hold or baton's configuration; work on something else or ask the holder.`;
}

/** No SQLite store yet means no claims yet: the guard does not create one to ask. */
function storeExists(context: HookContext): boolean {
  const url = resolveStoreUrl(context.repositoryRoot, context.config.store.url, context.env);
  return isPostgresUrl(url) || existsSync(url);
}

/** PreToolUse(Bash): compare what earlier commands may still change, then copy for this one. */
export async function guardBeforeBash(
  payload: HookPayload,
  context: HookContext,
): Promise<HookResult | undefined> {
  const command = bashCommand(payload) ?? '';
  const earlier = await compareOpen(payload, context, undefined);
  if (earlier.length > 0) return denyToolUse(restoredMessage(earlier));
  const claims = storeExists(context)
    ? await (await context.editGate()).exclusiveClaimsOfOthers(context.instance)
    : [];
  const outside = enforcementFilesOutside(context.repositoryRoot, context.env.HOME || homedir());
  const selection = guardedPaths(context.repositoryRoot, claims, outside);
  if (selection.kind === 'too-many') {
    return denyToolUse(
      `baton: ${selection.reason}, so Bash is denied while it stands. Use the Edit and Write tools, or ask for a narrower claim.`,
    );
  }
  takeSnapshot(
    context.repositoryRoot,
    payload.sessionId,
    { command, background: payload.toolInput.run_in_background === true, toolUseId: payload.toolUseId },
    selection.paths,
    selection.patterns,
  );
  return undefined;
}

/** PostToolUse(Bash) and later tool calls: put back what changed and tell the agent. */
export async function guardAfterBash(
  payload: HookPayload,
  context: HookContext,
): Promise<HookResult | undefined> {
  const messages = await compareOpen(payload, context, payload.toolUseId);
  if (messages.length === 0) return undefined;
  return { stdout: JSON.stringify({ decision: 'block', reason: restoredMessage(messages) }) };
}

/** PreToolUse of an edit tool: a background command may have changed a guarded file since. */
export async function guardBeforeEdit(
  payload: HookPayload,
  context: HookContext,
): Promise<HookResult | undefined> {
  const messages = await compareOpen(payload, context, undefined);
  return messages.length === 0 ? undefined : denyToolUse(restoredMessage(messages));
}
