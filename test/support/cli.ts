// Runs the real `baton` binary as a user would, in a given directory.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { batonFromSource } from './bundle.ts';
import { collectOutput } from './processes.ts';

export const batonBin = path.resolve(import.meta.dirname, '..', '..', 'bin', 'baton.js');

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  /**
   * Run as a person at a terminal: stdin and stdout are a pseudo-terminal (util-linux `script`),
   * as `baton approve` requires. stderr still comes back on its own; `input` is not supported.
   */
  terminal?: boolean;
}

/** `script` arguments that run `words` with stdin and stdout on a pseudo-terminal (util-linux). */
export function atTerminalArguments(words: readonly string[], stderrFile?: string): string[] {
  const command = `exec ${words.map(shellQuote).join(' ')}${stderrFile ? ` 2>${shellQuote(stderrFile)}` : ''}`;
  return ['-qec', command, '/dev/null'];
}

/** `node bin/baton.js args…`, or the same inside `script` so that stdin and stdout are a terminal. */
function invocation(
  args: string[],
  terminal: boolean | undefined,
): { command: string; args: string[]; stderrFile?: string } {
  if (!terminal) return { command: process.execPath, args: [batonBin, ...args] };
  const folder = mkdtempSync(path.join(tmpdir(), 'baton-terminal-'));
  const stderrFile = path.join(folder, 'stderr');
  return {
    command: 'script',
    args: atTerminalArguments([process.execPath, batonBin, ...args], stderrFile),
    stderrFile,
  };
}

/** What a terminal run printed: the pty's CR LF line ends made plain, stderr read from its file. */
function terminalOutput(stdout: string, stderrFile: string | undefined): { stdout: string; stderr?: string } {
  if (stderrFile === undefined) return { stdout };
  const stderr = existsSync(stderrFile) ? readFileSync(stderrFile, 'utf8') : '';
  rmSync(path.dirname(stderrFile), { recursive: true, force: true });
  return { stdout: stdout.replaceAll('\r\n', '\n'), stderr };
}

function shellQuote(text: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

/** Environment for a child baton: the test's own store settings, never the developer's. */
export function childEnvironment(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  // The bundle when it is current, else the sources (bundle.ts).
  const environment: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  if (batonFromSource) environment.BATON_FROM_SOURCE = batonFromSource;
  else delete environment.BATON_FROM_SOURCE;
  // Agent markers too: a test is a person unless it says otherwise.
  for (const key of [
    'BATON_INSTANCE',
    'CLAUDE_INSTANCE',
    'BATON_ROLE',
    'BATON_AGENT',
    'CLAUDECODE',
    'AI_AGENT',
    'CLAUDE_CODE_SESSION_ID',
    'CODEX_SANDBOX',
    'CODEX_SANDBOX_NETWORK_DISABLED',
    'BATON_DATABASE_URL',
    'BATON_DATABASE_SCHEMA',
    'BATON_PROJECT',
    // Set by `node --test` for its test files: a `node --test` that baton runs as a verify
    // command would inherit it, report to a parent that is not there and exit 0 on failures.
    'NODE_TEST_CONTEXT',
  ]) {
    delete environment[key];
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete environment[key];
    else environment[key] = value;
  }
  return environment;
}

export function runBaton(cwd: string, args: string[], options: CliOptions = {}): CliResult {
  const run = invocation(args, options.terminal);
  const result = spawnSync(run.command, run.args, {
    cwd,
    env: childEnvironment(options.env),
    input: options.input,
    encoding: 'utf8',
  });
  const output = terminalOutput(result.stdout, run.stderrFile);
  return { status: result.status ?? -1, stdout: output.stdout, stderr: output.stderr ?? result.stderr };
}

/** Starts baton without waiting, for tests that run several at once. */
export async function startBaton(cwd: string, args: string[], options: CliOptions = {}): Promise<CliResult> {
  const run = invocation(args, options.terminal);
  const child = spawn(run.command, run.args, { cwd, env: childEnvironment(options.env) });
  const collected = collectOutput(child);
  if (options.input !== undefined) child.stdin.end(options.input);
  else child.stdin.end();
  const { status, stdout, stderr } = await collected;
  const output = terminalOutput(stdout, run.stderrFile);
  return { status: status ?? -1, stdout: output.stdout, stderr: output.stderr ?? stderr };
}
