// Only an active plan whose text still matches its approval may run: anything else is refused
// with what to do about it.
import type { Config } from '../config/load-config.ts';
import type { Plan } from '../core/plan/model.ts';
import { BatonError } from '../errors.ts';
import { planApprovalStatus } from '../plans/lifecycle.ts';
import { errorsIn, readPlanDocument } from '../plans/plan-document.ts';
import { findPlan } from '../plans/plan-files.ts';
import { planFolders } from '../plans/plan-folders.ts';
import type { Store } from '../store/store.ts';
import { assertPersonApproval } from './approval-check.ts';

export interface RunnablePlan {
  id: string;
  file: string;
  text: string;
  plan: Plan;
}

/**
 * What can be checked without the store: the plan exists, is active and lints clean. `baton run`
 * checks this before it opens the store or looks for a backend.
 */
export function readRunnablePlanFile(repositoryRoot: string, config: Config, id: string) {
  const location = findPlan(planFolders(repositoryRoot, config), id);
  if (location.state !== 'active') {
    const hints: Record<string, string> = {
      review: `It waits for approval: baton show ${id}, then baton approve ${id}.`,
      completed: 'It is completed: there is nothing left to run.',
      rejected: 'It was rejected: write a new plan, or move it back to review and approve it.',
    };
    throw new BatonError(
      'PLAN_WRONG_STATE',
      `cannot run plan "${id}": it is ${location.state === 'review' ? 'in review' : location.state}, only active plans run`,
      {
        hint: hints[location.state],
        data: { id, state: location.state },
      },
    );
  }
  const document = readPlanDocument(location, repositoryRoot);
  const errors = errorsIn(document.diagnostics);
  if (errors.length > 0) {
    throw new BatonError('PLAN_INVALID', `plan "${id}" has ${errors.length} lint error(s); it cannot run`, {
      hint: `Run baton lint ${id}, fix it, and approve it again.`,
      data: { diagnostics: errors },
    });
  }
  return { location, document };
}

/**
 * The plan, checked: active, clean, and approved by a person as it is now. `read` is the file
 * as `readRunnablePlanFile` just read it (`baton run` reads it once); without it, it is read.
 */
export async function loadRunnablePlan(
  repositoryRoot: string,
  config: Config,
  store: Store,
  id: string,
  read: ReturnType<typeof readRunnablePlanFile> = readRunnablePlanFile(repositoryRoot, config, id),
): Promise<RunnablePlan> {
  const { location, document } = read;
  const status = await planApprovalStatus(store, id, document.text);
  if (!status.approval) {
    throw new BatonError('PLAN_NOT_APPROVED', `plan "${id}" has no approval on record`, {
      hint: `Approve it first: baton approve ${id}.`,
    });
  }
  if (!status.current) {
    throw new BatonError(
      'PLAN_CHANGED_SINCE_APPROVAL',
      `plan "${id}" was edited after ${status.approval.by} approved it; the approved text is not what would run`,
      {
        hint: `Review the change (baton show ${id}) and approve it again (baton approve ${id}), or undo the edit.`,
      },
    );
  }
  assertPersonApproval(repositoryRoot, config, id, status.approval);
  return { id, file: location.file, text: document.text, plan: document.parsed.plan };
}
