// `baton run`: executes an approved plan. Takes the plan's lease, prepares the integration
// branch, reconciles what the store says with what git says (a task is done exactly when its
// merge commit is on the integration branch, so a crash between merging and recording cannot
// merge a task twice), then schedules tasks until every one is done or blocked, and finally
// runs the plan's own verification on the integration branch.
import { rmSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import type { Backend } from '../agents/backend.ts';
import type { Config } from '../config/load-config.ts';
import { commandsIn } from '../core/plan/model.ts';
import { inFlightStates } from '../core/schedule/task-state.ts';
import type { Store } from '../store/store.ts';
import { listTaskRuns, type TaskRunRecord } from '../store/task-runs.ts';
import { startGitSpawner } from '../workspace/git-spawner.ts';
import { killRecordedProcess } from '../workspace/process-group.ts';
import { runVerifyCommands } from '../workspace/verify-commands.ts';
import { removeGatheredWorktreesNow, removeWorktree, worktreesRoot } from '../workspace/worktrees.ts';
import { ForegroundSteps } from './foreground-steps.ts';
import { heldByAgent } from './held-by-agent.ts';
import { handoffDirectory, Integration, mergedTaskIds } from './integration-branch.ts';
import { requireRecordedIntegrationTip } from './integration-tip.ts';
import { holdRunLease } from './lease.ts';
import type { ProgressReporter } from './progress.ts';
import { type RunAccounting, type RunContext, type RunSettings, taskClaimInstance } from './run-context.ts';
import { RunEventRecorder } from './run-events.ts';
import { loadRunnablePlan, type RunnablePlan } from './runnable-plan.ts';
import { blockTask, scheduleTasks } from './schedule-loop.ts';
import { TaskBook } from './task-book.ts';
import { WorktreeSupply } from './worktree-supply.ts';

export interface RunPlanOptions {
  repositoryRoot: string;
  config: Config;
  store: Store;
  planId: string;
  /** The plan as `loadRunnablePlan` checked it just before (`baton run`); else it is loaded here. */
  runnable?: RunnablePlan;
  executor: Backend;
  reviewer: Backend;
  concurrency?: number;
  instance?: string;
  signal?: AbortSignal;
  reporter?: ProgressReporter;
  /** Cost: usage recorded, the budget asked (usage-accounting.ts); none in some tests. */
  accounting?: RunAccounting;
}

export type RunOutcome = 'done' | 'blocked' | 'stopped' | 'verification-failed';

export interface RunSummary {
  planId: string;
  outcome: RunOutcome;
  integrationBranch: string;
  base: string;
  done: string[];
  blocked: Array<{ taskId: string; reason: string }>;
  /** Tasks not finished because the run was stopped. */
  unfinished: string[];
  /** Why the run stopped early (Ctrl-C, the budget, a lost lease). */
  stopReason?: string;
  /** The error code when a check stopped it (`BUDGET_EXCEEDED`). */
  stopCode?: string;
  planVerification?: {
    passed: boolean;
    commands: Array<{ command: string; passed: boolean; exitCode: number | null }>;
  };
  durationMs: number;
}

export function runSettings(repositoryRoot: string, config: Config, concurrency?: number): RunSettings {
  return {
    concurrency: concurrency ?? config.run.concurrency,
    worktreesRoot: worktreesRoot(repositoryRoot, config.run.worktrees_dir),
    setup: config.run.setup,
    link: config.run.link,
    heartbeatMs: config.run.heartbeat,
    verifyTimeoutMs: config.run.verify_timeout,
    claimTtlMs: config.claims.ttl,
    review: {
      maxRounds: config.review.max_rounds,
      samples: config.review.samples,
      threshold: config.review.threshold,
      weights: Object.fromEntries(
        Object.entries(config.review.weights).filter(([, weight]) => weight !== undefined),
      ) as Record<string, number>,
    },
  };
}

export async function runPlan(options: RunPlanOptions): Promise<RunSummary> {
  const started = Date.now();
  const { store, planId } = options;
  const runnable =
    options.runnable ?? (await loadRunnablePlan(options.repositoryRoot, options.config, store, planId));
  const settings = runSettings(options.repositoryRoot, options.config, options.concurrency);
  const instance = options.instance ?? 'baton-run';
  const controller = new AbortController();
  let stopReason: string | undefined;
  let stopCode: string | undefined;
  let stopping = false;
  const stopRun = (reason: string, code?: string, abort = true) => {
    if (stopReason === undefined) {
      stopReason = reason;
      stopCode = code;
    }
    stopping = true;
    if (abort) controller.abort();
  };
  const stop = () => stopRun('interrupted');
  options.signal?.addEventListener('abort', stop, { once: true });
  if (options.signal?.aborted) stop();

  let book: TaskBook | undefined;
  const lease = await holdRunLease({
    store,
    planId,
    heartbeatMs: settings.heartbeatMs,
    claimTtlMs: settings.claimTtlMs,
    claimInstances: () =>
      book
        ? [...book.entries.keys()]
            .filter((id) => inFlightStates.has(book!.state(id)))
            .map((id) => taskClaimInstance(planId, id))
        : [],
    onLost: () => stopRun('another runner took over the lease'),
  });
  const events = new RunEventRecorder(store, instance);
  const integration = new Integration(planId, settings.worktreesRoot, options.repositoryRoot);
  let summary: RunSummary | undefined;
  const stopGitSpawner = startGitSpawner();
  try {
    const prepared = await integration.prepare(runnable.plan.meta.base);
    if (!prepared.created) await requireRecordedIntegrationTip(store, options.repositoryRoot, planId);
    integration.onMove = (message) => events.emit({ planId, kind: 'integration-restored', message });
    const records = await listTaskRuns(store, planId);
    // A dead runner's executors may still be at work (their process groups outlive it): end
    // them before their tasks start again, so two copies of a task never run at once.
    const ended = lease.takenOver?.host === hostname() ? endOrphanedProcesses(records) : [];
    book = new TaskBook(store, planId, runnable.plan.tasks, records);
    const context: RunContext = {
      repositoryRoot: options.repositoryRoot,
      planId,
      plan: runnable.plan,
      planFile: runnable.file,
      store,
      executor: options.executor,
      reviewer: options.reviewer,
      settings,
      book,
      events,
      integration,
      worktrees: new WorktreeSupply(options.repositoryRoot, settings.worktreesRoot, planId),
      foreground: new ForegroundSteps(),
      instance,
      signal: controller.signal,
      accounting: options.accounting,
      runnerId: lease.runnerId,
      stopRun,
      isStopping: () => stopping,
      cleanups: [],
    };
    await reconcile(context);
    if (options.reporter) {
      const reporter = options.reporter;
      const liveBook = book;
      events.listen((event) => reporter.event(event, liveBook.views()));
      reporter.start([...book.views().values()]);
    }
    events.emit({
      planId,
      kind: 'run-started',
      message: `${runnable.plan.tasks.length} task(s), concurrency ${settings.concurrency}, on ${integration.branch}${prepared.created ? ` (new, from ${prepared.base})` : ' (resumed)'}${lease.takenOver ? `; took over the lease of dead runner ${lease.takenOver.runnerId}` : ''}${ended.length > 0 ? `; ended its executors still running (${ended.map((entry) => `${entry.taskId} pid ${entry.pid}`).join(', ')})` : ''}`,
      data: {
        runnerId: lease.runnerId,
        base: prepared.base,
        resumed: !prepared.created,
        integrationTip: await integration.tip(),
        endedProcesses: ended,
      },
    });
    await scheduleTasks(context);
    try {
      summary = await finish(context, prepared.base, started, stopReason, stopCode);
    } finally {
      // Done already, unless finishing failed.
      await removeMergedWorktrees(context);
    }
    return summary;
  } finally {
    options.signal?.removeEventListener('abort', stop);
    if (book && controller.signal.aborted)
      await removeWorktree(options.repositoryRoot, integration.worktree).catch(() => {});
    await events.flush();
    await lease.finish(
      summary ? leaseState(summary.outcome) : 'failed',
      summary ? { outcome: summary.outcome } : {},
    );
    options.reporter?.stop();
    await stopGitSpawner();
  }
}

/** Kills (SIGKILL) the process groups (and tagged processes) a dead runner on this host recorded. */
function endOrphanedProcesses(records: readonly TaskRunRecord[]): Array<{ taskId: string; pid: number }> {
  const ended: Array<{ taskId: string; pid: number }> = [];
  for (const record of records) {
    const recorded = record.data.process as { pid?: unknown; tag?: unknown; host?: unknown } | undefined;
    if (!recorded || typeof recorded.pid !== 'number' || recorded.host !== hostname()) continue;
    killRecordedProcess(
      typeof recorded.tag === 'string' ? { pid: recorded.pid, tag: recorded.tag } : { pid: recorded.pid },
    );
    ended.push({ taskId: record.taskId, pid: recorded.pid });
  }
  return ended;
}

function leaseState(outcome: RunOutcome): string {
  return outcome === 'done' ? 'finished' : outcome;
}

/** Merged tasks' worktrees still gathering for removal go now; the run waits for them. */
async function removeMergedWorktrees(context: RunContext): Promise<void> {
  removeGatheredWorktreesNow(context.repositoryRoot);
  await Promise.all(context.cleanups);
}

/** Brings the book in line with git: merged means done; anything interrupted starts again. */
async function reconcile(context: RunContext): Promise<void> {
  const merged = await mergedTaskIds(context.repositoryRoot, context.integration.branch, context.planId);
  const held: Array<{ taskId: string; reason: string }> = [];
  for (const task of context.plan.tasks) {
    const state = context.book.state(task.id);
    if (merged.has(task.id)) {
      if (state !== 'done')
        await context.book.update(task.id, { state: 'done', note: 'merged before an interruption' });
      continue;
    }
    if (state === 'pending') continue;
    const entry = context.book.entries.get(task.id)!;
    const holder = heldByAgent(state, entry.instance, entry.data);
    if (holder !== undefined) {
      const said = typeof entry.data.reason === 'string' ? entry.data.reason : undefined;
      const heldBy = `held by instance ${holder} through the MCP server (tasks start)`;
      held.push({
        taskId: task.id,
        // An earlier run's reason is kept as it was; an agent's own (tasks blocked) is quoted.
        reason: said?.startsWith(heldBy)
          ? said
          : `${heldBy}${state === 'blocked' && said ? `, blocked: ${said}` : ''}; it lands with their tasks done, or a person sends it back with baton retry ${context.planId} ${task.id}`,
      });
      continue;
    }
    // A person's approved submission waits in its worktree to be verified and merged.
    if (state === 'submitted') continue;
    // Done but not on the branch (the branch was recreated), interrupted, or blocked last time:
    // each runs again, from a clean worktree.
    const note = inFlightStates.has(state)
      ? 'interrupted: starts again'
      : state === 'blocked'
        ? 'blocked last run: retried'
        : undefined;
    await context.book.update(task.id, { state: 'pending', round: 0, note });
  }
  // This run leaves an agent's task alone, and the tasks behind it wait.
  for (const { taskId, reason } of held) await blockTask(context, taskId, reason);
}

async function finish(
  context: RunContext,
  base: string,
  started: number,
  stopReason: string | undefined,
  stopCode: string | undefined,
): Promise<RunSummary> {
  const { book, planId, integration } = context;
  const done = [...book.idsIn('done')];
  const blocked = [...book.idsIn('blocked')].map((taskId) => ({
    taskId,
    reason: String(book.entries.get(taskId)!.data.reason ?? 'blocked'),
  }));
  const unfinished = context.plan.tasks
    .map((task) => task.id)
    .filter((id) => !done.includes(id) && !blocked.some((entry) => entry.taskId === id));
  const summary: RunSummary = {
    planId,
    outcome: 'done',
    integrationBranch: integration.branch,
    base,
    done,
    blocked,
    unfinished,
    durationMs: 0,
  };
  if (context.signal.aborted || unfinished.length > 0) {
    summary.outcome = 'stopped';
    summary.stopReason = stopReason ?? 'interrupted';
    if (stopCode) summary.stopCode = stopCode;
  } else if (blocked.length > 0) summary.outcome = 'blocked';
  else {
    const commands = commandsIn(context.plan.verification);
    // The checkout is made first, then the merged tasks' worktrees still gathering are
    // removed while the verification runs: it does not wait for them, nor they for it.
    const cwd = await integration.checkout();
    removeGatheredWorktreesNow(context.repositoryRoot);
    const verification = await runVerifyCommands(commands, {
      cwd,
      timeoutMs: context.settings.verifyTimeoutMs,
      signal: context.signal,
    });
    summary.planVerification = {
      passed: verification.outcome.passed,
      commands: verification.results.map((result) => ({
        command: result.command,
        passed: result.passed,
        exitCode: result.exitCode,
      })),
    };
    context.events.emit({
      planId,
      kind: 'plan-verified',
      message: verification.outcome.passed
        ? `${commands.length} plan verification command(s) passed on ${integration.branch}`
        : `plan verification failed: ${verification.outcome.failures.map((failure) => failure.command).join(', ')}`,
      data: summary.planVerification,
    });
    if (!verification.outcome.passed) summary.outcome = 'verification-failed';
    else {
      context.events.emit({
        planId,
        kind: 'plan-ready',
        message: `every task is merged into ${integration.branch}: merge it into ${base} with \`baton complete ${planId} --merge\` (or git merge --no-ff ${integration.branch})`,
        data: { branch: integration.branch, base },
      });
      // Everything is on the branch; the integration worktree and the hand-off files (BUILD and
      // FEEDBACK files) are no longer needed.
      await removeWorktree(context.repositoryRoot, integration.worktree);
      rmSync(path.dirname(handoffDirectory(context.settings.worktreesRoot, planId, '_')), {
        recursive: true,
        force: true,
      });
    }
  }
  await removeMergedWorktrees(context);
  summary.durationMs = Date.now() - started;
  context.events.emit({
    planId,
    kind: 'run-finished',
    message: `${summary.outcome}: ${done.length} done, ${blocked.length} blocked${unfinished.length > 0 ? `, ${unfinished.length} not finished` : ''}`,
    data: {
      outcome: summary.outcome,
      done,
      blocked,
      unfinished,
      durationMs: summary.durationMs,
      ...(summary.stopReason ? { stopReason: summary.stopReason } : {}),
      ...(summary.stopCode ? { stopCode: summary.stopCode } : {}),
    },
  });
  return summary;
}
