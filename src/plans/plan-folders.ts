// Where plans live on disk: one folder per state; the folder a plan is in IS its state.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/load-config.ts';
import { BatonError } from '../errors.ts';

export const planStates = ['review', 'active', 'completed', 'rejected'] as const;
export type PlanState = (typeof planStates)[number];

export type PlanFolders = Record<PlanState, string>;

export function planFolders(repositoryRoot: string, config: Config): PlanFolders {
  const base = path.resolve(repositoryRoot, config.plans.dir);
  return {
    review: path.join(base, config.plans.states.review),
    active: path.join(base, config.plans.states.active),
    completed: path.join(base, config.plans.states.completed),
    rejected: path.join(base, config.plans.states.rejected),
  };
}

export function ensurePlanFolders(folders: PlanFolders): void {
  for (const state of planStates) mkdirSync(folders[state], { recursive: true });
}

export function isPlanState(value: string): value is PlanState {
  return (planStates as readonly string[]).includes(value);
}

/**
 * A state named by the user: its name (`review`) or the folder configured for it (`Review`,
 * in the seeds' layout). Anything else is a usage error listing both.
 */
export function resolvePlanState(value: string, config: Config): PlanState {
  if (isPlanState(value)) return value;
  const byFolder = planStates.find((state) => config.plans.states[state] === value);
  if (byFolder) return byFolder;
  const folders = planStates
    .map((state) => config.plans.states[state])
    .filter((name, index) => name !== planStates[index]);
  throw new BatonError(
    'USAGE',
    `unknown state "${value}"; use one of ${planStates.join(', ')}${folders.length > 0 ? ` (or its folder: ${folders.join(', ')})` : ''}`,
  );
}
