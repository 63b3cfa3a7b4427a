// What the reviewer is told about a task's verify commands. Built by the runner from the
// command results; the review only reads it.

/** One verify command's result, as the runner, the reviewer's request and the feedback read it. */
export interface VerificationResult {
  command: string;
  exitCode: number | null;
  passed: boolean;
  timedOut: boolean;
  /** Tail of the combined output. */
  output: string;
  durationMs: number;
}

export interface VerificationFailure {
  command: string;
  /** Null when the command was killed (time-out, signal). */
  exitCode: number | null;
  timedOut?: boolean;
  signal?: string | null;
  stdout?: string;
  stderr?: string;
}

export interface VerificationOutcome {
  passed: boolean;
  failures: readonly VerificationFailure[];
}

/** A failure listed counts even if `passed` says otherwise: disagreement is a failure. */
export function verificationFailed(verification: VerificationOutcome): boolean {
  return !verification.passed || verification.failures.length > 0;
}

/** `exit code 1`, `timed out`, `killed by SIGTERM`. */
export function describeFailure(failure: VerificationFailure): string {
  if (failure.timedOut) return 'timed out';
  if (failure.exitCode === null) return failure.signal ? `killed by ${failure.signal}` : 'did not finish';
  return `exit code ${failure.exitCode}`;
}
