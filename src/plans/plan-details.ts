// Everything `baton show` tells about one plan: its tasks, state, approval (and whether the
// text still matches it), the task graph in layers, the critical path, and — for a revised
// plan — the diff against the text that was approved.
import path from 'node:path';
import type { Config } from '../config/load-config.ts';
import { type ApprovalStatus, sha256 } from '../core/lifecycle/approval.ts';
import { criticalPath, taskLayers } from '../core/plan/graph.ts';
import type { Diagnostic, Plan } from '../core/plan/model.ts';
import { unifiedDiff } from '../core/text/line-diff.ts';
import type { Store } from '../store/store.ts';
import { listTaskRuns, type TaskRunRecord } from '../store/task-runs.ts';
import { planApprovalStatus } from './lifecycle.ts';
import { readPlanDocument } from './plan-document.ts';
import { findPlan } from './plan-files.ts';
import { type PlanState, planFolders } from './plan-folders.ts';

export interface PlanDetails {
  id: string;
  state: PlanState;
  file: string;
  sha256: string;
  plan: Plan;
  diagnostics: Diagnostic[];
  approval?: { by: string; at: number; sha256: string; current: boolean };
  revision?: { reason: string; at: number; approvedBy: string; diff: string };
  rejection?: ApprovalStatus['rejection'];
  layers: string[][];
  criticalPath: string[];
  runs: TaskRunRecord[];
}

export async function planDetails(
  repositoryRoot: string,
  config: Config,
  store: Store,
  id: string,
): Promise<PlanDetails> {
  const location = findPlan(planFolders(repositoryRoot, config), id);
  const document = readPlanDocument(location, repositoryRoot);
  const status = await planApprovalStatus(store, id, document.text);
  const relative = path.relative(repositoryRoot, location.file);
  const details: PlanDetails = {
    id,
    state: location.state,
    file: location.file,
    sha256: sha256(document.text),
    plan: document.parsed.plan,
    diagnostics: document.diagnostics,
    approval: status.approval
      ? {
          by: status.approval.by,
          at: status.approval.at,
          sha256: status.approval.sha256,
          current: status.current,
        }
      : undefined,
    layers: taskLayers(document.parsed.plan),
    criticalPath: criticalPath(document.parsed.plan),
    runs: await listTaskRuns(store, id),
  };
  if (status.withdrawn) {
    details.revision = {
      reason: status.withdrawn.reason,
      at: status.withdrawn.revisedAt,
      approvedBy: status.withdrawn.by,
      diff: unifiedDiff(status.withdrawn.text, document.text, {
        before: `${relative} (approved)`,
        after: `${relative} (now)`,
      }),
    };
  }
  if (status.rejection) details.rejection = status.rejection;
  return details;
}
