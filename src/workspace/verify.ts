// Running verification commands: a task's own in its worktree, the plan's on the integration
// branch. Every command runs even after one fails, so the executor hears about all of them.
import type { VerificationResult } from '../agents/backend.ts';
import type { VerificationOutcome } from '../core/review/verification.ts';
import { runCommand } from './run-command.ts';

export interface VerifyOptions {
  cwd: string;
  timeoutMs: number;
  signal?: AbortSignal;
  env?: Record<string, string | undefined>;
}

export interface VerifyRun {
  results: VerificationResult[];
  /** The same, as the review scoring reads it (failures with their output streams). */
  outcome: VerificationOutcome;
}

const outputTailCharacters = 8_000;

export async function runVerifyCommands(
  commands: readonly string[],
  options: VerifyOptions,
): Promise<VerifyRun> {
  const results: VerificationResult[] = [];
  const failures: Array<VerificationOutcome['failures'][number]> = [];
  for (const command of commands) {
    if (options.signal?.aborted) break;
    const result = await runCommand(command, {
      cwd: options.cwd,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      env: options.env,
      outputCapBytes: 32 * 1024,
    });
    const passed = result.exitCode === 0 && !result.timedOut;
    const combined = [result.stdout, result.stderr].filter((text) => text.trim() !== '').join('\n');
    results.push({
      command,
      exitCode: result.exitCode,
      passed,
      timedOut: result.timedOut,
      output: combined.slice(-outputTailCharacters),
      durationMs: result.durationMs,
    });
    if (!passed)
      failures.push({
        command,
        exitCode: result.exitCode,
        timedOut: result.timedOut,
        signal: result.signal,
        stdout: result.stdout,
        stderr: result.stderr,
      });
  }
  return { results, outcome: { passed: failures.length === 0, failures } };
}
