// Running a task's verify commands (through src/workspace/run-command.ts, in the task's
// directory) and turning the results into what the review reads.
import type { VerificationFailure, VerificationOutcome } from '../core/review/verification.ts';
import { runCommand } from '../workspace/run-command.ts';
import type { VerificationResult } from './backend.ts';
import { scrubSecrets } from './secrets.ts';
import { environmentWithoutSecrets } from './tools/run-command.ts';

export interface RunVerificationOptions {
  cwd: string;
  /** Each command's time-out. Default 10 minutes. */
  timeoutMs?: number;
  signal?: AbortSignal;
  env?: Record<string, string | undefined>;
}

const outputTailCharacters = 8000;

/** Runs each command in turn (all of them, so the review sees every failure). */
export async function runVerification(
  commands: readonly string[],
  options: RunVerificationOptions,
): Promise<VerificationResult[]> {
  const results: VerificationResult[] = [];
  for (const command of commands) {
    options.signal?.throwIfAborted();
    const result = await runCommand(command, {
      cwd: options.cwd,
      timeoutMs: options.timeoutMs ?? 10 * 60_000,
      env: options.env ?? environmentWithoutSecrets(process.env),
      signal: options.signal,
    });
    const combined = [result.stdout.trimEnd(), result.stderr.trimEnd()]
      .filter((part) => part !== '')
      .join('\n');
    const output =
      combined.length > outputTailCharacters ? `…${combined.slice(-outputTailCharacters)}` : combined;
    results.push({
      command,
      exitCode: result.exitCode,
      passed: result.exitCode === 0 && !result.timedOut,
      timedOut: result.timedOut,
      output: scrubSecrets(output),
      durationMs: result.durationMs,
    });
  }
  options.signal?.throwIfAborted();
  return results;
}

export function verificationOutcome(results: readonly VerificationResult[]): VerificationOutcome {
  const failures: VerificationFailure[] = results
    .filter((result) => !result.passed)
    .map((result) => ({
      command: result.command,
      exitCode: result.exitCode,
      timedOut: result.timedOut,
      stdout: result.output,
    }));
  return { passed: failures.length === 0, failures };
}
