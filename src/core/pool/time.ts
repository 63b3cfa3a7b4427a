// Times and durations as people type them: `30m`, `2h`, `1d`, or an ISO time.
import { BatonError } from '../../errors.ts';

const unitMilliseconds: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

const durationPattern = /^(\d+)\s*(ms|s|m|h|d|w)$/i;

/** `30m` → 1,800,000. Throws a USAGE error naming the option when the text is not a duration. */
export function parseDuration(text: string, option = 'duration'): number {
  const match = durationPattern.exec(text.trim());
  const amount = match ? Number(match[1]) : Number.NaN;
  if (!match || !Number.isSafeInteger(amount) || amount <= 0) {
    throw new BatonError('USAGE', `${option}: cannot read "${text}" as a duration`, {
      hint: 'Use a positive number followed by ms, s, m, h, d or w, such as 30m, 2h or 1d.',
    });
  }
  return amount * unitMilliseconds[match[2]!.toLowerCase()]!;
}

/** `--since`: a duration back from `now` (`30m`, `2h`, `1d`) or an ISO time; returns epoch ms. */
export function parseSince(text: string, now: number = Date.now()): number {
  const trimmed = text.trim();
  if (durationPattern.test(trimmed)) return now - parseDuration(trimmed, '--since');
  // Only ISO-like text: Date.parse accepts much more (e.g. "1"), which would hide typos.
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.test(trimmed)) {
    const at = Date.parse(trimmed.replace(' ', 'T'));
    if (Number.isFinite(at)) return at;
  }
  throw new BatonError('USAGE', `--since: cannot read "${text}"`, {
    hint: 'Use a duration back from now (30m, 2h, 1d) or an ISO time such as 2026-01-02T14:00.',
  });
}

/** `24m`, `3h 5m`, `2d`: a short human form of a positive duration. */
export function formatDuration(milliseconds: number): string {
  if (milliseconds < 60_000) return `${Math.max(0, Math.round(milliseconds / 1000))}s`;
  const minutes = Math.round(milliseconds / 60_000);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours}h` : `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** `14:32` in local time. */
export function formatClock(at: number): string {
  const date = new Date(at);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** `2026-01-02 14:32` in local time. */
export function formatLocalTime(at: number): string {
  const date = new Date(at);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${formatClock(at)}`;
}
