// Running verification commands — a task's own in its worktree (`baton run`, `baton review`,
// `baton submit`), the plan's on the integration branch or the checkout — the one way baton runs
// them. Every command runs even after one fails, so the executor hears about all of them. A
// command never gets a secret variable of baton's environment, and what it prints is scrubbed of
// secret values before it reaches a feedback file, a reviewer's request, the store or the screen.
import type { VerificationOutcome, VerificationResult } from '../core/review/verify-results.ts';
import { environmentWithoutSecrets, scrubSecrets } from '../core/secrets/secrets.ts';
import { runCommand } from './run-command.ts';

export interface VerifyOptions {
  cwd: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** The environment the commands start from (default: this process's); secrets are taken out. */
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
  const environment = options.env ?? process.env;
  const env = environmentWithoutSecrets(environment);
  // Scrubbed against baton's whole environment: a value may reach the command another way (a file).
  const scrub = (text: string) => scrubSecrets(text, environment);
  for (const command of commands) {
    if (options.signal?.aborted) break;
    const result = await runCommand(command, {
      cwd: options.cwd,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      env,
      outputCapBytes: 32 * 1024,
    });
    const passed = result.exitCode === 0 && !result.timedOut;
    const combined = [result.stdout, result.stderr].filter((text) => text.trim() !== '').join('\n');
    results.push({
      command,
      exitCode: result.exitCode,
      passed,
      timedOut: result.timedOut,
      output: scrub(combined.slice(-outputTailCharacters)),
      durationMs: result.durationMs,
    });
    if (!passed)
      failures.push({
        command,
        exitCode: result.exitCode,
        timedOut: result.timedOut,
        signal: result.signal,
        stdout: scrub(result.stdout),
        stderr: scrub(result.stderr),
      });
  }
  return { results, outcome: { passed: failures.length === 0, failures } };
}
