// The page's figures (issue 13), with 100 plans and 10,000 pool entries in a SQLite store:
// the median first load of the board in headless chromium (navigation to every card shown;
// target ≤ 500 ms), of the pool view, and the median time from a store event (a task's new state
// and its event written) to the plan page showing it (target ≤ 100 ms).
//
//   node bench/ui.ts [--loads 7] [--updates 15]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { loadConfig } from '../src/config/load-config.ts';
import { startPageServer } from '../src/integrations/ui/server.ts';
import { appendEvent } from '../src/store/events.ts';
import { postPoolEntries } from '../src/store/pool.ts';
import { openStore } from '../src/store/store.ts';
import { upsertTaskRun } from '../src/store/task-runs.ts';

const given = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = given.indexOf(name);
  return index >= 0 ? Number(given[index + 1]) : fallback;
};
const loads = option('--loads', 7);
const updates = option('--updates', 15);
const planCount = 100;
const poolEntries = 10_000;

const median = (values: number[]) => {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function planText(id: string): string {
  const tasks = [1, 2, 3, 4]
    .map(
      (number) => `### T${number}: Step ${number}
- **Action**: create
- **Files**: \`src/${id}/step${number}.js\`
- **Description**: Step ${number}.
- **Success Criteria**:
  - it works
- **Verify**:
  - \`true\`
- **Dependencies**: ${number === 1 ? 'none' : `T${number - 1}`}
`,
    )
    .join('\n');
  return `---\nid: ${id}\ntitle: Bench plan ${id}\ncreated: 2026-12-01\nauthor: bench\nrisk: low\nbase: main\n---\n\n# Plan: Bench plan ${id}\n\n## Summary\n\nA plan for the bench.\n\n## Tasks\n\n${tasks}\n## Verification\n\n- [ ] \`true\`\n`;
}

const scratch = mkdtempSync(path.join(tmpdir(), 'baton-bench-ui-'));
const repository = path.join(scratch, 'repository');
execFileSync('git', ['init', '--quiet', '--initial-branch=main', repository]);
execFileSync(
  'git',
  [
    '-c',
    'user.name=bench',
    '-c',
    'user.email=bench@example.com',
    'commit',
    '--quiet',
    '--allow-empty',
    '-m',
    'initial',
  ],
  { cwd: repository },
);
execFileSync(process.execPath, [path.resolve(import.meta.dirname, '..', 'bin', 'baton.js'), 'init'], {
  cwd: repository,
  env: { ...process.env, BATON_FROM_SOURCE: '1' },
  stdio: 'ignore',
});
for (let index = 0; index < planCount; index++) {
  const id = `plan-${String(index).padStart(3, '0')}`;
  const state = index % 4 === 0 ? 'review' : index % 4 === 3 ? 'completed' : 'active';
  writeFileSync(path.join(repository, '.baton', 'plans', state, `${id}.md`), planText(id));
}
const store = await openStore({ url: path.join(repository, '.baton', 'baton.db') });
const now = Date.now();
for (let start = 0; start < poolEntries; start += 500)
  await postPoolEntries(
    store,
    Array.from({ length: 500 }, (_, offset) => {
      const index = start + offset;
      return {
        instance: `agent-${index % 8}`,
        action: 'note' as const,
        topic: `topic ${index % 97}`,
        summary: `entry ${index}`,
        affects: [`src/file-${index % 50}.js`],
        planId: `plan-${String(index % planCount).padStart(3, '0')}`,
        at: now - (poolEntries - index) * 1000,
      };
    }),
  );

const server = await startPageServer({ repositoryRoot: repository, config: loadConfig(repository), store });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
  ],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const boardAnswers: number[] = [];
  for (let round = 0; round < loads; round++) {
    const started = performance.now();
    await (await fetch(`${server.url}api/board`)).json();
    boardAnswers.push(performance.now() - started);
  }
  const boardLoads: number[] = [];
  const poolLoads: number[] = [];
  for (let round = 0; round < loads; round++) {
    const page = await context.newPage();
    let started = performance.now();
    await page.goto(server.url);
    await page.locator('.card[data-plan="plan-099"]').waitFor();
    boardLoads.push(performance.now() - started);
    await page.close();
    const poolPage = await context.newPage();
    started = performance.now();
    await poolPage.goto(`${server.url}#/pool`);
    await poolPage.locator('.feed li').first().waitFor();
    poolLoads.push(performance.now() - started);
    await poolPage.close();
  }

  const page = await context.newPage();
  await page.goto(`${server.url}#/plan/plan-001`);
  await page.locator('.graph .node[data-task="T1"]').waitFor();
  await page.waitForFunction(() => document.body.dataset.live === 'ready');
  const latencies: number[] = [];
  for (let round = 0; round < updates; round++) {
    const state = round % 2 === 0 ? 'running' : 'done';
    const started = performance.now();
    await upsertTaskRun(store, {
      planId: 'plan-001',
      taskId: 'T1',
      state,
      attempts: 1,
      branch: null,
      score: null,
      instance: 'bench',
    });
    await appendEvent(store, {
      kind: state === 'running' ? 'task-started' : 'task-merged',
      planId: 'plan-001',
      taskId: 'T1',
      data: { round: 1 },
    });
    await page.locator(`.graph .node[data-task="T1"][data-state="${state}"]`).waitFor();
    latencies.push(performance.now() - started);
    await page.waitForTimeout(50);
  }

  const format = (value: number) => `${value.toFixed(0)} ms`;
  process.stdout.write(
    [
      `${planCount} plans, ${poolEntries.toLocaleString('en-US')} pool entries (SQLite)`,
      `board first load, median of ${loads}: ${format(median(boardLoads))} (target ≤ 500 ms; the board's data alone ${format(median(boardAnswers))})`,
      `pool view first load, median of ${loads}: ${format(median(poolLoads))}`,
      `store event → page updated, median of ${updates}: ${format(median(latencies))} (target ≤ 100 ms)`,
      '',
    ].join('\n'),
  );
} finally {
  await browser.close();
  await server.close();
  await store.close();
  rmSync(scratch, { recursive: true, force: true });
}
