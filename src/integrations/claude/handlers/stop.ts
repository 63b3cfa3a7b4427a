// Stop: the ```pool blocks the agent wrote in its last message become pool entries, posted as
// this instance. A malformed block is not posted (none of it) and the person is told which line
// is wrong; the agent is never held back.
//
// Each block is posted once: a Stop that Claude Code runs again because a stop hook kept the
// agent going (stop_hook_active) is skipped, and a block whose content this instance already
// posted in this session (same session_id, same content hash, kept in the entry's data) is not
// posted again — also when two Stop hooks run at the same instant (a cooldown per block decides).
import { createHash } from 'node:crypto';
import { type HookResult, noDecision, systemMessage } from '../../../claude-code/hook-answers.ts';
import type { HookPayload } from '../../../claude-code/hook-payload.ts';
import { parsePoolBlocks } from '../../../core/pool/blocks.ts';
import type { NewPoolEntry } from '../../../core/pool/entry.ts';
import type { HookContext } from '../hook-context.ts';
import { lastAssistantText } from '../transcript.ts';

const poolFence = /^ {0,3}(`{3,}|~{3,})\s*pool\s*$/im;

const dedupeWindowMs = 7 * 24 * 3_600_000;

function blockHash(entry: NewPoolEntry): string {
  const content = JSON.stringify([
    entry.action,
    entry.topic,
    entry.summary,
    entry.affects ?? [],
    entry.blocks ?? null,
    entry.planId ?? null,
    entry.taskId ?? null,
  ]);
  return createHash('sha256').update(content).digest('hex').slice(0, 32);
}

export async function handleStop(payload: HookPayload, context: HookContext): Promise<HookResult> {
  if (payload.stopHookActive) return noDecision;
  const text =
    payload.lastAssistantMessage ??
    (payload.transcriptPath === undefined ? undefined : lastAssistantText(payload.transcriptPath));
  if (text === undefined || !poolFence.test(text)) return noDecision;
  const instance = context.instance;
  if (instance === undefined) {
    return systemMessage(
      'baton: pool blocks not posted: this session has no instance id (set BATON_INSTANCE or CLAUDE_INSTANCE).',
    );
  }
  const { blocks, diagnostics } = parsePoolBlocks(text, { postingInstance: instance });
  const session = payload.sessionId ?? null;
  let entries: NewPoolEntry[] = blocks.map(({ entry }) => {
    const posted: NewPoolEntry = {
      instance,
      action: entry.action,
      topic: entry.topic,
      summary: entry.summary,
      affects: entry.affects,
      blocks: entry.blocks,
      planId: entry.planId,
      taskId: entry.taskId,
    };
    return { ...posted, data: { source: 'stop-hook', session, hash: blockHash(posted) } };
  });
  let repeated = 0;
  if (entries.length > 0) {
    const store = await context.store();
    const { postPoolEntries, queryPool } = await import('../../../store/pool-entries.ts');
    const earlier = await queryPool(store, { instance, since: Date.now() - dedupeWindowMs });
    const seen = new Set(
      earlier
        .filter((entry) => entry.data.source === 'stop-hook' && (entry.data.session ?? null) === session)
        .map((entry) => entry.data.hash),
    );
    const { clearCooldown, forgetCooldowns, takeCooldown } = await import('../../../store/cooldowns.ts');
    const fresh: NewPoolEntry[] = [];
    for (const entry of entries) {
      const hash = String(entry.data!.hash);
      if (seen.has(hash)) continue;
      seen.add(hash);
      // Two Stop hooks at the same instant both find nothing posted yet: one atomic take of a
      // cooldown named after the block decides which of them posts it.
      if (
        await takeCooldown(store, {
          instance,
          kind: `stop-block:${session}:${hash}`,
          cooldownMs: dedupeWindowMs,
        })
      )
        fresh.push(entry);
    }
    repeated = entries.length - fresh.length;
    entries = fresh;
    if (entries.length > 0) {
      try {
        await postPoolEntries(store, entries);
      } catch (error) {
        // Not posted after all: a later Stop may post them.
        for (const entry of entries)
          await clearCooldown(store, { instance, kind: `stop-block:${session}:${entry.data!.hash}` }).catch(
            () => {},
          );
        throw error;
      }
    }
    // The per-block cooldowns are only needed within the window.
    await forgetCooldowns(store, { kindPrefix: 'stop-block:', before: Date.now() - dedupeWindowMs });
  }
  if (repeated > 0)
    context.notes.push(`stop: ${repeated} pool block(s) already posted in this session, not posted again`);
  if (diagnostics.length === 0) return noDecision;
  const problems = diagnostics
    .map((diagnostic) => `line ${diagnostic.line}: ${diagnostic.message}`)
    .join('; ');
  return systemMessage(
    `baton: posted ${entries.length} pool entr${entries.length === 1 ? 'y' : 'ies'}; not posted: ${problems}`,
  );
}
