// What the page shows, read through baton's own services: the plan summaries `baton plans`
// prints, the task states `baton status` prints, the approval status `baton show` prints, the
// events `baton events` prints, the pool `baton pool query` prints, the claims `baton claims`
// prints and the cost `baton cost` prints. Nothing here decides anything of its own.
import type { Config } from '../../config/load-config.ts';
import { denialKinds, describeEvent } from '../../core/events/describe-event.ts';
import { approvalStatus, planEventKinds, sha256 } from '../../core/lifecycle/approval.ts';
import { poolActions } from '../../core/pool/entry.ts';
import { unifiedDiff } from '../../core/text/line-diff.ts';
import { planDetails } from '../../plans/plan-details.ts';
import { dashboardData, nextActions } from '../../runner/project-dashboard.ts';
import { type PlanStatus, planStatuses } from '../../runner/run-status.ts';
import { listClaims } from '../../store/claim-leases.ts';
import { listPlanEvents, type StoredEvent } from '../../store/event-log.ts';
import { lastActivityByPlan, queryEvents } from '../../store/event-query.ts';
import { type PoolQuery, queryPool } from '../../store/pool-entries.ts';
import type { Store } from '../../store/store.ts';
import { listTaskRuns } from '../../store/task-runs.ts';
import { summariseUsage } from '../../store/usage.ts';
import { planHtml } from './plan-html.ts';

export interface ViewContext {
  repositoryRoot: string;
  config: Config;
  store: Store;
}

/** The board: every plan with progress, cost and last activity. */
export async function boardView(context: ViewContext) {
  // The task records alone, no plan parsed: the board is the first thing the page loads.
  const data = await dashboardData(context.repositoryRoot, context.config, context.store, Date.now(), {
    complete: false,
  });
  const activity = await lastActivityByPlan(context.store);
  const costs = new Map(data.cost.byPlan.rows.map((row) => [row.key, row.costUsd]));
  return {
    plans: data.plans.map((plan) => ({
      id: plan.id,
      state: plan.state,
      title: plan.title,
      tasks: plan.tasks,
      done: plan.done,
      costUsd: costs.get(plan.id) ?? 0,
      lastActivity: activity.get(plan.id) ?? null,
      ...(plan.approved ? { approved: plan.approved } : {}),
    })),
    nextActions: nextActions(data),
    ...(data.budgetUsd === undefined ? {} : { budgetUsd: data.budgetUsd }),
  };
}

export interface TaskRound {
  round: number;
  verify?: {
    passed: boolean;
    commands: Array<{ command: string; passed: boolean; exitCode: number | null }>;
  };
  review?: { score: number; verdict: string; criteria: Array<Record<string, unknown>> };
  failed?: string;
  feedback?: string;
  denied?: string[];
}

/** Each task's rounds from the run events: verify results, review scores per criterion, feedback. */
function roundsByTask(events: readonly StoredEvent[]): Record<string, TaskRound[]> {
  const byTask: Record<string, TaskRound[]> = {};
  for (const event of events) {
    const round = Number(event.data.round ?? 0);
    if (!event.taskId || round === 0) continue;
    byTask[event.taskId] ??= [];
    const rounds = byTask[event.taskId]!;
    // A retried task starts again at round 1: a new attempt starts a new list of rounds.
    let entry = rounds.findLast((each) => each.round === round);
    if (event.kind === 'task-started' || !entry) {
      if (event.kind !== 'task-started' && entry) continue;
      entry = { round };
      rounds.push(entry);
    }
    if (event.kind === 'task-verified')
      entry.verify = {
        passed: event.data.passed === true,
        commands: Array.isArray(event.data.commands) ? (event.data.commands as never) : [],
      };
    if (event.kind === 'task-reviewed')
      entry.review = {
        // `total`: a person's review as versions before reviewed-event.ts stored it.
        score: Number(event.data.score ?? event.data.total ?? 0),
        verdict: String(event.data.verdict ?? ''),
        criteria: Array.isArray(event.data.criteria) ? (event.data.criteria as never) : [],
      };
    if (event.kind === 'task-round-failed') {
      entry.failed = String(event.data.message ?? '');
      if (typeof event.data.feedback === 'string') entry.feedback = event.data.feedback;
    }
    if (event.kind === 'task-denied' && Array.isArray(event.data.denials))
      entry.denied = (event.data.denials as unknown[]).map(String);
  }
  return byTask;
}

const runEventKinds = ['task-started', 'task-verified', 'task-reviewed', 'task-round-failed', 'task-denied'];

/** The plan page: the plan, its graph and critical path, task states, rounds, approval. */
export async function planView(context: ViewContext, planId: string) {
  const details = await planDetails(context.repositoryRoot, context.config, context.store, planId);
  const [status] = await planStatuses(context.repositoryRoot, context.config, context.store, planId);
  const planEvents = await listPlanEvents(context.store, planId, planEventKinds);
  const { readFileSync } = await import('node:fs');
  const text = readFileSync(details.file, 'utf8');
  const approval = approvalStatus(planEvents, text);
  // What the person approves against: the last approved text (a revised plan's withdrawn one).
  const previous = approval.approval ?? approval.withdrawn;
  const diff =
    previous && previous.text !== text
      ? unifiedDiff(previous.text, text, {
          before: `approved (${previous.sha256.slice(0, 12)})`,
          after: 'now',
        })
      : '';
  // By the plan's own index (the log's time order is the id order): queryEvents' newest-first
  // order by time read the whole log, pool entries included, to find one plan's rounds.
  const events = await listPlanEvents(context.store, planId, runEventKinds);
  return {
    id: details.id,
    state: details.state,
    title: details.plan.meta.title,
    text,
    html: planHtml(text),
    sha256: sha256(text),
    approval: details.approval ?? null,
    approvedText: previous ? { sha256: previous.sha256, by: previous.by, at: previous.at, diff } : null,
    rejection: details.rejection ?? null,
    lintErrors: details.diagnostics
      .filter((diagnostic) => diagnostic.severity === 'error')
      .map((diagnostic) => diagnostic.message),
    criticalPath: details.criticalPath,
    layers: details.layers,
    tasks: details.plan.tasks.map((task) => ({
      id: task.id,
      title: task.title,
      files: task.files,
      dependencies: task.dependencies,
    })),
    status: (status ?? null) as PlanStatus | null,
    rounds: roundsByTask(events),
  };
}

/** What baton put back behind an agent's back (refs, config, claims, the integration branch). */
const restoreKinds = ['ref-restored', 'config-restored', 'claim-restored', 'integration-restored'];

/** The pool feed, filtered like `baton pool query`, the live claims and the denials. */
export async function poolView(context: ViewContext, filters: PoolQuery) {
  const [entries, claims, denials] = await Promise.all([
    queryPool(context.store, { limit: 200, ...filters }),
    listClaims(context.store),
    queryEvents(context.store, { kinds: [...denialKinds, ...restoreKinds], limit: 100 }),
  ]);
  return {
    entries,
    // The actions an entry may have, for the page's filter.
    actions: poolActions,
    claims,
    denials: denials.map((event) => ({ ...event, text: describeEvent(event) })),
  };
}

/**
 * The task states alone (one query): what a live update of the plan page needs first (the live
 * stream carries them with the events about a plan's tasks).
 */
export async function planStatesView(context: Pick<ViewContext, 'store'>, planId: string) {
  return (await listTaskRuns(context.store, planId)).map((record) => ({
    taskId: record.taskId,
    state: record.state,
    round: record.round,
    score: record.score,
  }));
}

/** Cost by plan, role, model and task, and the budget. */
export async function costView(context: ViewContext) {
  const [role, model, task] = await Promise.all(
    (['role', 'model', 'task'] as const).map((by) => summariseUsage(context.store, { by })),
  );
  const data = await dashboardData(context.repositoryRoot, context.config, context.store, Date.now(), {
    complete: false,
  });
  return {
    byPlan: data.cost.byPlan,
    byRole: role,
    byModel: model,
    byTask: task,
    ...(data.budgetUsd === undefined ? {} : { budgetUsd: data.budgetUsd }),
  };
}
