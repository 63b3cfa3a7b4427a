// The human gate on baton's page (`baton ui`), tried as the CLI's is tried: an agent's process
// wants a plan approved through the page. It has no token, guesses one, or looks for it where an
// agent of the same user can look — the server's command line, environment, open files, memory,
// the repository, HOME and the temporary folder — and, worst case, holds the address itself (as
// if read from the person's browser history); it also empties its environment below an agent.
// A page of another site in the person's own browser posts without the CSRF token, or with
// another Origin or Host. Each attempt passes when the plan is still in review. Controls: the
// person approves in their browser, and with the address from their own process.
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { loadConfig } from '../../src/config/load-config.ts';
import { sha256 } from '../../src/core/lifecycle/approval.ts';
import { startPageServer } from '../../src/integrations/ui/page-server.ts';
import { openStore } from '../../src/store/store.ts';
import { bubblewrapCommandLine } from '../../src/workspace/sandbox/bubblewrap.ts';
import { chromiumPath, launchBrowser, openPage } from '../integrations/ui/support/browser.ts';
import { batonBin, childEnvironment, runBaton } from '../support/cli.ts';
import { cleanPlanText } from '../support/plans.ts';
import { makeRepository, makeTemporaryDirectory } from '../support/repository.ts';

const run = promisify(execFile);
const bubblewrap = spawnSync('sh', ['-c', 'command -v bwrap']).status === 0;
const agentScript = path.join(import.meta.dirname, 'page-agent.mjs');
const agentEnvironment = () => ({
  BATON_AGENT: '1',
  BATON_ROLE: 'executor',
  BATON_INSTANCE: 'run.p.T1',
  HOME: home,
  TMPDIR: temporary,
});
const plans = ['waiting', 'detached', 'confined', 'launched', 'control-browser', 'control-process'];

let repository = '';
let server: ChildProcess;
let url = '';
let port = 0;

// The person's and the agent's HOME and temporary folder: their own, so that the agent's search
// covers all of them (and nothing of the machine's).
let home = '';
let temporary = '';

before(async () => {
  home = makeTemporaryDirectory(undefined, 'baton-page-home-');
  temporary = makeTemporaryDirectory(undefined, 'baton-page-tmp-');
  repository = makeRepository(undefined);
  assert.equal(runBaton(repository, ['init']).status, 0);
  for (const id of plans)
    writeFileSync(path.join(repository, '.baton/plans/review', `${id}.md`), cleanPlanText(id));
  // The person starts the page at their terminal; the address is on their screen only.
  server = spawn(process.execPath, [batonBin, 'ui'], {
    cwd: repository,
    env: childEnvironment({ HOME: home, TMPDIR: temporary }),
  });
  let output = '';
  url = await new Promise<string>((resolve, reject) => {
    server.stdout?.on('data', (chunk) => {
      output += chunk;
      const found = /baton ui: (http:\/\/127\.0\.0\.1:\d+\/[\w-]+\/)/.exec(output);
      if (found) resolve(found[1]!);
    });
    server.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    server.on('exit', (code) => reject(new Error(`baton ui exited (${code}): ${output}`)));
  });
  port = Number(new URL(url).port);
});

after(() => {
  server.stdout?.destroy();
  server.stderr?.destroy();
  server.kill('SIGKILL');
  for (const folder of [repository, home, temporary]) rmSync(folder, { recursive: true, force: true });
});

const planFile = (id: string, state = 'review') => path.join(repository, '.baton/plans', state, `${id}.md`);

interface AgentReport {
  candidates: number;
  note: string;
  tries: Array<{ page: boolean; status: number; answer: string }>;
}

/** The agent's process, in an agent's environment (or `env -i` below one), gathering from `source`. */
function agent(source: string, extra: string[] = [], options: { emptied?: boolean } = {}): AgentReport {
  const words = [agentScript, source, String(port), String(server.pid), planFile('waiting'), ...extra];
  const result = options.emptied
    ? spawnSync('sh', ['-c', `env -i "${process.execPath}" "$@"`, 'sh', ...words], {
        env: childEnvironment(agentEnvironment()),
        encoding: 'utf8',
      })
    : spawnSync(process.execPath, words, { env: childEnvironment(agentEnvironment()), encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as AgentReport;
}

function stillInReview(report: AgentReport, plan = 'waiting'): void {
  for (const attempt of report.tries) assert.notEqual(attempt.status, 200, attempt.answer);
  assert.ok(existsSync(planFile(plan)), 'the plan is still in review');
  assert.equal(existsSync(planFile(plan, 'active')), false, 'the plan was approved');
}

/** The agent had the token (it loaded the page) and was refused as an agent's process. */
function refusedAsAgent(report: AgentReport): void {
  const loaded = report.tries.filter((attempt) => attempt.page);
  assert.ok(loaded.length >= 1, `the agent found the token (${report.note})`);
  for (const attempt of loaded) assert.match(attempt.answer, /PERSON_ONLY.*agent's process/);
}

describe('an agent approving through the page', () => {
  test('without a token', () => {
    stillInReview(agent('none'));
  });

  test('with guessed tokens', () => {
    const report = agent('guess', [new URL(url).pathname.split('/')[1]!.replace(/.$/, 'x')]);
    assert.ok(report.tries.length >= 5);
    stillInReview(report);
  });

  test("with a token read from the server's command line", () => {
    stillInReview(agent('cmdline'));
  });

  test("with a token read from the server's environment", () => {
    stillInReview(agent('environ'));
  });

  test('with a token read from the files of the repository, HOME and the temporary folder', () => {
    stillInReview(agent('files', [repository, home, temporary]));
  });

  test("with a token read from the server's open files, pipes and sockets", () => {
    stillInReview(agent('fds'));
  });

  test("with the token read from the server's memory (/proc/<pid>/mem)", () => {
    const report = agent('memory');
    stillInReview(report);
    // Without a sandbox the memory of a process of the same user is readable: the token is found
    // there, and what stops the agent is that the request comes from an agent's process.
    if (report.tries.some((attempt) => attempt.page)) refusedAsAgent(report);
  });

  test("with the page's address itself (as if read from the person's browser history)", () => {
    const report = agent('stolen', [url]);
    stillInReview(report);
    refusedAsAgent(report);
  });

  test("with the page's address, its environment emptied (env -i) below an agent", () => {
    const report = agent('stolen', [url], { emptied: true });
    stillInReview(report);
    refusedAsAgent(report);
  });

  test("with the page's address, from a process that left the agent's ancestry (setsid -f, env -i)", {
    todo: "docs/security.md, limits: a detached process with an emptied environment is not seen as an agent's, as for the CLI's commands; the sandbox's pid namespace keeps it below the agent",
  }, async () => {
    const output = path.join(temporary, 'detached.json');
    const words = [agentScript, 'stolen', String(port), String(server.pid), planFile('detached'), url];
    spawnSync('sh', ['-c', `setsid -f env -i "${process.execPath}" "$@" > "${output}"`, 'sh', ...words], {
      env: childEnvironment(agentEnvironment()),
      // No pipes: the detached process would hold them open past this call.
      stdio: 'ignore',
      timeout: 20_000,
    });
    for (let waited = 0; waited < 100 && !existsSync(output); waited += 1)
      await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    stillInReview(JSON.parse(readFileSync(output, 'utf8') || '{"tries":[]}') as AgentReport, 'detached');
  });
});

/** The agent's command as baton confines a command executor's: bubblewrap, its own pid namespace. */
function confinedAgent(script: string): string {
  const workdir = makeTemporaryDirectory(undefined, 'baton-page-confined-');
  const command = bubblewrapCommandLine(
    // The agent's script lives in this checkout, which may itself be under /tmp (a CI clone).
    { executable: 'bwrap', workdir, readOnly: [], visibleUnderTmp: [repository, path.dirname(agentScript)] },
    script,
  );
  const result = spawnSync('sh', ['-c', command], {
    cwd: workdir,
    env: childEnvironment(agentEnvironment()),
    encoding: 'utf8',
    timeout: 60_000,
  });
  const output = existsSync(path.join(workdir, 'out.json'))
    ? readFileSync(path.join(workdir, 'out.json'), 'utf8')
    : '';
  rmSync(workdir, { recursive: true, force: true });
  return output || result.stdout;
}

describe('an agent confined as baton confines one (bubblewrap)', {
  skip: bubblewrap ? false : 'bubblewrap is not installed',
}, () => {
  const words = (source: string, plan: string, extra: string[] = []) =>
    [process.execPath, agentScript, source, String(port), String(server.pid), planFile(plan), ...extra]
      .map((word) => `'${word}'`)
      .join(' ');

  test("reading the server's memory: the server is not in its process namespace", () => {
    const report = JSON.parse(confinedAgent(words('memory', 'confined'))) as AgentReport;
    assert.match(report.note, /cannot open the memory/);
    stillInReview(report, 'confined');
  });

  test('with the stolen address, from a process it detached with an emptied environment', () => {
    // Inside the sandbox a detached process stays below it: bubblewrap's pid namespace, then the agent.
    const report = JSON.parse(
      confinedAgent(`setsid -f env -i ${words('stolen', 'confined', [url])} > out.json; sleep 5`),
    ) as AgentReport;
    stillInReview(report, 'confined');
    refusedAsAgent(report);
  });
});

describe("an agent redeeming the page's launch address (as if read from the browser's command line)", () => {
  test('the agent is refused, and the address still opens the page for the person', async (t) => {
    // `baton ui --open` hands the browser a one-visit address; here the person's own server.
    const person = await startPersonServer(t);
    const launch = person.launchUrl();
    // Not spawnSync: this process serves the page and must answer meanwhile.
    const result = await run(
      process.execPath,
      [
        '-e',
        `fetch(process.argv[1], { redirect: 'manual' }).then(async (r) => console.log(r.status, r.headers.get('location') ?? '', await r.text()))`,
        launch,
      ],
      { env: childEnvironment(agentEnvironment()), encoding: 'utf8' },
    );
    assert.match(result.stdout, /^403 {2}refused: sent by an agent's process/);
    const redeemed = await fetch(launch, { redirect: 'manual' });
    assert.equal(redeemed.status, 303);
    assert.equal(new URL(redeemed.headers.get('location')!, launch).href, person.url);
    assert.ok(existsSync(planFile('launched')));
  });
});

async function startPersonServer(t: import('node:test').TestContext) {
  const store = await openStore({ url: path.join(repository, '.baton', 'baton.db') });
  const started = await startPageServer({
    repositoryRoot: repository,
    config: loadConfig(repository),
    store,
  });
  t.after(async () => {
    await started.close();
    await store.close();
  });
  return started;
}

/** A request from this process (the person's), as a browser visiting another site would send it. */
function personRequest(headers: Record<string, string>, plan = 'waiting') {
  const address = `${url}api/plans/${plan}/approve`;
  return new Promise<number>((resolve, reject) =>
    request(
      address,
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    )
      .on('error', reject)
      .end(JSON.stringify({ sha256: sha256(readFileSync(planFile(plan), 'utf8')) })),
  );
}

async function csrfToken(): Promise<string> {
  return /name="baton-csrf" content="([^"]+)"/.exec(await (await fetch(url)).text())![1]!;
}

describe("another site's request from the person's own browser", () => {
  test('a form post: no CSRF header, the other site as Origin', async () => {
    assert.equal(await personRequest({ origin: 'http://evil.example' }), 403);
    stillInReview({ candidates: 0, note: '', tries: [] });
  });

  test('the CSRF token right but the Origin of another site', async () => {
    assert.equal(
      await personRequest({ origin: 'http://evil.example', 'x-baton-csrf': await csrfToken() }),
      403,
    );
    stillInReview({ candidates: 0, note: '', tries: [] });
  });

  test('the CSRF token right and no Origin', async () => {
    assert.equal(await personRequest({ 'x-baton-csrf': await csrfToken() }), 403);
    stillInReview({ candidates: 0, note: '', tries: [] });
  });

  test('DNS rebinding: another site whose name resolves to 127.0.0.1 (its own Host)', async () => {
    const origin = new URL(url).origin;
    const status = await personRequest({
      host: `evil.example:${port}`,
      origin: `http://evil.example:${port}`,
      'x-baton-csrf': await csrfToken(),
    });
    assert.equal(status, 403);
    assert.ok(origin);
    stillInReview({ candidates: 0, note: '', tries: [] });
  });

  test('in Chromium: a page of another origin posts a form and a fetch to the approve address', {
    skip: chromiumPath ? false : 'chromium is not installed',
  }, async (t) => {
    // The worst case: the other site even knows the page's address.
    const target = `${url}api/plans/waiting/approve`;
    const evil = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html');
      response.end(`<!doctype html><form id="f" method="post" action="${target}" enctype="text/plain">
<input name='{"sha256":"x","a":"' value='"}'></form>
<script>
fetch(${JSON.stringify(target)}, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{}' })
  .finally(() => document.getElementById('f').submit());
</script>`);
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    t.after(() => evil.close());
    const evilOrigin = `http://127.0.0.1:${(evil.address() as { port: number }).port}`;
    const browser = await launchBrowser(t);
    const context = await browser.newContext();
    const statuses: number[] = [];
    context.on('response', (response) => {
      if (response.url() === target) statuses.push(response.status());
    });
    const page = await context.newPage();
    await page.goto(`${evilOrigin}/`);
    await page.waitForURL(target, { timeout: 10_000 }).catch(() => undefined);
    await page.waitForTimeout(500);
    assert.ok(statuses.length >= 1, 'the browser sent the posts');
    for (const status of statuses) assert.equal(status, 403);
    stillInReview({ candidates: 0, note: '', tries: [] });
  });
});

describe('controls: the person approves', () => {
  test('control: the person approves in their browser (the page, channel page)', {
    skip: chromiumPath ? false : 'chromium is not installed',
  }, async (t) => {
    const browser = await launchBrowser(t);
    const { page, elsewhere } = await openPage(browser, new URL(url).origin);
    await page.goto(`${url}#/plan/control-browser`);
    await page.getByRole('button', { name: 'Approve control-browser' }).click();
    await page.locator('[data-plan-state]', { hasText: 'active' }).waitFor();
    assert.ok(existsSync(planFile('control-browser', 'active')));
    assert.deepEqual(elsewhere(), []);
  });

  test("control: the person's own process with the address approves", async () => {
    const status = await personRequest(
      { origin: new URL(url).origin, 'x-baton-csrf': await csrfToken() },
      'control-process',
    );
    assert.equal(status, 200);
    assert.ok(existsSync(planFile('control-process', 'active')));
  });
});
