// Stop: the ```pool blocks the agent wrote in its last message become pool entries, posted as
// this instance. A malformed block is not posted (none of it) and the person is told which line
// is wrong; the agent is never held back.
import { parsePoolBlocks } from '../../../core/pool/blocks.ts';
import type { NewPoolEntry } from '../../../core/pool/entry.ts';
import type { HookContext } from '../hook-context.ts';
import type { HookPayload } from '../payload.ts';
import { type HookResult, noDecision, systemMessage } from '../protocol.ts';
import { lastAssistantText } from '../transcript.ts';

const poolFence = /^ {0,3}(`{3,}|~{3,})\s*pool\s*$/im;

export async function handleStop(payload: HookPayload, context: HookContext): Promise<HookResult> {
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
  const entries: NewPoolEntry[] = blocks.map(({ entry }) => ({
    instance,
    action: entry.action,
    topic: entry.topic,
    summary: entry.summary,
    affects: entry.affects,
    blocks: entry.blocks,
    planId: entry.planId,
    taskId: entry.taskId,
    data: { source: 'stop-hook', ...(payload.sessionId ? { session: payload.sessionId } : {}) },
  }));
  if (entries.length > 0) {
    const store = await context.store();
    const { postPoolEntries } = await import('../../../store/pool.ts');
    await postPoolEntries(store, entries);
  }
  if (diagnostics.length === 0) return noDecision;
  const problems = diagnostics
    .map((diagnostic) => `line ${diagnostic.line}: ${diagnostic.message}`)
    .join('; ');
  return systemMessage(
    `baton: posted ${entries.length} pool entr${entries.length === 1 ? 'y' : 'ies'}; not posted: ${problems}`,
  );
}
