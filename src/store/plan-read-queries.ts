// The store reads behind `baton plans` (and the session digest's plan list): each task's run
// state, and a plan's lifecycle events. Their SQL and their row mapping live here only, and
// both paths run exactly this (planReadsOver): raw node:sqlite (plan-reads-sqlite.ts), which spares
// `baton plans` loading Kysely, and Kysely on any store (plan-reads-kysely.ts), Postgres included.
import type { PlanEventRecord } from '../core/lifecycle/approval.ts';

export interface TaskRunState {
  planId: string;
  taskId: string;
  state: string;
}

export interface PlanReads {
  /** Every task run's state, ordered by plan and task. */
  taskRunStates(): Promise<TaskRunState[]>;
  /** One plan's events of the given kinds, oldest first. */
  planEvents(planId: string, kinds: readonly string[]): Promise<PlanEventRecord[]>;
  /** The events of the given kinds of each of these plans, oldest first (a few queries for all). */
  plansEvents(planIds: readonly string[], kinds: readonly string[]): Promise<Map<string, PlanEventRecord[]>>;
  close(): Promise<void>;
}

/** A statement with `?` placeholders and its parameters, in order. */
export interface PlanReadQuery {
  text: string;
  parameters: Array<string | number>;
}

type Row = Record<string, unknown>;

export function taskRunStatesQuery(project: string): PlanReadQuery {
  return {
    text: 'select plan_id, task_id, state from task_runs where project = ? order by plan_id, task_id',
    parameters: [project],
  };
}

export function toTaskRunState(row: Row): TaskRunState {
  return { planId: String(row.plan_id), taskId: String(row.task_id), state: String(row.state) };
}

const placeholders = (values: readonly unknown[]) => values.map(() => '?').join(', ');

export function planEventsQuery(
  project: string,
  planIds: readonly string[],
  kinds: readonly string[],
): PlanReadQuery {
  const kindFilter = kinds.length > 0 ? ` and kind in (${placeholders(kinds)})` : '';
  return {
    text: `select plan_id, kind, at, instance, data from events where project = ? and plan_id in (${placeholders(planIds)})${kindFilter} order by id`,
    parameters: [project, ...planIds, ...kinds],
  };
}

/** Plans per query: far below any engine's limit on parameters. */
const plansPerQuery = 200;

/** The reads over one way to run a query (raw node:sqlite or Kysely): the same SQL on both. */
export function planReadsOver(
  all: (query: PlanReadQuery) => Promise<Row[]>,
  project: string,
  close: () => Promise<void>,
): PlanReads {
  const plansEvents = async (planIds: readonly string[], kinds: readonly string[]) => {
    const byPlan = new Map<string, PlanEventRecord[]>(planIds.map((planId) => [planId, []]));
    for (let start = 0; start < planIds.length; start += plansPerQuery)
      for (const row of await all(
        planEventsQuery(project, planIds.slice(start, start + plansPerQuery), kinds),
      ))
        byPlan.get(String(row.plan_id))?.push(toPlanEvent(row));
    return byPlan;
  };
  return {
    taskRunStates: async () => (await all(taskRunStatesQuery(project))).map(toTaskRunState),
    planEvents: async (planId, kinds) => (await plansEvents([planId], kinds)).get(planId) ?? [],
    plansEvents,
    close,
  };
}

export function toPlanEvent(row: Row): PlanEventRecord {
  return {
    kind: String(row.kind),
    at: Number(row.at),
    instance: (row.instance as string | null) ?? null,
    data: row.data ? (JSON.parse(String(row.data)) as Record<string, unknown>) : {},
  };
}

/** Reads from an empty store: what a repository whose store does not exist yet has. */
export const noPlanReads: PlanReads = {
  taskRunStates: async () => [],
  planEvents: async () => [],
  plansEvents: async (planIds) => new Map(planIds.map((planId) => [planId, []])),
  close: async () => {},
};
