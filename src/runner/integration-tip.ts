// The integration branch's tip as baton last recorded it: the commit of the plan's latest
// `task-merged` event, or, before any merge, the tip `run-started` found. `baton run` resuming
// and `baton complete --merge` require the branch to be exactly there, so a commit slipped onto
// `baton/<plan>` by anyone else (an agent's `update-ref`, say) is never merged as the plan's work.
import { BatonError } from '../errors.ts';
import { listPlanEvents } from '../store/event-log.ts';
import type { Store } from '../store/store.ts';
import { branchTip } from '../workspace/merge.ts';
import { integrationBranch } from './integration-branch.ts';

export async function recordedIntegrationTip(store: Store, planId: string): Promise<string | undefined> {
  const events = await listPlanEvents(store, planId, ['task-merged', 'run-started']);
  for (const event of events.reverse()) {
    const commit = event.kind === 'task-merged' ? event.data.commit : event.data.integrationTip;
    if (typeof commit === 'string' && commit !== '') return commit;
  }
  return undefined;
}

/** Throws INTEGRATION_MOVED unless `baton/<plan>` is where baton recorded it (or nothing is recorded). */
export async function requireRecordedIntegrationTip(
  store: Store,
  repositoryRoot: string,
  planId: string,
): Promise<void> {
  const recorded = await recordedIntegrationTip(store, planId);
  if (recorded === undefined) return;
  const branch = integrationBranch(planId);
  const actual = await branchTip(repositoryRoot, branch);
  if (actual === undefined || actual === recorded) return;
  throw new BatonError(
    'INTEGRATION_MOVED',
    `${branch} is at ${actual.slice(0, 12)}, but baton's last merge left it at ${recorded.slice(0, 12)}: something other than baton moved it`,
    {
      hint: `See what was added with git log ${recorded.slice(0, 12)}..${branch}. Put it back with git update-ref refs/heads/${branch} ${recorded} ${actual}; if those commits are a person's and wanted, merge ${branch} by hand (git merge --no-ff ${branch}).`,
      data: { branch, recorded, actual },
    },
  );
}
