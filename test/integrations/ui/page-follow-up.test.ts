// On the page, comments on the diff of a task already merged become a follow-up task proposed in
// a revision of the plan: the plan is back in review with the new task in its graph, and a
// person approves the new text (its hash shown) before anything runs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { sha256 } from '../../../src/core/lifecycle/approval.ts';
import { listPlanEvents } from '../../../src/store/event-log.ts';
import { makeRunRepository, scriptedBackends } from '../../runner/support/run-repository.ts';
import { runBaton } from '../../support/cli.ts';
import { chromiumPath, launchBrowser, openPage } from './support/browser.ts';
import { originOf, serve } from './support/serve.ts';

const skip = chromiumPath ? false : 'chromium is not installed';

test("a comment on a merged task's diff is a follow-up task in a revision, approved again by a person", {
  skip,
}, async (t) => {
  const run = makeRunRepository(t, 'followed', [{ id: 'T1', files: ['one.txt'] }]);
  const first = runBaton(run.repository, ['run', 'followed', ...scriptedBackends], { env: run.env });
  assert.equal(first.status, 0, first.stdout + first.stderr);
  const { server, store } = await serve(t, run.repository);
  const browser = await launchBrowser(t);
  const { page, elsewhere } = await openPage(browser, originOf(server));
  await page.goto(`${server.url}#/plan/followed`);
  await page.locator('tr[data-task="T1"][data-state="done"]').waitFor();
  await page.getByRole('button', { name: 'T1', exact: true }).click();
  await page.getByRole('button', { name: 'comment on one.txt line 1' }).click();
  await page.getByLabel('Comment on line 1').fill('Say what was checked, not only OK.');
  await page.getByRole('button', { name: 'Add comment' }).click();
  await page.getByRole('button', { name: /Propose 1 comment\(s\) as a follow-up task/ }).click();
  await page.getByRole('status').filter({ hasText: 'follow-up task T2' }).waitFor();

  // Back in review, the follow-up in the graph after T1, and the approval asked for again.
  await page.locator('[data-plan-state]', { hasText: 'review' }).waitFor();
  await page.locator('.graph .node[data-task="T2"]').waitFor();
  const file = path.join(run.repository, '.baton/plans/review/followed.md');
  const text = readFileSync(file, 'utf8');
  assert.match(text, /### T2: .*\n(?:.*\n)*- \*\*Dependencies\*\*: T1/);
  assert.match(text, /one\.txt:1: Say what was checked, not only OK\./);
  assert.equal(await page.locator('[data-current-hash]').textContent(), sha256(text));
  assert.match((await page.locator('.text-diff').textContent()) ?? '', /\+### T2:/);

  await page.getByRole('button', { name: 'Approve followed' }).click();
  await page.locator('[data-plan-state]', { hasText: 'active' }).waitFor();
  const approvals = await listPlanEvents(store, 'followed', ['plan-approved']);
  assert.equal(approvals.length, 2);
  assert.equal(approvals.at(-1)?.data.sha256, sha256(text));
  assert.equal(approvals.at(-1)?.data.channel, 'page');
  assert.deepEqual(elsewhere(), []);
});
