// The SessionStart digest: what an instance should know before it starts working. Pool entries
// since its last session (other instances' first, `blocked` ones always), the active plans with
// their progress, its own claims and everyone else's. Capped at 8,000 characters: the pool part
// is last, so what gets cut is the oldest pool entries, with a note saying how to see them.
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

function entryLine(entry: PoolEntry): string {
  const affects = entry.affects.length > 0 ? ` [affects: ${entry.affects.join(', ')}]` : '';
  const blocks = entry.blocks ? ` (blocks: ${entry.blocks})` : '';
  const plan = entry.planId ? ` {${entry.planId}${entry.taskId ? `/${entry.taskId}` : ''}}` : '';
  return `- ${formatLocalTime(entry.at)} ${entry.instance} ${entry.action}: ${entry.topic} — ${entry.summary}${affects}${blocks}${plan}`;
}

function claimLine(claim: Claim, now: number, withHolder: boolean): string {
  const holder = withHolder ? ` held by ${claim.instance}` : '';
  const mode = claim.exclusive ? '' : ' (shared)';
  const reason = claim.reason ? ` (reason: ${claim.reason})` : '';
  return `- ${claim.pattern}${holder}${mode}${reason} until ${formatClock(claim.expiresAt)} (in ${formatDuration(claim.expiresAt - now)})`;
}

export function buildDigest(input: DigestInput): string {
  const { instance, now } = input;
  const lines: string[] = [];
  const who =
    instance ?? '? (no BATON_INSTANCE or CLAUDE_INSTANCE set: nothing is claimed or posted for you)';
  lines.push(`# baton: state of this repository for instance ${who}`);
  lines.push(
    'Other instances work here too. Do not edit files another instance holds (edits to them are denied); ' +
      'post progress with a ```pool block (INSTANCE/ACTION/TOPIC/SUMMARY/AFFECTS/BLOCKS) in your final message.',
  );

  const blockedIds = new Set(input.blocked.map((entry) => entry.id));
  if (input.blocked.length > 0) {
    lines.push('', '## Blocked');
    for (const entry of input.blocked) lines.push(entryLine(entry));
  }

  lines.push('', '## Claims');
  const own = input.claims.filter((claim) => instance !== undefined && claim.instance === instance);
  const others = input.claims.filter((claim) => instance === undefined || claim.instance !== instance);
  if (own.length === 0 && others.length === 0) lines.push('No active claims.');
  if (own.length > 0) {
    lines.push('Yours:');
    for (const claim of own) lines.push(claimLine(claim, now, false));
  }
  if (others.length > 0) {
    lines.push('Held by other instances (do not edit):');
    for (const claim of others) lines.push(claimLine(claim, now, true));
  }

  lines.push('', '## Active plans');
  if ('error' in input.plans) lines.push(`(could not read the plans: ${input.plans.error})`);
  else if (input.plans.length === 0) lines.push('No active plans.');
  else
    for (const plan of input.plans)
      lines.push(`- ${plan.id}: ${plan.title} — ${plan.done}/${plan.tasks} tasks done`);

  const entries = input.entries.filter((entry) => !blockedIds.has(entry.id));
  const fromOthers = entries.filter((entry) => entry.instance !== instance);
  const fromSelf = entries.filter((entry) => entry.instance === instance);
  const window = input.sinceLastSession
    ? `since your last session (${formatLocalTime(input.since)})`
    : `in the last ${formatDuration(now - input.since)}`;
  lines.push('', `## Pool ${window}: ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}`);
  if (entries.length === 0) lines.push('Nothing new.');
  if (fromOthers.length > 0) {
    lines.push('From other instances:');
    for (const entry of fromOthers) lines.push(entryLine(entry));
  }
  if (fromSelf.length > 0) {
    lines.push('Your own:');
    for (const entry of fromSelf) lines.push(entryLine(entry));
  }
  return truncateDigest(lines.join('\n'), input.since);
}

export function truncateDigest(text: string, since: number, limit = digestLimit): string {
  if (text.length <= limit) return text;
  const note = `\n… (cut at ${limit} characters; see everything with: baton pool query --since ${new Date(since).toISOString()})`;
  const room = limit - note.length;
  const cut = text.lastIndexOf('\n', room);
  return `${text.slice(0, cut > 0 ? cut : room)}${note}`;
}
