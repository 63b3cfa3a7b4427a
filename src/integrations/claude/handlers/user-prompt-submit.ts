// UserPromptSubmit: the context router of seed 001. Each prompt is a turn of the instance: the
// files it names (src/a.ts, blog/Timeline.tsx, Timeline.tsx) and the files it edited since its
// last turn go HOT, every other score decays, and the model is given the HOT files whole and the
// WARM files' first lines with the prompt, under the ATTENTION STATE header. Edits are read from
// the claims the PreToolUse hook took or renewed for them, so no other hook does more work.
// Without an instance, or with context.enabled off, nothing.

import { type HookResult, noDecision, promptContext } from '../../../claude-code/hook-answers.ts';
import type { HookPayload } from '../../../claude-code/hook-payload.ts';
import { type HotFile, renderAttention, type WarmFile } from '../../../core/attention/attention-context.ts';
import { heatOf, mentionedFiles } from '../../../core/attention/attention-scores.ts';
import { readHotFiles, readWarmFiles } from '../attention-files.ts';
import type { HookContext } from '../hook-context.ts';

// Claude Code keeps a longer additionalContext out of the prompt (it saves it to a file and shows
// the model a 2 KB preview; measured with Claude Code 2.1: 9.9k characters pass, 10.7k do not).
const contextLimit = 9_500;

export async function handleUserPromptSubmit(
  payload: HookPayload,
  context: HookContext,
): Promise<HookResult> {
  const settings = context.config.context;
  if (!settings.enabled || context.instance === undefined) return noDecision;
  const { listRepositoryFiles } = await import('../../../workspace/git-diff.ts');
  const files = listRepositoryFiles(context.repositoryRoot);
  const store = await context.store();
  const { advanceAttention, lastTurnAt } = await import('../../../store/attention-turns.ts');
  const edited = await editedSince(context, context.instance, await lastTurnAt(store, context.instance));
  const present = new Set(files);
  const mentioned = [
    ...mentionedFiles(payload.prompt ?? '', files, context.repositoryRoot),
    ...edited.filter((file) => present.has(file)),
  ];
  const state = await advanceAttention(store, { instance: context.instance, mentioned, settings });
  // Files gone from the repository since they were scored are not shown.
  const scored = state.scores.filter((entry) => present.has(entry.path));
  const hotPaths = scored
    .filter((entry) => heatOf(entry.score, settings) === 'hot')
    .map((entry) => entry.path);
  const warmPaths = scored
    .filter((entry) => heatOf(entry.score, settings) === 'warm')
    .map((entry) => entry.path);
  if (hotPaths.length === 0 && warmPaths.length === 0) return noDecision;
  const view = (hot: HotFile[], warm: WarmFile[]) =>
    renderAttention({
      instance: context.instance!,
      turn: state.turn,
      hot,
      warm,
      cold: Math.max(0, files.length - hot.length - warm.length),
    });
  // WARM first lines are small: at most half the limit. The HOT files get what is left once
  // their headings and fences are counted (as many files as leave each some room), and a last
  // file still over the limit is cut further, never the text as a whole (a fence would break).
  const warm = readWarmFiles(context.repositoryRoot, warmPaths, settings.warm_lines);
  while (warm.length > 0 && view([], warm).length > contextLimit / 2) warm.pop();
  const empty = (paths: readonly string[]) => paths.map((path) => ({ path, text: '', truncated: true }));
  let candidates = hotPaths;
  while (
    candidates.length > 0 &&
    view(empty(candidates), warm).length > contextLimit - 200 * candidates.length
  )
    candidates = candidates.slice(0, -1);
  const room = contextLimit - view(empty(candidates), warm).length;
  const hot = readHotFiles(context.repositoryRoot, candidates, Math.min(settings.hot_max_bytes, room));
  let text = view(hot, warm);
  while (text.length > contextLimit && hot.length > 0) {
    const last = hot[hot.length - 1]!;
    const keep = last.text.length - (text.length - contextLimit) - 16;
    if (keep <= 0) hot.pop();
    else hot[hot.length - 1] = { ...last, text: last.text.slice(0, keep), truncated: true };
    text = view(hot, warm);
  }
  return promptContext(text);
}

/** Files the instance's edits claimed or renewed since `since` (none before its first turn). */
async function editedSince(
  context: HookContext,
  instance: string,
  since: number | undefined,
): Promise<string[]> {
  if (since === undefined) return [];
  const { listClaims } = await import('../../../store/claim-leases.ts');
  const ttlMs = context.config.claims.ttl;
  const claims = await listClaims(await context.store(), { instance });
  // A renewal sets the expiry to now + ttl, so expiry − ttl is when the file was last edited.
  return claims
    .filter((claim) => claim.reason?.startsWith('editing') && claim.expiresAt - ttlMs >= since)
    .map((claim) => claim.pattern);
}
