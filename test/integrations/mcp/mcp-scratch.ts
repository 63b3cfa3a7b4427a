// The MCP tests' scratch: a repository with the greeting plan approved by a person at a
// terminal, a `command` reviewer that approves whatever it is shown (so that Verify alone
// decides), a HOME of its own, and the real Inspector CLI to call baton's server with.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { batonFromSource } from '../../support/bundle.ts';
import { batonBin, childEnvironment, runBaton } from '../../support/cli.ts';
import { cleanPlanText } from '../../support/plans.ts';
import { collectOutput } from '../../support/processes.ts';
import { git, makeRepository, makeTemporaryDirectory } from '../../support/repository.ts';

const projectRoot = path.resolve(import.meta.dirname, '..', '..', '..');
export const inspectorBin = path.join(projectRoot, 'node_modules', '.bin', 'mcp-inspector');

const approving = JSON.stringify({
  scores: Object.fromEntries(
    ['adherence', 'correctness', 'architecture', 'readability', 'security', 'performance'].map((name) => [
      name,
      100,
    ]),
  ),
  issues: [],
  summary: 'fine',
});

export interface McpScratch {
  repository: string;
  home: string;
  env: Record<string, string | undefined>;
  baton(args: string[], env?: Record<string, string | undefined>): ReturnType<typeof runBaton>;
}

export function makeMcpScratch(t: TestContext): McpScratch {
  const repository = makeRepository(t);
  const home = makeTemporaryDirectory(t, 'baton-home-');
  const env = {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
  };
  const baton = (args: string[], more: Record<string, string | undefined> = {}) =>
    runBaton(repository, args, { env: { ...env, ...more } });
  assert.equal(baton(['init']).status, 0);
  writeFileSync(path.join(repository, '.baton/plans/review/greeting.md'), cleanPlanText('greeting'));
  const scripts = path.join(repository, '.baton', 'scripts');
  mkdirSync(scripts, { recursive: true });
  writeFileSync(
    path.join(scripts, 'judge.sh'),
    `#!/usr/bin/env bash\ncat > /dev/null\necho '${approving}'\n`,
  );
  chmodSync(path.join(scripts, 'judge.sh'), 0o755);
  writeFileSync(
    path.join(repository, '.baton/config.yaml'),
    `\nroles:\n  reviewer:\n    backend: command\n    command: ${path.join(scripts, 'judge.sh')}\n`,
    { flag: 'a' },
  );
  git(repository, 'add', '-A');
  git(repository, 'commit', '-q', '-m', 'plan');
  const approval = runBaton(repository, ['approve', 'greeting', '--by', 'Ada'], { env, terminal: true });
  assert.equal(approval.status, 0, approval.stderr);
  return { repository, home, env, baton };
}

export interface InspectorResult {
  status: number;
  json: Record<string, unknown> & { isError?: boolean; content?: Array<{ type: string; text: string }> };
  stderr: string;
}

/** One Inspector CLI call against `baton mcp <serverArgs>` started in the scratch repository. */
export async function inspect(
  scratch: McpScratch,
  method: string[],
  options: { instance?: string; serverArgs?: string[]; env?: Record<string, string> } = {},
): Promise<InspectorResult> {
  // The Inspector hands the server only the variables given here (and its own few defaults).
  const serverEnv: Record<string, string> = {
    ...scratch.env,
    ...(batonFromSource ? { BATON_FROM_SOURCE: batonFromSource } : {}),
    ...(options.env ?? {}),
  };
  if (options.instance) Object.assign(serverEnv, { BATON_INSTANCE: options.instance });
  const args = [
    '--cli',
    '--cwd',
    scratch.repository,
    ...Object.entries(serverEnv).flatMap(([key, value]) => ['-e', `${key}=${value}`]),
    process.execPath,
    batonBin,
    'mcp',
    ...(options.serverArgs ?? []),
    ...method,
  ];
  const child = spawn(inspectorBin, args, { cwd: scratch.repository, env: childEnvironment(scratch.env) });
  const { status, stdout, stderr } = await collectOutput(child);
  // The Inspector prints the result, and for a tool error a second JSON line after it.
  const first = stdout.trim().split(/\n(?=\{)/)[0] ?? '';
  let json: InspectorResult['json'];
  try {
    json = JSON.parse(first);
  } catch {
    json = {};
  }
  return { status: status ?? -1, json, stderr: `${stderr}${stdout}` };
}

/** `tools/call <tool>` with key=value arguments. */
export function callTool(
  scratch: McpScratch,
  tool: string,
  args: Record<string, unknown>,
  options: Parameters<typeof inspect>[2] = {},
): Promise<InspectorResult> {
  const pairs = Object.entries(args).map(
    ([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`,
  );
  return inspect(scratch, ['--method', 'tools/call', '--tool-name', tool, '--tool-arg', ...pairs], options);
}

/** The tool's answer parsed, failing the test when it is a tool error. */
export function answerOf(result: InspectorResult): Record<string, unknown> {
  assert.ok(!result.json.isError, `tool error: ${result.json.content?.[0]?.text ?? result.stderr}`);
  const text = result.json.content?.[0]?.text;
  assert.ok(text, `no tool answer: ${result.stderr}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** The reason of a tool error, failing the test when the call succeeded. */
export function errorOf(result: InspectorResult): string {
  assert.equal(result.json.isError, true, `expected a tool error, got ${JSON.stringify(result.json)}`);
  return result.json.content?.[0]?.text ?? '';
}
