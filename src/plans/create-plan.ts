// A new plan enters in review, whether written from the template or imported.
import { unlinkSync } from 'node:fs';
import path from 'node:path';
import { BatonError } from '../errors.ts';
import { appendEvent } from '../store/event-log.ts';
import type { LifecycleContext } from './lifecycle.ts';
import {
  createFileExclusive,
  locatePlan,
  type PlanLocation,
  planFile,
  validatePlanId,
} from './plan-files.ts';
import { ensurePlanFolders, planFolders } from './plan-folders.ts';

export async function createPlanInReview(
  context: LifecycleContext,
  id: string,
  text: string,
  origin: Record<string, unknown>,
): Promise<PlanLocation> {
  validatePlanId(id);
  const folders = planFolders(context.repositoryRoot, context.config);
  const existing = locatePlan(folders, id);
  if (existing.length > 0) {
    throw new BatonError(
      'PLAN_EXISTS',
      `a plan "${id}" already exists (${existing[0]!.state}: ${existing[0]!.file})`,
      {
        hint: 'Choose another id.',
      },
    );
  }
  ensurePlanFolders(folders);
  const file = planFile(folders, 'review', id);
  createFileExclusive(file, text);
  try {
    await appendEvent(context.store, {
      kind: 'plan-created',
      planId: id,
      instance: context.instance ?? null,
      affects: [path.relative(context.repositoryRoot, file)],
      data: { state: 'review', ...origin },
    });
  } catch (error) {
    unlinkSync(file);
    throw error;
  }
  return { id, state: 'review', file };
}
