// Times as people type them (a duration back from now, or an ISO time) and as baton shows them.
// The duration grammar itself is core/duration.ts, shared with the config schema.

import { BatonError } from '../../errors.ts';
import { durationPattern, parseDuration } from '../duration.ts';

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
