// A duration in .baton/config.yaml: written as text (`30m`), read by the one duration grammar
// (core/duration.ts, the same as every --ttl or --since flag) and handed to the rest of baton
// as milliseconds, so no call site parses it again and none can read it differently.
import { z } from 'zod';
import { durationPattern, parseDuration } from '../core/duration.ts';

/** What every duration of a validated config holds. */
export type Milliseconds = number;

const expectation = 'a positive duration such as 30s, 5m, 2h or 1d';

export const configDuration = z
  .string()
  // The pattern only describes the text (for editors, through the JSON schema); parseDuration
  // decides, so a number too large to count is refused here too, with the key path.
  .regex(durationPattern, expectation)
  .transform((text, context): Milliseconds => {
    try {
      return parseDuration(text);
    } catch {
      context.issues.push({ code: 'custom', message: `${expectation} (too large)`, input: text });
      return z.NEVER;
    }
  })
  .describe('A positive duration: a number above 0 followed by ms, s, m, h, d or w.');
