// `baton ui`: the token is in the printed address only — not in the process's command line or
// environment, not in a file of the repository — and a request without it is refused; a request
// that changes anything also needs the page's CSRF token and this server as its Origin.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { test } from 'node:test';
import { makeRunRepository } from '../runner/support/run-repository.ts';
import { batonBin, childEnvironment } from '../support/cli.ts';

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const file = path.join(folder, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

async function startUi(t: import('node:test').TestContext, repository: string) {
  const child = spawn(process.execPath, [batonBin, 'ui'], { cwd: repository, env: childEnvironment() });
  t.after(() => child.kill('SIGTERM'));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const found = /baton ui: (http:\/\/127\.0\.0\.1:\d+\/[\w-]+\/)/.exec(output);
      if (found) resolve(found[1]!);
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('exit', (code) => reject(new Error(`baton ui exited (${code}): ${output}`)));
  });
  return { child, url };
}

test('baton ui refuses requests without its token, and changes without the CSRF token and its Origin', async (t) => {
  const run = makeRunRepository(t, 'guarded-page', [{ id: 'T1', files: ['one.txt'] }]);
  const { child, url } = await startUi(t, run.repository);
  const address = new URL(url);
  const token = address.pathname.split('/')[1]!;
  assert.ok(token.length >= 32, 'the token is long enough not to be guessed');

  // With the token: the page and its data.
  assert.equal((await fetch(url)).status, 200);
  const board = await fetch(`${url}api/board`);
  assert.equal(board.status, 200);
  assert.equal((await board.json()).plans[0].id, 'guarded-page');
  // Without it, or with another: refused, assets and data alike.
  for (const refused of [
    `${address.origin}/`,
    `${address.origin}/api/board`,
    `${address.origin}/assets/app.js`,
    `${address.origin}/${token.slice(0, -1)}x/api/board`,
    `${address.origin}/${token}x/api/board`,
  ]) {
    const response = await fetch(refused);
    assert.equal(response.status, 403, refused);
    assert.doesNotMatch(await response.text(), /guarded-page/);
  }
  // Another Host (a rebinding page's) is refused even with the token.
  const rebinding = await new Promise<number>((resolve, reject) =>
    request(`${url}api/board`, { headers: { host: `evil.example:${address.port}` } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    })
      .on('error', reject)
      .end(),
  );
  assert.equal(rebinding, 403);

  // A change: refused without the CSRF token, with a wrong one, or from another Origin.
  const page = await (await fetch(url)).text();
  const csrf = /name="baton-csrf" content="([^"]+)"/.exec(page)![1]!;
  const revise = (headers: Record<string, string>) =>
    fetch(`${url}api/plans/guarded-page/revise`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ reason: 'try' }),
    });
  assert.equal((await revise({ origin: address.origin })).status, 403);
  assert.equal((await revise({ origin: address.origin, 'x-baton-csrf': `${csrf}x` })).status, 403);
  assert.equal((await revise({ origin: 'http://evil.example', 'x-baton-csrf': csrf })).status, 403);
  assert.equal((await revise({ 'x-baton-csrf': csrf })).status, 403);
  assert.match(readdirSync(path.join(run.repository, '.baton/plans/active')).join(','), /guarded-page/);
  // The control: the page's own request is accepted.
  const accepted = await revise({ origin: address.origin, 'x-baton-csrf': csrf });
  assert.equal(accepted.status, 200, await accepted.clone().text());
  assert.match(readdirSync(path.join(run.repository, '.baton/plans/review')).join(','), /guarded-page/);

  // The token is nowhere an agent of the same user could read it.
  assert.doesNotMatch(readFileSync(`/proc/${child.pid}/cmdline`, 'utf8'), new RegExp(token));
  assert.doesNotMatch(readFileSync(`/proc/${child.pid}/environ`, 'utf8'), new RegExp(token));
  for (const file of filesUnder(path.join(run.repository, '.baton')))
    assert.doesNotMatch(readFileSync(file, 'latin1'), new RegExp(token), file);
});

test("baton ui is a person's command: an agent is refused", (t) => {
  const run = makeRunRepository(t, 'agent-page', [{ id: 'T1', files: ['one.txt'] }]);
  const result = spawnSync(process.execPath, [batonBin, 'ui'], {
    cwd: run.repository,
    env: childEnvironment({ BATON_AGENT: '1' }),
    encoding: 'utf8',
    timeout: 20_000,
  });
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /PERSON_ONLY|person's command/);
});
