// `baton run <plan>`: builders execute an approved plan, task by task, in parallel where the
// plan allows, each task verified and reviewed before it is merged into `baton/<plan>`.
import type { Command } from 'commander';
import { BatonError } from '../errors.ts';
import type { RunSummary } from '../runner/run-plan.ts';

interface RunOptions {
  concurrency?: string;
  executor?: string;
  reviewer?: string;
  json?: boolean;
}

function parseConcurrency(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 64)
    throw new BatonError('USAGE', `--concurrency must be a whole number from 1 to 64, not "${text}"`);
  return value;
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
async function requireStartingPoint(repositoryRoot: string, planId: string, base: string | undefined) {
  const { requireBase, requireFirstCommit, resolvesToCommit } = await import('../workspace/commits.ts');
  const { integrationBranch } = await import('../runner/integration-branch.ts');
  requireFirstCommit(repositoryRoot, `baton run ${planId}`);
  if (base !== undefined && !resolvesToCommit(repositoryRoot, `refs/heads/${integrationBranch(planId)}`))
    requireBase(repositoryRoot, base, planId);
}

export function register(program: Command): void {
  program
    .command('run')
    .description(
      'execute an approved plan: tasks in parallel worktrees, verified, reviewed, merged into baton/<plan>',
    )
    .argument('<plan>', 'the plan id (an active plan, approved and unchanged since)')
    .option('--concurrency <n>', 'how many tasks at once (default: run.concurrency, 4)')
    .option('--executor <spec>', 'the executor backend for this run (e.g. command:./build.sh, claude-code)')
    .option('--reviewer <spec>', 'the reviewer backend for this run')
    .option('--json', 'print NDJSON events, one per line')
    .action(async (planId: string, options: RunOptions) => {
      const concurrency = parseConcurrency(options.concurrency);
      // A backend flag that cannot be read is said before anything is opened.
      const { parseBackendSpec } = await import('../agents/backend-spec.ts');
      if (options.executor !== undefined) parseBackendSpec(options.executor, '--executor');
      if (options.reviewer !== undefined) parseBackendSpec(options.reviewer, '--reviewer');
      const { withContext } = await import('./context.ts');
      const { runPlan } = await import('../runner/run-plan.ts');
      const { reporterFor } = await import('../runner/progress.ts');
      const { selectBackend } = await import('../agents/select-backend.ts');
      const { createBackend } = await import('../agents/backends/load-backend.ts');
      const { sandboxPolicy } = await import('../agents/sandbox-policy.ts');
      const { resolveStoreUrl } = await import('../store/store.ts');
      const { resolveInstance } = await import('../core/instance.ts');
      const { usageAccounting } = await import('../runner/usage-accounting.ts');
      const { setExitCode, writeLine } = await import('./output.ts');
      const { ExitCode } = await import('../errors.ts');
      const { scrubSecrets } = await import('../core/secrets/secrets.ts');
      const { loadRunnablePlan, readRunnablePlanFile } = await import('../runner/runnable-plan.ts');
      await withContext(async (context) => {
        // The plan first: an unknown, unapproved or unclean plan is refused before the store is
        // created or a backend looked for.
        const { document } = readRunnablePlanFile(context.repositoryRoot, context.config, planId);
        await requireStartingPoint(context.repositoryRoot, planId, document.parsed.plan.meta.base);
        const store = await context.store();
        await loadRunnablePlan(context.repositoryRoot, context.config, store, planId);
        const backendContext = {
          repositoryRoot: context.repositoryRoot,
          storeUrl: resolveStoreUrl(context.repositoryRoot, context.config.store.url),
          storeProject: context.storeOptions.project,
          sandbox: sandboxPolicy({
            config: context.config,
            repositoryRoot: context.repositoryRoot,
            store,
            planId,
            instance: resolveInstance() ?? 'baton-run',
          }),
        };
        const executor = await createBackend(
          await selectBackend({
            role: 'executor',
            config: context.config,
            flag: options.executor,
            flagName: '--executor',
          }),
          backendContext,
        );
        const reviewer = await createBackend(
          await selectBackend({
            role: 'reviewer',
            config: context.config,
            flag: options.reviewer,
            flagName: '--reviewer',
          }),
          backendContext,
        );
        if (!executor.execute)
          throw new BatonError('BACKEND_UNAVAILABLE', `${executor.description} cannot be an executor`);
        if (!reviewer.review)
          throw new BatonError('BACKEND_UNAVAILABLE', `${reviewer.description} cannot be a reviewer`);
        const instance = resolveInstance() ?? 'baton-run';
        const accounting = await usageAccounting({
          store,
          config: context.config,
          planId,
          instance,
          backends: { executor, reviewer },
          onWarning: (message) => process.stderr.write(`baton: warning: ${message}\n`),
        });
        const reporter = reporterFor(process.stdout, options.json === true);

        // Ctrl-C once: stop cleanly (executors aborted, nothing half-merged). Twice: leave now.
        const controller = new AbortController();
        let interrupts = 0;
        const onSignal = () => {
          interrupts++;
          if (interrupts === 1) {
            process.stderr.write(
              '\nbaton: stopping — tasks in flight are stopped; Ctrl-C again to quit at once\n',
            );
            controller.abort();
          } else process.exit(130);
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
        try {
          const summary = await runPlan({
            repositoryRoot: context.repositoryRoot,
            config: context.config,
            store,
            planId,
            executor,
            reviewer,
            concurrency,
            instance,
            signal: controller.signal,
            reporter,
            accounting,
          });
          if (!options.json) for (const line of describeSummary(summary)) writeLine(scrubSecrets(line));
          // Ctrl-C: 130, as a shell reports an interrupted command; anything else unfinished: 1.
          if (interrupts > 0 && summary.stopReason === 'interrupted') process.exitCode = 130;
          else if (summary.outcome !== 'done') setExitCode(ExitCode.failed);
        } finally {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          // Seed 002's dashboard, brought up to date however the run ended; a failure to write it
          // is said, and does not change the run's outcome.
          try {
            const { writeDashboard } = await import('../runner/project-dashboard.ts');
            await writeDashboard(context.repositoryRoot, context.config, store);
          } catch (error) {
            process.stderr.write(`baton: PROJECT_DASHBOARD.md not written: ${(error as Error).message}\n`);
          }
        }
      });
    });
}
