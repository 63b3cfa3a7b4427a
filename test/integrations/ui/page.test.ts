// baton's page in real headless Chromium (Debian's chromium, driven by playwright-core), with
// every request the page makes intercepted to prove none leaves 127.0.0.1: the board lists a
// scratch repository's plans; a plan's page follows a `baton run` live; a person approves through
// the page; a comment on a diff line is the next round's feedback.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { planText } from '../../../bench/support/plan-text.ts';
import { sha256 } from '../../../src/core/lifecycle/approval.ts';
import { listPlanEvents } from '../../../src/store/event-log.ts';
import { makeRunRepository, scriptedBackends } from '../../runner/support/run-repository.ts';
import { runBaton, startBaton } from '../../support/cli.ts';
import { chromiumPath, launchBrowser, openPage } from './support/browser.ts';
import { originOf, serve } from './support/serve.ts';

const skip = chromiumPath ? false : 'chromium is not installed';

test('the board lists the plans of a scratch repository, by state, with progress', { skip }, async (t) => {
  const run = makeRunRepository(t, 'board-active', [
    { id: 'T1', files: ['one.txt'] },
    { id: 'T2', files: ['two.txt'] },
  ]);
  writeFileSync(
    path.join(run.repository, '.baton/plans/review/board-review.md'),
    planText('board-review', [{ id: 'T1', files: ['later.txt'] }], ['true']),
  );
  const { server } = await serve(t, run.repository);
  const browser = await launchBrowser(t);
  const { page, elsewhere, requests } = await openPage(browser, originOf(server));
  await page.goto(server.url);
  await page.locator('.column[data-state="active"] .card[data-plan="board-active"]').waitFor();
  const review = page.locator('.column[data-state="review"] .card[data-plan="board-review"]');
  await review.waitFor();
  assert.match((await review.textContent()) ?? '', /0\/1 done/);
  assert.match(
    (await page.locator('.card[data-plan="board-active"]').textContent()) ?? '',
    /0\/2 done · \$0\.0000/,
  );
  assert.equal(await page.locator('.column[data-state="completed"] .card').count(), 0);
  // On a phone-sized window the columns stack and stay readable.
  await page.setViewportSize({ width: 390, height: 800 });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the board overflows a phone-sized window (${width}px)`);
  assert.ok(requests.length >= 8, 'the page made its requests through the interception');
  assert.deepEqual(elsewhere(), []);
});

test("a plan's page follows a baton run live: a task goes running → done without a reload", {
  skip,
}, async (t) => {
  const gate = path.join(tmpdir(), `baton-ui-gate-${process.pid}-${Date.now()}`);
  const run = makeRunRepository(t, 'live', [{ id: 'T1', files: ['one.txt'] }], {
    scenario: { T1: { waitFor: [gate] } },
  });
  t.after(() => writeFileSync(gate, ''));
  const { server } = await serve(t, run.repository);
  const browser = await launchBrowser(t);
  const { page, elsewhere } = await openPage(browser, originOf(server));
  await page.goto(`${server.url}#/plan/live`);
  const node = page.locator('.graph .node[data-task="T1"]');
  await node.waitFor();
  assert.equal(await node.getAttribute('data-state'), 'pending');
  await page.waitForFunction(() => document.body.dataset.live === 'ready');
  await page.evaluate(() => {
    (window as unknown as { notReloaded: boolean }).notReloaded = true;
  });
  const running = startBaton(run.repository, ['run', 'live', ...scriptedBackends], { env: run.env });
  await page.locator('.graph .node[data-task="T1"][data-state="running"]').waitFor({ timeout: 30_000 });
  writeFileSync(gate, '');
  await page.locator('.graph .node[data-task="T1"][data-state="done"]').waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('tr[data-task="T1"]').getAttribute('data-state'), 'done');
  assert.equal(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded), true);
  const result = await running;
  assert.equal(result.status, 0, result.stdout + result.stderr);
  // Its round: the verify command and the review's score per criterion, with the spread.
  await page.getByRole('button', { name: 'T1', exact: true }).click();
  const correctness = page.locator('.criteria tr', { hasText: 'correctness' });
  await correctness.waitFor();
  assert.match((await correctness.textContent()) ?? '', /^correctness95\.0 *95 *95 *0\.0/);
  assert.match((await page.locator('.rounds').textContent()) ?? '', /grep -q "T1 OK" one\.txt passed/);
  await page.locator('.diff-file').waitFor();
  assert.match((await page.locator('.diff-file').textContent()) ?? '', /T1 OK/);
  assert.deepEqual(elsewhere(), []);
});

test('a person approves a plan through the page: it is active, with the hash shown and the channel page', {
  skip,
}, async (t) => {
  const run = makeRunRepository(t, 'first', [{ id: 'T1', files: ['one.txt'] }]);
  const file = path.join(run.repository, '.baton/plans/review/to-approve.md');
  writeFileSync(file, planText('to-approve', [{ id: 'T1', files: ['approved.txt'] }], ['true']));
  const expected = sha256(readFileSync(file, 'utf8'));
  const { server, store } = await serve(t, run.repository);
  const browser = await launchBrowser(t);
  const { page, elsewhere } = await openPage(browser, originOf(server));
  await page.goto(`${server.url}#/approvals`);
  await page.getByRole('link', { name: 'to-approve' }).click();
  assert.equal(await page.locator('[data-current-hash]').textContent(), expected);
  await page.getByRole('button', { name: 'Approve to-approve' }).click();
  await page.locator('[data-plan-state]', { hasText: 'active' }).waitFor();
  assert.equal(await page.locator('[data-approved-hash]').textContent(), expected);
  const approved = (await listPlanEvents(store, 'to-approve', ['plan-approved'])).at(-1);
  assert.equal(approved?.data.channel, 'page');
  assert.equal(approved?.data.sha256, expected);
  const plans = runBaton(run.repository, ['plans', '--json']);
  const listed = JSON.parse(plans.stdout).plans.find((plan: { id: string }) => plan.id === 'to-approve');
  assert.equal(listed.state, 'active');
  assert.equal(listed.approved.current, true);
  assert.deepEqual(elsewhere(), []);
});

test("a comment on a line of a blocked task's diff is the feedback of its next round", {
  skip,
}, async (t) => {
  const run = makeRunRepository(t, 'commented', [{ id: 'T1', files: ['one.txt'] }], {
    scenario: { T1: { badFirstRound: true } },
    config: 'review:\n  max_rounds: 1\n',
  });
  const first = runBaton(run.repository, ['run', 'commented', ...scriptedBackends], { env: run.env });
  assert.equal(first.status, 1, first.stdout + first.stderr);
  const { server } = await serve(t, run.repository);
  const browser = await launchBrowser(t);
  const { page, elsewhere } = await openPage(browser, originOf(server));
  await page.goto(`${server.url}#/plan/commented`);
  await page.locator('tr[data-task="T1"][data-state="blocked"]').waitFor();
  await page.getByRole('button', { name: 'T1', exact: true }).click();
  await page.getByRole('button', { name: 'comment on one.txt line 1' }).click();
  await page.getByLabel('Comment on line 1').fill('Write OK here, not BAD: the verify command greps for OK.');
  await page.getByRole('button', { name: 'Add comment' }).click();
  await page.getByRole('button', { name: /Send 1 comment\(s\)/ }).click();
  await page.getByRole('status').filter({ hasText: 'Sent' }).waitFor();
  await page.locator('tr[data-task="T1"][data-state="pending"]').waitFor();

  // The next run (the scripted executor writes BAD in every first round, so it is blocked again).
  const second = runBaton(run.repository, ['run', 'commented', ...scriptedBackends], { env: run.env });
  assert.match(second.stdout, /task-started T1/, second.stdout + second.stderr);
  const starts = run.readLog().filter((entry) => entry.what === 'start') as Array<{ feedbackText?: string }>;
  const feedback = starts.at(-1)?.feedbackText ?? '';
  assert.match(feedback, /one\.txt:1: Write OK here, not BAD: the verify command greps for OK\./);
  assert.deepEqual(elsewhere(), []);
});
