// The page's figures (issue 13), with 100 plans and 10,000 pool entries in a SQLite store:
// the median first load of the board in headless chromium (from asking for the page to every
// card shown; target ≤ 500 ms), of the pool view, and the median time from a store event (a
// task's new state and its event written) to the plan page showing it (target ≤ 100 ms). The
// page itself notes when it shows the cards or the new state (a MutationObserver, on the same
// wall clock as this process), since playwright's own waiting polls at growing intervals (20,
// 50, 100 ms…) and a busy browser answers it late: both would add the measuring to the figure
// (shown beside it). Beside the times, which a busy machine stretches, what does not depend on
// the load: requests, bytes of JavaScript and JSON on a first load, store queries per view, and
// store reads while nothing happens (the live updates' polling).
//
//   node bench/ui.ts [--loads 7] [--updates 15]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { loadConfig } from '../src/config/load-config.ts';
import { startPageServer } from '../src/integrations/ui/page-server.ts';
import { appendEvent } from '../src/store/event-log.ts';
import { postPoolEntries } from '../src/store/pool-entries.ts';
import { openStore, type Store } from '../src/store/store.ts';
import { upsertTaskRun } from '../src/store/task-runs.ts';
import { launchChromium } from './support/chromium.ts';
import { planDocument, taskText } from './support/plan-text.ts';

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
  return planDocument({
    frontMatter: `id: ${id}\ntitle: Bench plan ${id}\ncreated: 2026-12-01\nauthor: bench\nrisk: low\nbase: main`,
    title: `Bench plan ${id}`,
    summary: 'A plan for the bench.',
    tasks: [1, 2, 3, 4].map((number) =>
      taskText(`T${number}`, {
        title: `Step ${number}`,
        action: 'create',
        files: `\`src/${id}/step${number}.js\``,
        description: `Step ${number}.`,
        criteria: ['it works'],
        verify: ['`true`'],
        dependencies: number === 1 ? 'none' : `T${number - 1}`,
      }),
    ),
    verification: ['true'],
  });
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
// The page's store handle counts its queries (the bench's own writes go through `store`).
let queries = 0;
const countedStore: Store = {
  ...store,
  db: store.db.withPlugin({
    transformQuery: (args) => {
      queries++;
      return args.node;
    },
    transformResult: async (args) => args.result,
  }),
};
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

const server = await startPageServer({
  repositoryRoot: repository,
  config: loadConfig(repository),
  store: countedStore,
});
const browser = await launchChromium();
const boardShown = '.card[data-plan="plan-099"]';
const poolShown = '.feed li';

/** Runs in each page before its own scripts: notes when each selector first matches (epoch ms). */
function noteWhenShown(selectors: string[]) {
  const page = window as unknown as { shownAt: Record<string, number> };
  page.shownAt = {};
  const check = () => {
    for (const selector of selectors)
      if (!(selector in page.shownAt) && document.querySelector(selector))
        page.shownAt[selector] = performance.timeOrigin + performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
}

async function newContext() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(noteWhenShown, [boardShown, poolShown]);
  return context;
}

/**
 * Opens `address` in a new page until `shown` is there: the time until the page showed it, as the
 * page noted it, and as playwright's polling saw it.
 */
async function load(context: BrowserContext, address: string, shown: string) {
  const page = await context.newPage();
  const started = performance.now();
  await page.goto(address);
  await page.locator(shown).first().waitFor();
  const seen = performance.now() - started;
  const shownAt = await page.evaluate(
    (selector) => (window as unknown as { shownAt: Record<string, number> }).shownAt[selector]!,
    shown,
  );
  return { page, time: shownAt - (performance.timeOrigin + started), seen };
}

/**
 * What a first load in a fresh browser (nothing cached) asks for: requests, bytes, store queries
 * (the same each time), and its time, the median of `loads` such loads (one alone is noise on a
 * shared machine).
 */
async function coldLoad(address: string, shown: string) {
  const times: number[] = [];
  const queryCounts: number[] = [];
  let loaded: Array<{ type: string; bytes: number }> = [];
  for (let round = 0; round < loads; round++) {
    const fresh = await newContext();
    const bodies: Array<Promise<{ type: string; bytes: number }>> = [];
    fresh.on('response', (response) => {
      const type = response.headers()['content-type'] ?? '';
      // The live stream stays open: its body never ends.
      if (!type.startsWith('text/event-stream'))
        bodies.push(response.body().then((body) => ({ type, bytes: body.length })));
    });
    queries = 0;
    const { time } = await load(fresh, address, shown);
    times.push(time);
    loaded = await Promise.all(bodies);
    queryCounts.push(queries);
    await fresh.close();
  }
  const kilobytes = (kind: string) =>
    `${(loaded.filter((each) => each.type.includes(kind)).reduce((sum, each) => sum + each.bytes, 0) / 1024).toFixed(1)} kB`;
  return `${median(times).toFixed(0)} ms (median of ${loads}); ${loaded.length + 1} requests (the live stream included), ${kilobytes('javascript')} of JavaScript, ${kilobytes('json')} of JSON, ${median(queryCounts)} store queries`;
}

try {
  const coldBoard = await coldLoad(server.url, boardShown);
  const coldPool = await coldLoad(`${server.url}#/pool`, poolShown);
  const context = await newContext();
  const boardAnswers: number[] = [];
  for (let round = 0; round < loads; round++) {
    const started = performance.now();
    await (await fetch(`${server.url}api/board`)).json();
    boardAnswers.push(performance.now() - started);
  }
  const boardLoads: Array<{ time: number; seen: number }> = [];
  const poolLoads: Array<{ time: number; seen: number }> = [];
  for (let round = 0; round < loads; round++) {
    const board = await load(context, server.url, boardShown);
    await board.page.close();
    boardLoads.push(board);
    const pool = await load(context, `${server.url}#/pool`, poolShown);
    await pool.page.close();
    poolLoads.push(pool);
  }

  const page = await context.newPage();
  await page.goto(`${server.url}#/plan/plan-001`);
  await page.locator('.graph .node[data-task="T1"]').waitFor();
  await page.waitForFunction(() => document.body.dataset.live === 'ready');
  // Reads of the store while the page is open and nothing is written: the live updates' polling.
  queries = 0;
  await page.waitForTimeout(2000);
  const idleReads = queries;
  const latencies: number[] = [];
  const seenByPlaywright: number[] = [];
  for (let round = 0; round < updates; round++) {
    const state = round % 2 === 0 ? 'running' : 'done';
    const selector = `.graph .node[data-task="T1"][data-state="${state}"]`;
    // The page notes when it shows the state (set up before the write), in epoch milliseconds.
    await page.evaluate((wanted) => {
      const page = window as unknown as { shown?: Promise<number> };
      page.shown = new Promise<number>((resolve) => {
        const observer = new MutationObserver(() => {
          if (!document.querySelector(wanted)) return;
          observer.disconnect();
          resolve(performance.timeOrigin + performance.now());
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true });
      });
    }, selector);
    const started = performance.now();
    const startedAt = performance.timeOrigin + started;
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
    await page.locator(selector).waitFor();
    seenByPlaywright.push(performance.now() - started);
    const shownAt = await page.evaluate(() => (window as unknown as { shown: Promise<number> }).shown);
    latencies.push(shownAt - startedAt);
    await page.waitForTimeout(50);
  }

  const format = (value: number) => `${value.toFixed(0)} ms`;
  process.stdout.write(
    [
      `${planCount} plans, ${poolEntries.toLocaleString('en-US')} pool entries (SQLite)`,
      `board first load, median of ${loads}: ${format(median(boardLoads.map((each) => each.time)))} (target ≤ 500 ms; as playwright's polling sees it ${format(median(boardLoads.map((each) => each.seen)))}; the board's data alone ${format(median(boardAnswers))})`,
      `pool view first load, median of ${loads}: ${format(median(poolLoads.map((each) => each.time)))} (as playwright's polling sees it ${format(median(poolLoads.map((each) => each.seen)))})`,
      `store event → page updated, median of ${updates}: ${format(median(latencies))} (target ≤ 100 ms; as playwright's polling sees it ${format(median(seenByPlaywright))})`,
      `first load, nothing cached: board ${coldBoard}`,
      `                            pool  ${coldPool}`,
      `store queries in 2 s with a plan page open and no writes: ${idleReads}`,
      '',
    ].join('\n'),
  );
} finally {
  await browser.close();
  await server.close();
  await store.close();
  rmSync(scratch, { recursive: true, force: true });
}
