// The usage table: tokens and cost of every model call, by role, backend, model, plan, task
// and instance. Written by the usage recorder in src/agents/, read by `baton cost` and the
// budget guard.
import type { StoreScope } from './store-scope.ts';

export interface NewUsage {
  at?: number;
  role: string;
  backend: string;
  model?: string | null;
  planId?: string | null;
  taskId?: string | null;
  instance?: string | null;
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  /** Null when the cost is not known (a model missing from the price table). */
  costUsd?: number | null;
  data?: Record<string, unknown>;
}

export interface UsageRecord {
  id: number;
  at: number;
  role: string;
  backend: string;
  model: string | null;
  planId: string | null;
  taskId: string | null;
  instance: string | null;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  costUsd: number | null;
  data: Record<string, unknown>;
}

const count = (value: number | undefined): number => Math.max(0, Math.round(value ?? 0));

export async function recordUsage(scope: StoreScope, usage: NewUsage): Promise<number> {
  const row = await scope.db
    .insertInto('usage')
    .values({
      project: scope.project,
      at: usage.at ?? Date.now(),
      role: usage.role,
      backend: usage.backend,
      model: usage.model ?? null,
      plan_id: usage.planId ?? null,
      task_id: usage.taskId ?? null,
      instance: usage.instance ?? null,
      input_tokens: count(usage.inputTokens),
      output_tokens: count(usage.outputTokens),
      cache_read_tokens: count(usage.cacheReadTokens),
      cache_write_tokens: count(usage.cacheWriteTokens),
      cost_usd: usage.costUsd ?? null,
      data: usage.data ? JSON.stringify(usage.data) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function listUsage(scope: StoreScope, filter: { planId?: string } = {}): Promise<UsageRecord[]> {
  let query = scope.db.selectFrom('usage').selectAll().where('project', '=', scope.project);
  if (filter.planId !== undefined) query = query.where('plan_id', '=', filter.planId);
  const rows = await query.orderBy('id').execute();
  return rows.map((row) => ({
    id: Number(row.id),
    at: Number(row.at),
    role: row.role,
    backend: row.backend,
    model: row.model,
    planId: row.plan_id,
    taskId: row.task_id,
    instance: row.instance,
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
    cacheReadTokens: Number(row.cache_read_tokens),
    cacheWriteTokens: Number(row.cache_write_tokens),
    costUsd: row.cost_usd === null ? null : Number(row.cost_usd),
    data: row.data ? (JSON.parse(row.data) as Record<string, unknown>) : {},
  }));
}

export type UsageGrouping = 'role' | 'model' | 'task' | 'plan';

export interface UsageSummaryRow {
  /** The role, the model, the plan, or `<plan>/<task>`; `(none)` where it was not recorded. */
  key: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** Sum of the known costs. */
  costUsd: number;
  /** Calls whose cost is not known (left out of costUsd). */
  unpricedCalls: number;
}

export interface UsageSummary {
  by: UsageGrouping;
  planId?: string;
  rows: UsageSummaryRow[];
  total: Omit<UsageSummaryRow, 'key'>;
}

function emptyRow(key: string): UsageSummaryRow {
  return {
    key,
    calls: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    costUsd: 0,
    unpricedCalls: 0,
  };
}

/**
 * Sums by role, model, task or plan. Grouped in SQL, so both engines return the same numbers
 * (costs are summed as stored; rounding is for display).
 */
export async function summariseUsage(
  scope: StoreScope,
  options: { planId?: string; by: UsageGrouping },
): Promise<UsageSummary> {
  const columns =
    options.by === 'task'
      ? (['plan_id', 'task_id'] as const)
      : options.by === 'plan'
        ? (['plan_id'] as const)
        : ([options.by] as const);
  let query = scope.db
    .selectFrom('usage')
    .select((builder) => [
      ...columns,
      builder.fn.countAll<number>().as('calls'),
      builder.fn.sum<number>('input_tokens').as('input_tokens'),
      builder.fn.sum<number>('output_tokens').as('output_tokens'),
      builder.fn.sum<number>('cache_read_tokens').as('cache_read_tokens'),
      builder.fn.sum<number>('cache_write_tokens').as('cache_write_tokens'),
      builder.fn.sum<number>('cost_usd').as('cost_usd'),
      builder.fn.count<number>('cost_usd').as('priced_calls'),
    ])
    .where('project', '=', scope.project);
  if (options.planId !== undefined) query = query.where('plan_id', '=', options.planId);
  const rows = await query.groupBy([...columns]).execute();
  const summaryRows = rows.map((row): UsageSummaryRow => {
    const record = row as unknown as Record<string, unknown>;
    const key =
      options.by === 'task'
        ? record.task_id === null
          ? `${record.plan_id ?? '(none)'}/(plan)`
          : `${record.plan_id ?? '(none)'}/${record.task_id}`
        : String(record[options.by === 'plan' ? 'plan_id' : options.by] ?? '(none)');
    const calls = Number(record.calls);
    return {
      key,
      calls,
      inputTokens: Number(record.input_tokens ?? 0),
      outputTokens: Number(record.output_tokens ?? 0),
      cacheReadTokens: Number(record.cache_read_tokens ?? 0),
      cacheWriteTokens: Number(record.cache_write_tokens ?? 0),
      costUsd: Number(record.cost_usd ?? 0),
      unpricedCalls: calls - Number(record.priced_calls ?? 0),
    };
  });
  summaryRows.sort((left, right) => right.costUsd - left.costUsd || left.key.localeCompare(right.key));
  const total = emptyRow('');
  for (const row of summaryRows) {
    total.calls += row.calls;
    total.inputTokens += row.inputTokens;
    total.outputTokens += row.outputTokens;
    total.cacheReadTokens += row.cacheReadTokens;
    total.cacheWriteTokens += row.cacheWriteTokens;
    total.costUsd += row.costUsd;
    total.unpricedCalls += row.unpricedCalls;
  }
  const { key: _key, ...totals } = total;
  return {
    by: options.by,
    ...(options.planId === undefined ? {} : { planId: options.planId }),
    rows: summaryRows,
    total: totals,
  };
}

/** Dollars recorded for a plan (for the budget guard). */
export async function planSpend(scope: StoreScope, planId: string): Promise<number> {
  const row = await scope.db
    .selectFrom('usage')
    .select((builder) => builder.fn.sum<number>('cost_usd').as('cost'))
    .where('project', '=', scope.project)
    .where('plan_id', '=', planId)
    .executeTakeFirst();
  return Number(row?.cost ?? 0);
}
