// Screenshots of each view of `baton ui`, for the README: node scripts/screenshots.ts [--out docs]
// Builds a scratch repository (plans in review and active, one approved through the page itself,
// a run of the scripted executors from test/runner/support with one task blocked, pool posts and
// claims), serves the page and photographs it in Debian's headless chromium. Not a test.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchChromium } from '../bench/support/chromium.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { startPageServer } from '../src/integrations/ui/page-server.ts';
import { openStore } from '../src/store/store.ts';

const checkout = path.resolve(import.meta.dirname, '..');
const outIndex = process.argv.indexOf('--out');
const out = path.resolve(outIndex > 0 ? process.argv[outIndex + 1]! : path.join(checkout, 'docs'));
const support = path.join(checkout, 'test', 'runner', 'support');
const scratch = mkdtempSync(path.join(tmpdir(), 'baton-screenshots-'));
const repository = path.join(scratch, 'shop');
mkdirSync(repository);

const environment: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', BATON_FROM_SOURCE: '1' };
for (const name of [
  'BATON_INSTANCE',
  'CLAUDE_INSTANCE',
  'BATON_AGENT',
  'BATON_ROLE',
  'CLAUDECODE',
  'AI_AGENT',
])
  delete environment[name];
const git = (...args: string[]) => execFileSync('git', args, { cwd: repository, stdio: 'ignore' });
const baton = (args: string[], extra: Record<string, string> = {}) =>
  execFileSync(process.execPath, [path.join(checkout, 'bin', 'baton.js'), ...args], {
    cwd: repository,
    env: { ...environment, ...extra },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

function plan(
  id: string,
  title: string,
  tasks: Array<{ id: string; title: string; file: string; after?: string[] }>,
) {
  return `---
id: ${id}
title: ${title}
created: 2026-12-01
author: planner
risk: medium
base: main
---

# Plan: ${title}

## Summary

${title}, in small reviewed steps.

## Tasks

${tasks
  .map(
    (task) => `### ${task.id}: ${task.title}
- **Action**: create
- **Files**: \`${task.file}\`
- **Description**: ${task.title}.
- **Success Criteria**:
  - the file holds ${task.id} OK
- **Verify**:
  - \`grep -q "${task.id} OK" ${task.file}\`
- **Dependencies**: ${task.after?.join(', ') ?? 'none'}
`,
  )
  .join('\n')}
## Verification

- [ ] \`true\`
`;
}

git('init', '--quiet', '--initial-branch=main');
git('config', 'user.email', 'ada@example.com');
git('config', 'user.name', 'Ada');
git('commit', '--quiet', '--allow-empty', '-m', 'initial');
baton(['init']);
writeFileSync(
  path.join(repository, '.baton/config.yaml'),
  `sandbox: off\nrun:\n  worktrees_dir: ${JSON.stringify(path.join(scratch, 'worktrees'))}\n  heartbeat: 1s\nreview:\n  max_rounds: 1\nbudget:\n  plan_usd: 5\n`,
);
const plans = path.join(repository, '.baton/plans/review');
writeFileSync(
  path.join(plans, 'auth-jwt.md'),
  plan('auth-jwt', 'Sign-in with JSON Web Tokens', [
    { id: 'T1', title: 'Token signing helper', file: 'src/token.js' },
    { id: 'T2', title: 'Session middleware', file: 'src/session.js', after: ['T1'] },
    { id: 'T3', title: 'Login route', file: 'src/login.js', after: ['T1'] },
    { id: 'T4', title: 'Logout route', file: 'src/logout.js', after: ['T2', 'T3'] },
  ]),
);
writeFileSync(
  path.join(plans, 'search-index.md'),
  plan('search-index', 'Full-text search of products', [
    { id: 'T1', title: 'Index builder', file: 'src/index.js' },
    { id: 'T2', title: 'Search endpoint', file: 'src/search.js', after: ['T1'] },
  ]),
);
writeFileSync(
  path.join(plans, 'legacy-export.md'),
  plan('legacy-export', 'CSV export of old orders', [{ id: 'T1', title: 'Exporter', file: 'src/export.js' }]),
);
writeFileSync(
  path.join(scratch, 'scenario.json'),
  JSON.stringify({
    T1: {
      usage: { input_tokens: 18_000, output_tokens: 2_400, cost_usd: 0.21, model: 'anthropic:claude-sonnet' },
    },
    T2: {
      usage: { input_tokens: 25_000, output_tokens: 3_100, cost_usd: 0.34, model: 'anthropic:claude-sonnet' },
    },
    T3: {
      badFirstRound: true,
      usage: { input_tokens: 9_000, output_tokens: 900, cost_usd: 0.08, model: 'openai:gpt-5' },
    },
  }),
);
writeFileSync(path.join(scratch, 'executor.log'), '');

const store = await openStore({ url: path.join(repository, '.baton', 'baton.db') });
const server = await startPageServer({ repositoryRoot: repository, config: loadConfig(repository), store });
const browser = await launchChromium();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 });
  const origin = new URL(server.url).origin;
  await context.route('**/*', (route) =>
    new URL(route.request().url()).origin === origin ? route.continue() : route.abort('blockedbyclient'),
  );
  const page = await context.newPage();
  const shoot = async (name: string) => {
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(out, `ui-${name}.png`), fullPage: false });
    process.stdout.write(`docs/ui-${name}.png\n`);
  };

  // Approvals: a plan in review, its hash, approved through the page.
  await page.goto(`${server.url}#/plan/auth-jwt`);
  await page.locator('[data-current-hash]').waitFor();
  await shoot('approval');
  await page.getByRole('button', { name: 'Approve auth-jwt' }).click();
  await page.locator('[data-plan-state]', { hasText: 'active' }).waitFor();
  await page.goto(`${server.url}#/plan/legacy-export`);
  await page.getByLabel('Reason').fill('Nobody reads the old orders any more');
  await page.getByRole('button', { name: 'Reject' }).click();
  await page.locator('[data-plan-state]', { hasText: 'rejected' }).waitFor();

  // A run of the scripted executors: T3 is blocked after its one round.
  const scripted = (name: string) => `command:node ${path.join(support, name)}`;
  try {
    baton(
      ['run', 'auth-jwt', '--executor', scripted('executor.mjs'), '--reviewer', scripted('reviewer.mjs')],
      {
        TEST_SCENARIO: path.join(scratch, 'scenario.json'),
        TEST_LOG: path.join(scratch, 'executor.log'),
        TEST_REVIEW_SCORE: '93',
      },
    );
  } catch {
    // Blocked: exit 1, as intended.
  }
  baton([
    'pool',
    'post',
    '--action',
    'note',
    '--topic',
    'token expiry',
    '--summary',
    'Tokens last 15 minutes; refresh tokens are out of scope.',
    '--affects',
    'src/token.js',
    '--instance',
    'ada',
  ]);
  baton(['claim', 'src/search.js', 'src/index.js', '--instance', 'grace'], { BATON_INSTANCE: 'grace' });
  baton(['claim', 'docs/**', '--shared', '--instance', 'ada'], { BATON_INSTANCE: 'ada' });

  await page.goto(`${server.url}#/board`);
  await page.locator('.card[data-plan="auth-jwt"]').waitFor();
  await shoot('board');
  await page.goto(`${server.url}#/plan/auth-jwt`);
  await page.locator('tr[data-task="T3"][data-state="blocked"]').waitFor();
  await shoot('plan');
  await page.getByRole('button', { name: 'T3', exact: true }).click();
  await page.getByRole('button', { name: 'comment on src/login.js line 1' }).click();
  await page.getByLabel('Comment on line 1').fill('The verify command greps for OK: write OK here.');
  await page.getByRole('button', { name: 'Add comment' }).click();
  await page.locator('.diff').scrollIntoViewIfNeeded();
  await shoot('diff-comments');
  await page.goto(`${server.url}#/pool`);
  await page.locator('.claims tbody tr').first().waitFor();
  await shoot('pool');
  await page.goto(`${server.url}#/cost`);
  await page.locator('.chart canvas').first().waitFor();
  await shoot('cost');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${server.url}#/board`);
  await page.locator('.card[data-plan="auth-jwt"]').waitFor();
  await shoot('board-phone');
} finally {
  await browser.close();
  await server.close();
  await store.close();
  rmSync(scratch, { recursive: true, force: true });
}
