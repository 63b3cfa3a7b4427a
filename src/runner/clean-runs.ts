// `baton clean`: removes what runs left behind — task worktrees (blocked or interrupted tasks
// keep theirs for inspection), the integration worktree, task branches and the runner's
// claims. The integration branch `baton/<plan>` holds the merged work and stays unless asked.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/load-config.ts';
import { BatonError } from '../errors.ts';
import { listClaims } from '../store/claim-leases.ts';
import { releaseClaims } from '../store/claim-release.ts';
import { getRunLease } from '../store/runs.ts';
import type { Store } from '../store/store.ts';
import { gitResult } from '../workspace/git-async.ts';
import { deleteBranch, removeWorktree, worktreesRoot } from '../workspace/worktrees.ts';
import { integrationBranch, planWorktreesDirectory } from './integration-branch.ts';

export interface CleanResult {
  planId: string;
  worktrees: string[];
  branches: string[];
  claims: number;
}

/** Plans with something to clean: a worktree folder or a task branch. */
async function plansWithLeftovers(repositoryRoot: string, root: string): Promise<string[]> {
  const found = new Set<string>();
  if (existsSync(root))
    for (const entry of readdirSync(root, { withFileTypes: true }))
      if (entry.isDirectory()) found.add(entry.name);
  const branches = await gitResult(repositoryRoot, [
    'for-each-ref',
    '--format=%(refname:short)',
    'refs/heads/baton-task/',
  ]);
  for (const branch of branches.stdout.split('\n')) {
    const match = /^baton-task\/(.+)\/[^/]+$/.exec(branch.trim());
    if (match) found.add(match[1]!);
  }
  return [...found].sort();
}

export async function cleanRuns(options: {
  repositoryRoot: string;
  config: Config;
  store: Store;
  planId?: string;
  /** Also delete the integration branch `baton/<plan>`. */
  integration?: boolean;
}): Promise<CleanResult[]> {
  const root = worktreesRoot(options.repositoryRoot, options.config.run.worktrees_dir);
  const planIds = options.planId ? [options.planId] : await plansWithLeftovers(options.repositoryRoot, root);
  const results: CleanResult[] = [];
  for (const planId of planIds) {
    const lease = await getRunLease(options.store, planId);
    if (lease?.state === 'running' && lease.pid !== null && isAlive(lease.pid)) {
      throw new BatonError(
        'RUN_IN_PROGRESS',
        `plan "${planId}" is being run by ${lease.runnerId} (pid ${lease.pid}); not cleaning under it`,
        {
          hint: 'Stop that run first (Ctrl-C in its terminal), then clean.',
        },
      );
    }
    const result: CleanResult = { planId, worktrees: [], branches: [], claims: 0 };
    const directory = planWorktreesDirectory(root, planId);
    if (existsSync(directory)) {
      for (const entry of readdirSync(directory, { withFileTypes: true })) {
        if (!entry.isDirectory() || entry.name === '_handoff') continue;
        const worktree = path.join(directory, entry.name);
        await removeWorktree(options.repositoryRoot, worktree);
        result.worktrees.push(worktree);
      }
      rmSync(directory, { recursive: true, force: true });
    }
    await gitResult(options.repositoryRoot, ['worktree', 'prune']);
    const branches = await gitResult(options.repositoryRoot, [
      'for-each-ref',
      '--format=%(refname:short)',
      `refs/heads/baton-task/${planId}/`,
    ]);
    for (const branch of branches.stdout
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '')) {
      await deleteBranch(options.repositoryRoot, branch);
      result.branches.push(branch);
    }
    if (options.integration) {
      await deleteBranch(options.repositoryRoot, integrationBranch(planId));
      result.branches.push(integrationBranch(planId));
    }
    const prefix = `run.${planId}.`;
    const instances = new Set(
      (await listClaims(options.store))
        .map((claim) => claim.instance)
        .filter((instance) => instance.startsWith(prefix)),
    );
    for (const instance of instances)
      result.claims += (await releaseClaims(options.store, { instance, all: true })).released.length;
    results.push(result);
  }
  return results;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
