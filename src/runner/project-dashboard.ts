// Seed 002's PROJECT_DASHBOARD.md: every plan by state, the tasks of active and completed plans
// with their status, rounds and scores, what is blocked and why, what a person does next, and
// the cost. Written by `baton dashboard` and at the end of every `baton run`. It is baton's own
// file: the runner's guard leaves it out of the main checkout it watches (task-runner.ts), so
// writing it never counts as an executor's change.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/load-config.ts';
import { type PlanState, planStates } from '../plans/plan-folders.ts';
import { type PlanSummary, summarisePlans } from '../plans/plan-summaries.ts';
import { storePlanReads } from '../store/plan-reads-kysely.ts';
import type { Store } from '../store/store.ts';
import { listTaskRuns, type TaskRunRecord } from '../store/task-runs.ts';
import { summariseUsage, type UsageSummary } from '../store/usage.ts';
import { dashboardFile } from './dashboard-file.ts';
import { describeRunner, type PlanStatus, planStatuses } from './run-status.ts';

export { dashboardFile };

export interface DashboardData {
  generatedAt: number;
  plans: PlanSummary[];
  /** Active and completed plans, task by task. */
  statuses: PlanStatus[];
  /**
   * False when `statuses` were read from the task records alone (the page's board, which must
   * load fast): no plan is parsed, tasks without a record are missing, runners are not read.
   */
  complete: boolean;
  cost: { byPlan: UsageSummary; byRole: UsageSummary; byModel: UsageSummary };
  budgetUsd?: number;
}

export interface NextAction {
  planId: string;
  taskId?: string;
  text: string;
  command: string;
}

export async function dashboardData(
  repositoryRoot: string,
  config: Config,
  store: Store,
  now: number = Date.now(),
  options: { complete?: boolean } = {},
): Promise<DashboardData> {
  const complete = options.complete ?? true;
  const plans = await summarisePlans(repositoryRoot, config, storePlanReads(store));
  const statuses: PlanStatus[] = [];
  const withTasks = plans.filter((each) => each.state === 'active' || each.state === 'completed');
  if (complete)
    for (const plan of withTasks)
      statuses.push(...(await planStatuses(repositoryRoot, config, store, plan.id, now)));
  else statuses.push(...recordedStatuses(withTasks, await listTaskRuns(store)));
  const [byPlan, byRole, byModel] = await Promise.all([
    summariseUsage(store, { by: 'plan' }),
    summariseUsage(store, { by: 'role' }),
    summariseUsage(store, { by: 'model' }),
  ]);
  const budgetUsd = config.budget?.plan_usd;
  return {
    generatedAt: now,
    plans,
    statuses,
    complete,
    cost: { byPlan, byRole, byModel },
    ...(budgetUsd === undefined ? {} : { budgetUsd }),
  };
}

/** Statuses from the task records alone (one query): what the board's next actions need. */
function recordedStatuses(plans: readonly PlanSummary[], records: readonly TaskRunRecord[]): PlanStatus[] {
  return plans.map((plan) => ({
    planId: plan.id,
    title: plan.title,
    state: plan.state,
    costUsd: 0,
    tasks: records
      .filter((record) => record.planId === plan.id)
      .map((record) => ({
        taskId: record.taskId,
        title: record.taskId,
        state: record.state,
        round: record.round,
        attempts: record.attempts,
        score: record.score,
        by: record.instance,
        elapsedMs: null,
        costUsd: null,
        ...(typeof record.data.reason === 'string' ? { reason: record.data.reason } : {}),
        ...(typeof record.data.blockedBy === 'string' ? { blockedBy: record.data.blockedBy } : {}),
      })),
  }));
}

/** What a person does next, plan by plan: the same advice the commands give. */
export function nextActions(data: DashboardData): NextAction[] {
  const actions: NextAction[] = [];
  for (const plan of data.plans.filter((each) => each.state === 'review'))
    actions.push({
      planId: plan.id,
      text: `read ${plan.id} and approve it, or revise or reject it with a reason`,
      command: `baton approve ${plan.id}`,
    });
  for (const plan of data.plans.filter((each) => each.state === 'active')) {
    if (plan.approved && !plan.approved.current)
      actions.push({
        planId: plan.id,
        text: `${plan.id} changed since it was approved: read it and approve it again`,
        command: `baton approve ${plan.id}`,
      });
    const status = data.statuses.find((each) => each.planId === plan.id);
    if (!status) continue;
    const blocked = status.tasks.filter((task) => task.state === 'blocked');
    // A task waiting behind another blocked one comes back with that one's retry.
    for (const task of blocked.filter((each) => each.blockedBy === undefined))
      actions.push({
        planId: plan.id,
        taskId: task.taskId,
        text: `${plan.id} ${task.taskId} is blocked${task.reason ? `: ${task.reason}` : ''}; fix what blocks, then retry it`,
        command: `baton retry ${plan.id} ${task.taskId}`,
      });
    for (const task of status.tasks.filter((each) => each.state === 'submitted'))
      actions.push({
        planId: plan.id,
        taskId: task.taskId,
        text: `${plan.id} ${task.taskId} waits for a person's review`,
        command: `baton score ${plan.id} ${task.taskId}`,
      });
    const running = status.runner?.live === true;
    const unfinished = data.complete
      ? status.tasks.filter((task) => task.state !== 'done').length
      : plan.tasks - plan.done;
    if (plan.tasks > 0 && unfinished === 0)
      actions.push({
        planId: plan.id,
        text: `every task of ${plan.id} is done: merge it and complete the plan`,
        command: `baton complete ${plan.id} --merge`,
      });
    else if (data.complete && !running && blocked.length === 0 && unfinished > 0)
      actions.push({
        planId: plan.id,
        text: `${plan.id} has ${unfinished} task(s) to go and no runner`,
        command: `baton run ${plan.id}`,
      });
  }
  return actions;
}

const stateTitles: Record<PlanState, string> = {
  review: 'In review',
  active: 'Active',
  completed: 'Completed',
  rejected: 'Rejected',
};

/** A table cell: one line, pipes escaped. */
function cell(value: string): string {
  return value.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

function dollars(value: number): string {
  return `$${value.toFixed(4)}`;
}

function taskTable(status: PlanStatus): string[] {
  const lines = [
    '| Task | Title | Status | Rounds | Attempts | Score | Cost | By |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const task of status.tasks)
    lines.push(
      `| ${cell(task.taskId)} | ${cell(task.title)} | ${task.state} | ${task.round} | ${task.attempts} | ${task.score ?? ''} | ${task.costUsd === null ? '' : dollars(task.costUsd)} | ${cell(task.by ?? '')} |`,
    );
  return lines;
}

function costTable(title: string, summary: UsageSummary): string[] {
  if (summary.rows.length === 0) return [];
  return [
    `| ${title} | Calls | Input tokens | Output tokens | Cost |`,
    '| --- | ---: | ---: | ---: | ---: |',
    ...summary.rows.map(
      (row) =>
        `| ${cell(row.key)} | ${row.calls} | ${row.inputTokens} | ${row.outputTokens} | ${dollars(row.costUsd)} |`,
    ),
    '',
  ];
}

export function renderDashboard(data: DashboardData): string {
  const lines = [
    '# Project dashboard',
    '',
    `Written by baton at ${new Date(data.generatedAt).toISOString()} (\`baton dashboard\` rewrites it; edits here are lost).`,
    '',
    '## Plans',
    '',
    '| State | Plans |',
    '| --- | ---: |',
    ...planStates.map(
      (state) => `| ${stateTitles[state]} | ${data.plans.filter((plan) => plan.state === state).length} |`,
    ),
    '',
  ];
  for (const state of planStates) {
    const plans = data.plans.filter((plan) => plan.state === state);
    lines.push(`### ${stateTitles[state]} (${plans.length})`, '');
    if (plans.length === 0) lines.push('None.', '');
    else {
      for (const plan of plans) {
        const progress =
          state === 'active' || state === 'completed'
            ? ` — ${plan.done}/${plan.tasks} tasks done`
            : ` — ${plan.tasks} tasks`;
        const approval = plan.approved
          ? plan.approved.current
            ? `, approved by ${plan.approved.by}`
            : ', changed since approval'
          : '';
        lines.push(`- **${plan.id}**: ${cell(plan.title)}${progress}${approval}`);
      }
      lines.push('');
    }
  }
  for (const status of data.statuses) {
    const runner = describeRunner(status.runner);
    lines.push(
      `## ${status.planId}: ${cell(status.title)}`,
      '',
      `${stateTitles[status.state as PlanState] ?? status.state}; ${runner}; cost ${dollars(status.costUsd)}${data.budgetUsd === undefined ? '' : ` of a ${dollars(data.budgetUsd)} budget`}.`,
      '',
      ...taskTable(status),
      '',
    );
  }
  const blocked = data.statuses.flatMap((status) =>
    status.tasks.filter((task) => task.state === 'blocked').map((task) => ({ planId: status.planId, task })),
  );
  lines.push('## Blocked', '');
  if (blocked.length === 0) lines.push('Nothing is blocked.', '');
  else {
    for (const { planId, task } of blocked)
      lines.push(`- **${planId} ${task.taskId}** (${cell(task.title)}): ${cell(task.reason ?? 'blocked')}`);
    lines.push('');
  }
  const actions = nextActions(data);
  lines.push('## Next actions', '');
  if (actions.length === 0) lines.push('Nothing waits for a person.', '');
  else {
    for (const action of actions) lines.push(`- ${cell(action.text)}: \`${action.command}\``);
    lines.push('');
  }
  lines.push('## Cost', '');
  const total = data.cost.byRole.total;
  lines.push(
    `${dollars(total.costUsd)} in ${total.calls} model call(s)${total.unpricedCalls > 0 ? ` (${total.unpricedCalls} unpriced, not counted)` : ''}.`,
    '',
  );
  lines.push(
    ...costTable('Plan', data.cost.byPlan),
    ...costTable('Role', data.cost.byRole),
    ...costTable('Model', data.cost.byModel),
  );
  return `${lines.join('\n').trimEnd()}\n`;
}

/** Writes the dashboard; `out` is relative to the repository root. Returns the absolute path. */
export async function writeDashboard(
  repositoryRoot: string,
  config: Config,
  store: Store,
  out: string = dashboardFile,
): Promise<string> {
  const file = path.resolve(repositoryRoot, out);
  writeFileSync(file, renderDashboard(await dashboardData(repositoryRoot, config, store)));
  return file;
}
