// The SessionStart digest: what an instance should know before it starts working. Pool entries
// since its last session (other instances' first, `blocked` ones always), the active plans with
// their progress, its own claims and everyone else's. Capped at 8,000 characters, with a budget
// per section filled in this order: claims (they prevent overwrites), blocked entries, active
// plans, the pool; room a section does not use passes on to the next. Long summaries are
// shortened (300 characters, "…"), and a section that does not fit says how many entries were
// left out and the command that shows them.
import type { Claim } from '../../core/claims/claim.ts';
import type { PoolEntry } from '../../core/pool/entry.ts';
import { formatClock, formatDuration, formatLocalTime } from '../../core/pool/time.ts';

export const digestLimit = 8000;

export interface DigestPlan {
  id: string;
  title: string;
  tasks: number;
  done: number;
}

export interface DigestInput {
  instance: string | undefined;
  now: number;
  /** Entries since this time are shown (the last session's start, or a default window). */
  since: number;
  /** Whether `since` is the instance's previous session start. */
  sinceLastSession: boolean;
  entries: PoolEntry[];
  /** Recent `blocked` entries, shown whatever their age. */
  blocked: PoolEntry[];
  claims: Claim[];
  plans: DigestPlan[] | { error: string };
}

/** Summaries longer than this are shortened in the digest (the pool keeps them whole). */
export const digestSummaryLength = 300;

/** Each section's share of the digest, in the order they are filled; unused room passes on. */
const sectionBudgets = { claims: 2500, blocked: 2000, plans: 1000 } as const;

function shorten(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

function entryLine(entry: PoolEntry): string {
  const affectsList =
    entry.affects.length > 5
      ? [...entry.affects.slice(0, 5), `… ${entry.affects.length - 5} more`]
      : entry.affects;
  const affects = affectsList.length > 0 ? ` [affects: ${affectsList.join(', ')}]` : '';
  const blocks = entry.blocks ? ` (blocks: ${shorten(entry.blocks, 200)})` : '';
  const plan = entry.planId ? ` {${entry.planId}${entry.taskId ? `/${entry.taskId}` : ''}}` : '';
  return `- ${formatLocalTime(entry.at)} ${entry.instance} ${entry.action}: ${shorten(entry.topic, 200)} — ${shorten(entry.summary, digestSummaryLength)}${affects}${blocks}${plan}`;
}

function claimLine(claim: Claim, now: number, withHolder: boolean): string {
  const holder = withHolder ? ` held by ${claim.instance}` : '';
  const mode = claim.exclusive ? '' : ' (shared)';
  const reason = claim.reason ? ` (reason: ${shorten(claim.reason, 200)})` : '';
  return `- ${claim.pattern}${holder}${mode}${reason} until ${formatClock(claim.expiresAt)} (in ${formatDuration(claim.expiresAt - now)})`;
}

/**
 * Lines of one section within `budget` characters (newlines included). What does not fit is
 * counted in a last line saying how many were left out and how to see them.
 */
function fitSection(lines: Array<string | { item: string }>, budget: number, seeAll: string): string[] {
  const total = lines.filter((line) => typeof line !== 'string').length;
  const kept: string[] = [];
  let used = 0;
  let shown = 0;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    const text = typeof line === 'string' ? line : line.item;
    const left = total - shown - (typeof line === 'string' ? 0 : 1);
    const reserve = left > 0 ? 80 + seeAll.length : 0;
    if (used + text.length + 1 + reserve > budget && typeof line !== 'string') {
      const omitted = total - shown;
      kept.push(`… ${omitted} more left out (see: ${seeAll})`);
      return kept;
    }
    kept.push(text);
    used += text.length + 1;
    if (typeof line !== 'string') shown += 1;
  }
  return kept;
}

const item = (text: string) => ({ item: text });

export function buildDigest(input: DigestInput): string {
  const { instance, now } = input;
  const head: string[] = [];
  const who =
    instance ?? '? (no BATON_INSTANCE or CLAUDE_INSTANCE set: nothing is claimed or posted for you)';
  head.push(`# baton: state of this repository for instance ${who}`);
  head.push(
    'Other instances work here too. Do not edit files another instance holds (edits to them are denied); ' +
      'post progress with a ```pool block (INSTANCE/ACTION/TOPIC/SUMMARY/AFFECTS/BLOCKS) in your final message.',
  );
  const sinceIso = new Date(input.since).toISOString();
  const note = `\n… (cut at ${digestLimit} characters; see everything with: baton pool query --since ${sinceIso})`;
  let room = digestLimit - head.join('\n').length - note.length;

  // Claims first: they are what keeps an instance from overwriting another's work.
  const claimLines: Array<string | { item: string }> = ['', '## Claims'];
  const own = input.claims.filter((claim) => instance !== undefined && claim.instance === instance);
  const others = input.claims.filter((claim) => instance === undefined || claim.instance !== instance);
  if (own.length === 0 && others.length === 0) claimLines.push('No active claims.');
  if (others.length > 0) {
    claimLines.push('Held by other instances (do not edit):');
    for (const claim of others) claimLines.push(item(claimLine(claim, now, true)));
  }
  if (own.length > 0) {
    claimLines.push('Yours:');
    for (const claim of own) claimLines.push(item(claimLine(claim, now, false)));
  }
  const claimsPart = fitSection(claimLines, Math.max(sectionBudgets.claims, room - 3 * 400), 'baton claims');

  const blockedIds = new Set(input.blocked.map((entry) => entry.id));
  const blockedLines: Array<string | { item: string }> = [];
  if (input.blocked.length > 0) {
    blockedLines.push('', '## Blocked');
    for (const entry of input.blocked) blockedLines.push(item(entryLine(entry)));
  }

  const planLines: Array<string | { item: string }> = ['', '## Active plans'];
  if ('error' in input.plans)
    planLines.push(`(could not read the plans: ${shorten(input.plans.error, 300)})`);
  else if (input.plans.length === 0) planLines.push('No active plans.');
  else
    for (const plan of input.plans)
      planLines.push(
        item(`- ${plan.id}: ${shorten(plan.title, 150)} — ${plan.done}/${plan.tasks} tasks done`),
      );

  const entries = input.entries.filter((entry) => !blockedIds.has(entry.id));
  const fromOthers = entries.filter((entry) => entry.instance !== instance);
  const fromSelf = entries.filter((entry) => entry.instance === instance);
  const window = input.sinceLastSession
    ? `since your last session (${formatLocalTime(input.since)})`
    : `in the last ${formatDuration(now - input.since)}`;
  const poolLines: Array<string | { item: string }> = [
    '',
    `## Pool ${window}: ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}`,
  ];
  if (entries.length === 0) poolLines.push('Nothing new.');
  if (fromOthers.length > 0) {
    poolLines.push('From other instances:');
    for (const entry of fromOthers) poolLines.push(item(entryLine(entry)));
  }
  if (fromSelf.length > 0) {
    poolLines.push('Your own:');
    for (const entry of fromSelf) poolLines.push(item(entryLine(entry)));
  }

  const size = (lines: string[]) => lines.reduce((sum, line) => sum + line.length + 1, 0);
  room -= size(claimsPart);
  // Each later section is guaranteed its share; what a section does not use passes on.
  const planNeed = Math.min(
    size(planLines.map((line) => (typeof line === 'string' ? line : line.item))),
    sectionBudgets.plans,
  );
  const poolFloor = 800;
  const blockedPart = fitSection(
    blockedLines,
    Math.max(Math.min(sectionBudgets.blocked, room), room - planNeed - poolFloor),
    'baton pool query --action blocked --since 7d',
  );
  room -= size(blockedPart);
  const plansPart = fitSection(
    planLines,
    Math.max(Math.min(sectionBudgets.plans, room), room - poolFloor),
    'baton plans',
  );
  room -= size(plansPart);
  const poolPart = fitSection(poolLines, room, `baton pool query --since ${sinceIso}`);

  const text = [...head, ...claimsPart, ...blockedPart, ...plansPart, ...poolPart].join('\n');
  return truncateDigest(text, input.since);
}

export function truncateDigest(text: string, since: number, limit = digestLimit): string {
  if (text.length <= limit) return text;
  const note = `\n… (cut at ${limit} characters; see everything with: baton pool query --since ${new Date(since).toISOString()})`;
  const room = limit - note.length;
  const cut = text.lastIndexOf('\n', room);
  return `${text.slice(0, cut > 0 ? cut : room)}${note}`;
}
