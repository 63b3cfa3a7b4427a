// What `baton run` does once its arguments are checked (run.ts): the plan refused early if it
// cannot run, the backends chosen, the cost accounting set up, the run itself (runner/run-plan.ts)
// under Ctrl-C handling, its summary printed, and the dashboard brought up to date.
import type { Backend } from '../agents/backend.ts';
import { createBackend } from '../agents/backends/load-backend.ts';
import { sandboxPolicy } from '../agents/sandbox-policy.ts';
import { selectBackend } from '../agents/select-backend.ts';
import { resolveInstance } from '../core/instance.ts';
import { scrubSecrets } from '../core/secrets/secrets.ts';
import { BatonError, ExitCode } from '../errors.ts';
import { integrationBranch } from '../runner/integration-branch.ts';
import { reporterFor } from '../runner/progress.ts';
import { type RunSummary, runPlan } from '../runner/run-plan.ts';
import { loadRunnablePlan, readRunnablePlanFile } from '../runner/runnable-plan.ts';
import { usageAccounting } from '../runner/usage-accounting.ts';
import { resolveStoreUrl, type Store } from '../store/store.ts';
import { requireStartingPoint } from '../workspace/commits.ts';
import { startGitSpawner } from '../workspace/git-spawner.ts';
import { type CommandContext, withContext } from './context.ts';
import { setExitCode, writeLine } from './output.ts';

/** `baton run`'s arguments, checked. */
export interface RunRequest {
  planId: string;
  concurrency?: number;
  /** `--executor` / `--reviewer`, already known to parse. */
  executor?: string;
  reviewer?: string;
  json: boolean;
}

export function describeSummary(summary: RunSummary): string[] {
  const lines = [
    '',
    `${summary.planId}: ${summary.outcome} — ${summary.done.length} done, ${summary.blocked.length} blocked${summary.unfinished.length > 0 ? `, ${summary.unfinished.length} not finished` : ''} (${Math.round(summary.durationMs / 1000)}s)`,
  ];
  for (const blocked of summary.blocked) lines.push(`  blocked ${blocked.taskId}: ${blocked.reason}`);
  if (summary.stopReason === 'interrupted')
    lines.push(
      '  interrupted: tasks in flight were stopped, nothing half-merged; run it again to resume (done tasks stay done).',
    );
  else if (summary.stopReason)
    lines.push(
      `  stopped${summary.stopCode ? ` (${summary.stopCode})` : ''}: ${summary.stopReason}; run it again to resume (done tasks stay done).`,
    );
  if (summary.stopCode === 'BUDGET_EXCEEDED')
    lines.push(
      '  Raise budget.plan_usd in .baton/config.yaml, or see what it went on with baton cost --plan.',
    );
  if (summary.planVerification && !summary.planVerification.passed) {
    for (const command of summary.planVerification.commands.filter((entry) => !entry.passed))
      lines.push(`  plan verification failed: ${command.command} (exit ${command.exitCode})`);
  }
  if (summary.outcome === 'done') {
    lines.push(`Every task is merged into ${summary.integrationBranch} and the plan's verification passed.`);
    lines.push(`Merge it into ${summary.base}: baton complete ${summary.planId} --merge`);
    lines.push(
      `  (or by hand: git checkout ${summary.base} && git merge --no-ff ${summary.integrationBranch}, then baton complete ${summary.planId})`,
    );
  } else if (summary.outcome === 'blocked') {
    lines.push(
      `Fix what blocks, then run again: baton run ${summary.planId} (worktrees of blocked tasks are kept; baton clean ${summary.planId} removes them).`,
    );
  }
  return lines;
}

/** A first commit, and the plan's base unless its integration branch exists already (a resumed run). */

/** The executor and the reviewer for this run: the flags, else the config, else detection. */
async function runBackends(
  context: CommandContext,
  store: Store,
  request: RunRequest,
): Promise<Record<'executor' | 'reviewer', Backend>> {
  const backendContext = {
    repositoryRoot: context.repositoryRoot,
    storeUrl: resolveStoreUrl(context.repositoryRoot, context.config.store.url),
    storeProject: context.storeOptions.project,
    sandbox: sandboxPolicy({
      config: context.config,
      repositoryRoot: context.repositoryRoot,
      store,
      planId: request.planId,
      instance: resolveInstance() ?? 'baton-run',
    }),
  };
  const backendFor = async (role: 'executor' | 'reviewer') =>
    createBackend(
      await selectBackend({ role, config: context.config, flag: request[role], flagName: `--${role}` }),
      backendContext,
    );
  const executor = await backendFor('executor');
  const reviewer = await backendFor('reviewer');
  if (!executor.execute)
    throw new BatonError('BACKEND_UNAVAILABLE', `${executor.description} cannot be an executor`);
  if (!reviewer.review)
    throw new BatonError('BACKEND_UNAVAILABLE', `${reviewer.description} cannot be a reviewer`);
  return { executor, reviewer };
}

/**
 * Runs `work` with Ctrl-C handled: once, a clean stop (executors aborted, nothing half-merged);
 * twice, leave now. Says whether it was interrupted.
 */
async function underInterrupts<T>(
  work: (signal: AbortSignal) => Promise<T>,
): Promise<{ result: T; interrupted: boolean }> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = () => {
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write('\nbaton: stopping — tasks in flight are stopped; Ctrl-C again to quit at once\n');
      controller.abort();
    } else process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const result = await work(controller.signal);
    return { result, interrupted: interrupts > 0 };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Seed 002's dashboard, brought up to date however the run ended; a failure is said, no more. */
async function refreshDashboard(context: CommandContext, store: Store): Promise<void> {
  try {
    const { writeDashboard } = await import('../runner/project-dashboard.ts');
    await writeDashboard(context.repositoryRoot, context.config, store);
  } catch (error) {
    process.stderr.write(`baton: PROJECT_DASHBOARD.md not written: ${(error as Error).message}\n`);
  }
}

export async function startRun(request: RunRequest): Promise<void> {
  await withContext(async (context) => {
    // The git spawner starts first, and is ready by the time the run's first git calls come
    // (the integration branch, reconciling, the first worktrees), which would otherwise each
    // block this thread for a spawn of their own; runPlan's own start of it nests in this one.
    const stopGitSpawner = startGitSpawner();
    try {
      await checkAndRun(context, request, stopGitSpawner);
    } finally {
      await stopGitSpawner();
    }
  });
}

/** The plan checked, the backends chosen, the run under Ctrl-C handling, its summary and the dashboard. */
async function checkAndRun(
  context: CommandContext,
  request: RunRequest,
  stopGitSpawner: () => Promise<void>,
): Promise<void> {
  const { planId } = request;
  // The plan first: an unknown, unapproved or unclean plan is refused before the store is
  // created or a backend looked for.
  const read = readRunnablePlanFile(context.repositoryRoot, context.config, planId);
  requireStartingPoint(
    context.repositoryRoot,
    planId,
    integrationBranch(planId),
    read.document.parsed.plan.meta.base,
  );
  const store = await context.store();
  // Read, linted and checked once: the run runs this very text.
  const runnable = await loadRunnablePlan(context.repositoryRoot, context.config, store, planId, read);
  const backends = await runBackends(context, store, request);
  const instance = resolveInstance() ?? 'baton-run';
  const accounting = await usageAccounting({
    store,
    config: context.config,
    planId,
    instance,
    backends,
    onWarning: (message) => process.stderr.write(`baton: warning: ${message}\n`),
  });
  try {
    const { result: summary, interrupted } = await underInterrupts((signal) =>
      runPlan({
        repositoryRoot: context.repositoryRoot,
        config: context.config,
        store,
        planId,
        runnable,
        ...backends,
        concurrency: request.concurrency,
        instance,
        signal,
        reporter: reporterFor(process.stdout, request.json),
        accounting,
      }),
    );
    if (!request.json) for (const line of describeSummary(summary)) writeLine(scrubSecrets(line));
    // Ctrl-C: 130, as a shell reports an interrupted command; anything else unfinished: 1.
    if (interrupted && summary.stopReason === 'interrupted') process.exitCode = 130;
    else if (summary.outcome !== 'done') setExitCode(ExitCode.failed);
  } finally {
    // The spawner's exit is waited for while the dashboard is written: nothing needs it now.
    await Promise.all([refreshDashboard(context, store), stopGitSpawner()]);
  }
}
