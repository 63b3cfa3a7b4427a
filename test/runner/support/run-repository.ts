// A repository ready for `baton run`: initialised, worktrees in a temporary folder, one plan
// written from a compact task list and approved. Executors and reviewers are the scripts in
// this folder, run through the real `command` backend.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { planText, type TaskSpec } from '../../../bench/support/plan-text.ts';
import type { Backend } from '../../../src/agents/backend.ts';
import { runBaton } from '../../support/cli.ts';
import { makeRepository, makeTemporaryDirectory } from '../../support/repository.ts';

const supportDirectory = import.meta.dirname;
export const executorSpec = `command:node ${path.join(supportDirectory, 'executor.mjs')}`;
export const reviewerSpec = `command:node ${path.join(supportDirectory, 'reviewer.mjs')}`;

export interface RunRepository {
  repository: string;
  worktrees: string;
  log: string;
  scenario: string;
  env: Record<string, string>;
  /** The executor log: one entry per start and end. */
  readLog(): Array<{
    task: string;
    round: number;
    what: 'start' | 'end';
    at: number;
    feedback: boolean;
    /** The task's n-th start (attempts and rounds together). */
    attempt?: number;
    /** With "show": the file's content when the executor started (null: absent). */
    seen?: string | null;
  }>;
}

export function makeRunRepository(
  t: TestContext,
  planId: string,
  tasks: readonly TaskSpec[],
  options: {
    verification?: string[];
    scenario?: Record<string, unknown>;
    config?: string;
    /** The `sandbox` setting; default off (see below). */
    sandbox?: 'auto' | 'required' | 'off';
  } = {},
): RunRepository {
  const repository = makeRepository(t);
  const scratch = makeTemporaryDirectory(t, 'baton-run-');
  const worktrees = path.join(scratch, 'worktrees');
  const log = path.join(scratch, 'executor.log');
  const scenario = path.join(scratch, 'scenario.json');
  writeFileSync(log, '');
  writeFileSync(scenario, JSON.stringify(options.scenario ?? {}));
  const init = runBaton(repository, ['init']);
  assert.equal(init.status, 0, init.stderr);
  // sandbox: off by default — the scripted executor logs to, and waits on, files in the test's
  // folder, outside its worktree, which confinement forbids (as it should); these tests are about
  // the runner, and confinement has its own (test/security/sandbox-*.test.ts).
  writeFileSync(
    path.join(repository, '.baton/config.yaml'),
    `sandbox: ${options.sandbox ?? 'off'}\nrun:\n  worktrees_dir: ${JSON.stringify(worktrees)}\n  heartbeat: 1s\n${options.config ?? ''}`,
  );
  writeFileSync(
    path.join(repository, '.baton/plans/review', `${planId}.md`),
    planText(planId, tasks, options.verification ?? ['true']),
  );
  const approved = runBaton(repository, ['approve', planId, '--by', 'test'], { terminal: true });
  assert.equal(approved.status, 0, approved.stderr);
  return {
    repository,
    worktrees,
    log,
    scenario,
    env: { TEST_LOG: log, TEST_SCENARIO: scenario },
    readLog: () =>
      readFileSync(log, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line)),
  };
}

/**
 * Commits `content` as `file` on `branch` without a checkout (as another session pushing to
 * the integration branch would), and returns the new commit.
 */
export function commitOnBranch(
  repository: string,
  branch: string,
  file: string,
  content: string,
  message: string,
): string {
  const run = (args: string[], input?: string, env: Record<string, string> = {}) =>
    execFileSync('git', args, {
      cwd: repository,
      input,
      encoding: 'utf8',
      env: { ...process.env, ...env },
    }).trim();
  const tip = run(['rev-parse', `refs/heads/${branch}`]);
  const blob = run(['hash-object', '-w', '--stdin'], content);
  const index = { GIT_INDEX_FILE: path.join(repository, '.git', `index-${process.pid}-test`) };
  run(['read-tree', tip], undefined, index);
  run(['update-index', '--add', '--cacheinfo', `100644,${blob},${file}`], undefined, index);
  const tree = run(['write-tree'], undefined, index);
  const commit = run(['commit-tree', tree, '-p', tip, '-m', message]);
  run(['update-ref', `refs/heads/${branch}`, commit, tip]);
  return commit;
}

/** Waits (polling) until `condition` holds. */
export async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** NDJSON lines printed by `baton run --json`. */
export function parseEvents(
  stdout: string,
): Array<{ kind: string; taskId?: string; round?: number; message: string; data?: Record<string, unknown> }> {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
}

/** The executor and reviewer flags every runner test passes: the scripts in this folder. */
export const scriptedBackends = ['--executor', executorSpec, '--reviewer', reviewerSpec];

/** How many merge commits on `branch` carry the task's `Baton-Task:` trailer. */
export function mergeCount(repository: string, branch: string, planId: string, taskId: string): number {
  const log = execFileSync(
    'git',
    ['log', '--merges', '--format=%H', '--fixed-strings', `--grep=Baton-Task: ${planId}/${taskId}`, branch],
    { cwd: repository, encoding: 'utf8' },
  ).trim();
  return log === '' ? 0 : log.split('\n').length;
}

/** Writes each task's file and approves it (every criterion at 95). */
export const approvingBackend: Backend = {
  kind: 'command',
  description: 'in-process test backend',
  async execute(request) {
    writeFileSync(path.join(request.workdir, request.task.files[0]!), `${request.task.id} OK\n`);
    return { status: 'finished' };
  },
  async review() {
    const scores = Object.fromEntries(
      ['adherence', 'correctness', 'architecture', 'readability', 'security', 'performance'].map((key) => [
        key,
        95,
      ]),
    );
    return { text: JSON.stringify({ scores, issues: [], summary: 'fine' }) };
  },
};
