// Running the real Claude Code CLI (the npm dev dependency) headless against the local fake
// Anthropic server, in a temporary HOME so nothing reaches the developer's ~/.claude.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { childEnvironment } from './cli.ts';
import type { FakeAnthropicServer } from './fake-anthropic.ts';
import { collectOutput } from './processes.ts';

export const claudeBin = path.resolve(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'claude');

/** Why the real-CLI tests cannot run here, or undefined when they can. */
export const claudeUnavailable: string | undefined = existsSync(claudeBin)
  ? undefined
  : `the Claude Code CLI is not installed (${claudeBin}): real Claude Code tests skipped`;

export interface ClaudeRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** The stream-json lines Claude Code printed, parsed. */
  messages: Array<Record<string, unknown>>;
  timedOut: boolean;
}

export interface ClaudeRunOptions {
  cwd: string;
  home: string;
  server: FakeAnthropicServer;
  prompt: string;
  /** BATON_INSTANCE, BATON_ROLE … for the session (and so for its hooks). */
  env?: Record<string, string | undefined>;
  allowedTools?: string[];
  /** More arguments for the CLI, e.g. `--session-id <uuid>`. */
  args?: string[];
  timeoutMs?: number;
}

/**
 * The variables that point Claude Code (run directly, or by baton) at a fake server, in a HOME of
 * the test's own, with `claude` on PATH; none of the developer's credentials or settings.
 */
export function claudeEnvironment(home: string, serverUrl: string): Record<string, string | undefined> {
  return {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    PATH: `${path.dirname(claudeBin)}${path.delimiter}${process.env.PATH ?? ''}`,
    ANTHROPIC_BASE_URL: serverUrl,
    ANTHROPIC_API_KEY: 'test-key',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    ANTHROPIC_AUTH_TOKEN: undefined,
    ANTHROPIC_MODEL: undefined,
    CLAUDE_CONFIG_DIR: undefined,
  };
}

export async function runClaude(options: ClaudeRunOptions): Promise<ClaudeRun> {
  const environment = childEnvironment({
    ...options.env,
    ...claudeEnvironment(options.home, options.server.url),
  });
  const args = [
    '-p',
    options.prompt,
    '--output-format',
    'stream-json',
    '--verbose',
    '--allowedTools',
    ...(options.allowedTools ?? ['Bash', 'Write', 'Edit']),
    ...(options.args ?? []),
  ];
  const child = spawn(claudeBin, args, {
    cwd: options.cwd,
    env: environment,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { status, stdout, stderr, timedOut } = await collectOutput(child, options.timeoutMs ?? 60_000);
  const messages: Array<Record<string, unknown>> = [];
  for (const line of stdout.split('\n')) {
    if (!line.trim().startsWith('{')) continue;
    try {
      messages.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // A partial line from a killed run.
    }
  }
  return { status, stdout, stderr, messages, timedOut };
}

/** A readable account of a run for assertion messages. */
export function describeRun(run: ClaudeRun): string {
  return `status ${run.status}${run.timedOut ? ' (timed out)' : ''}\nstderr: ${run.stderr.slice(0, 2000)}\nstdout: ${run.stdout.slice(-4000)}`;
}
