// Durations as people type them (`30m`, `2h`, `1d`): one grammar for every flag and for
// .baton/config.yaml, so a value the config accepts is one every reader understands.
import { BatonError } from '../errors.ts';

const unitMilliseconds: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/**
 * The one grammar of a duration, for flags and for .baton/config.yaml alike: a positive whole
 * number and a unit (ms, s, m, h, d or w, any case), spaces allowed around and between.
 * Spelt without regex flags so the config's JSON schema can carry it as it is.
 */
export const durationPattern = /^\s*(\d*[1-9]\d*)\s*([Mm][Ss]|[SsMmHhDdWw])\s*$/;

/** `30m` → 1,800,000. Throws a USAGE error naming the option when the text is not a duration. */
export function parseDuration(text: string, option = 'duration'): number {
  const match = durationPattern.exec(text);
  const amount = match ? Number(match[1]) : Number.NaN;
  if (!match || !Number.isSafeInteger(amount)) {
    throw new BatonError('USAGE', `${option}: cannot read "${text}" as a duration`, {
      hint: 'Use a positive number followed by ms, s, m, h, d or w, such as 30m, 2h or 1d.',
    });
  }
  return amount * unitMilliseconds[match[2]!.toLowerCase()]!;
}
