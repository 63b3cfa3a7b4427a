// Runs the real `baton` binary as a user would, in a given directory.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

export const batonBin = path.resolve(import.meta.dirname, '..', '..', 'bin', 'baton.js');

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  input?: string;
}

/** Environment for a child baton: the test's own store settings, never the developer's. */
export function childEnvironment(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  // BATON_FROM_SOURCE: test the sources, even when a developer has a dist/ build lying around.
  const environment: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', BATON_FROM_SOURCE: '1' };
  for (const key of [
    'BATON_INSTANCE',
    'CLAUDE_INSTANCE',
    'BATON_ROLE',
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
  const result = spawnSync(process.execPath, [batonBin, ...args], {
    cwd,
    env: childEnvironment(options.env),
    input: options.input,
    encoding: 'utf8',
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Starts baton without waiting, for tests that run several at once. */
export function startBaton(cwd: string, args: string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [batonBin, ...args], { cwd, env: childEnvironment(options.env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}
