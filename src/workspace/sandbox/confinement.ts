// One decision for every backend: given the `sandbox` setting and what this machine offers,
// is an agent confined, started unconfined with a loud warning, or refused?
//   off       never confined, nothing said (the person chose it).
//   auto      confined where the machine can; where it cannot, the agent starts unconfined and
//             the warning goes to stderr and to the store as an event.
//   required  confined, or the agent is not started: SANDBOX_UNAVAILABLE, exit 3.
import type { SandboxMode } from '../../config/config-schema.ts';
import { BatonError } from '../../errors.ts';
import type { ConfinementAvailability } from './availability.ts';

export interface UnconfinedWarning {
  /** Who is unconfined: "the executor (claude-code)". */
  subject: string;
  message: string;
  missing: string[];
  fix?: string;
}

/** The `sandbox` setting in force and where a warning about an unconfined agent goes. */
export interface SandboxPolicy {
  mode: SandboxMode;
  /** The store (a SQLite file is kept read-only to agents), when not the repository's default. */
  storeUrl?: string;
  /** Told when an agent starts unconfined under `auto`. Default: a line on stderr. */
  onUnconfined?: (warning: UnconfinedWarning) => void;
  /** Resolves once every warning is recorded (before a short-lived command closes its store). */
  settled?: () => Promise<void>;
}

export const defaultSandboxPolicy: SandboxPolicy = { mode: 'auto' };

export function warnOnStderr(warning: UnconfinedWarning): void {
  process.stderr.write(`baton: warning: ${warning.message}\n`);
}

/** Whether to confine `subject`; throws SANDBOX_UNAVAILABLE when `required` cannot be met. */
export function decideConfinement(
  policy: SandboxPolicy,
  availability: ConfinementAvailability,
  subject: string,
): boolean {
  if (policy.mode === 'off') return false;
  if (availability.available) return true;
  const missing = availability.missing.join('; ');
  if (policy.mode === 'required') {
    throw new BatonError('SANDBOX_UNAVAILABLE', `${subject} cannot be confined on this machine: ${missing}`, {
      hint: `${availability.fix ? `${availability.fix}. ` : ''}sandbox: required refuses to start an agent it cannot confine; \`baton doctor\` says what is missing.`,
      data: { subject, missing: availability.missing, mode: policy.mode },
    });
  }
  (policy.onUnconfined ?? warnOnStderr)({
    subject,
    message: `${subject} runs UNCONFINED: its commands can write anywhere you can (${missing}). Fix: ${availability.fix ?? 'see baton doctor'}; or set sandbox: required to refuse, sandbox: off to silence this.`,
    missing: availability.missing,
    ...(availability.fix ? { fix: availability.fix } : {}),
  });
  return false;
}
