// `baton mcp --http`: refused without a token baton made, and each token acts as its own
// instance (through the Inspector CLI over streamable HTTP). `mcp install | uninstall` merge
// into each client's config and take out only baton's entry; uninstall and token are a person's.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { batonBin, childEnvironment } from '../../support/cli.ts';
import { collectOutput } from '../../support/processes.ts';
import { makeTemporaryDirectory } from '../../support/repository.ts';
import { inspectorBin, makeMcpScratch } from './mcp-scratch.ts';

function startHttp(
  repository: string,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [batonBin, 'mcp', '--http', '--port', '0'], {
      cwd: repository,
      env: childEnvironment(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk) => {
      stderr += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr);
      if (match) resolve({ child, url: match[1]! });
    });
    child.on('close', (code) => reject(new Error(`baton mcp --http exited ${code}: ${stderr}`)));
  });
}

async function inspectHttp(
  url: string,
  token: string | undefined,
  args: string[],
): Promise<{ status: number; stdout: string }> {
  const child = spawn(
    inspectorBin,
    [
      '--cli',
      url,
      '--transport',
      'http',
      ...(token ? ['--header', `Authorization: Bearer ${token}`] : []),
      ...args,
    ],
    { env: childEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // Both streams in one: the assertions print whatever the Inspector said.
  const { status, stdout, stderr } = await collectOutput(child);
  return { status: status ?? -1, stdout: `${stdout}${stderr}` };
}

test('baton mcp --http: a token names the instance; no token, no access', async (t) => {
  const scratch = makeMcpScratch(t);
  const agentToken = scratch.baton(['mcp', 'token', '--instance', 'H'], { CLAUDECODE: '1' });
  assert.notEqual(agentToken.status, 0);
  assert.match(agentToken.stderr, /PERSON_ONLY/);
  const minted = scratch.baton(['mcp', 'token', '--instance', 'H', '--json']);
  assert.equal(minted.status, 0, minted.stderr);
  const { token } = JSON.parse(minted.stdout);
  const { child, url } = await startHttp(scratch.repository, scratch.env as Record<string, string>);
  t.after(() => child.kill());

  const refused = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  assert.equal(refused.status, 401);
  const forged = await fetch(url, {
    method: 'POST',
    headers: { authorization: 'Bearer baton_forged' },
    body: '{}',
  });
  assert.equal(forged.status, 401);
  const noToken = await inspectHttp(url, undefined, ['--method', 'tools/list']);
  assert.notEqual(noToken.status, 0, noToken.stdout);

  const list = await inspectHttp(url, token, ['--method', 'tools/list']);
  assert.equal(list.status, 0, list.stdout);
  assert.deepEqual(
    JSON.parse(list.stdout).tools.map((tool: { name: string }) => tool.name),
    ['plans', 'tasks', 'pool', 'claims', 'context'],
  );
  const posted = await inspectHttp(url, token, [
    '--method',
    'tools/call',
    '--tool-name',
    'pool',
    '--tool-arg',
    'action=post',
    'kind=note',
    'topic=http',
    'summary=over HTTP',
  ]);
  assert.equal(posted.status, 0, posted.stdout);
  const entries = JSON.parse(scratch.baton(['pool', 'query', '--json']).stdout).entries;
  assert.deepEqual(
    entries.map((entry: { instance: string; summary: string }) => `${entry.instance}: ${entry.summary}`),
    ['H: over HTTP'],
  );
});

test("mcp install merges into each client config; uninstall removes only baton, and is a person's", (t) => {
  const scratch = makeMcpScratch(t);
  const home = makeTemporaryDirectory(t, 'baton-mcp-home-');
  const env = { HOME: home };
  // Another server already configured stays as it was.
  const cursorFile = path.join(scratch.repository, '.cursor', 'mcp.json');
  const other = { mcpServers: { other: { command: 'other-server' } }, theme: 'dark' };
  scratch.baton(['mcp', 'install', '--client', 'cursor'], env);
  writeFileSync(
    cursorFile,
    JSON.stringify({
      ...other,
      mcpServers: { ...other.mcpServers, ...JSON.parse(readFileSync(cursorFile, 'utf8')).mcpServers },
    }),
  );
  for (const [client, scope, file] of [
    ['claude-code', 'project', path.join(scratch.repository, '.mcp.json')],
    ['claude-code', 'user', path.join(home, '.claude.json')],
    ['cursor', 'project', cursorFile],
    ['gemini', 'user', path.join(home, '.gemini', 'settings.json')],
  ] as const) {
    const result = scratch.baton(
      [
        'mcp',
        'install',
        '--client',
        client,
        '--scope',
        scope,
        '--instance',
        'I',
        '--role',
        'executor',
        '--json',
      ],
      env,
    );
    assert.equal(result.status, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).file, file);
    const entry = JSON.parse(readFileSync(file, 'utf8')).mcpServers.baton;
    assert.deepEqual(entry.args.slice(1), ['mcp', '--role', 'executor']);
    assert.deepEqual(entry.env, { BATON_INSTANCE: 'I' });
  }
  const codexFile = path.join(home, '.codex', 'config.toml');
  assert.equal(scratch.baton(['mcp', 'install', '--client', 'codex', '--scope', 'user'], env).status, 0);
  assert.match(readFileSync(codexFile, 'utf8'), /^\[mcp_servers\.baton\]$/m);

  // An agent cannot take baton out of a client's config.
  const agent = scratch.baton(['mcp', 'uninstall', '--client', 'cursor'], { ...env, CLAUDECODE: '1' });
  assert.notEqual(agent.status, 0);
  assert.match(agent.stderr, /PERSON_ONLY/);
  assert.ok(JSON.parse(readFileSync(cursorFile, 'utf8')).mcpServers.baton);
  assert.equal(scratch.baton(['mcp', 'uninstall', '--client', 'cursor'], env).status, 0);
  assert.deepEqual(JSON.parse(readFileSync(cursorFile, 'utf8')), other);
  // A config that was only baton's goes whole: no empty config.toml, no empty .codex/ left.
  assert.equal(scratch.baton(['mcp', 'uninstall', '--client', 'codex', '--scope', 'user'], env).status, 0);
  assert.equal(existsSync(path.join(home, '.codex')), false);
  assert.equal(scratch.baton(['mcp', 'uninstall', '--client', 'claude-code'], env).status, 0);
  assert.equal(existsSync(path.join(scratch.repository, '.mcp.json')), false);
  // With other settings beside it, only baton's table goes (and the section it emptied).
  mkdirSync(path.dirname(codexFile));
  writeFileSync(codexFile, 'model = "o3"\n');
  assert.equal(scratch.baton(['mcp', 'install', '--client', 'codex', '--scope', 'user'], env).status, 0);
  assert.equal(scratch.baton(['mcp', 'uninstall', '--client', 'codex', '--scope', 'user'], env).status, 0);
  assert.equal(readFileSync(codexFile, 'utf8'), 'model = "o3"\n');
  const geminiFile = path.join(home, '.gemini', 'settings.json');
  writeFileSync(
    geminiFile,
    JSON.stringify({ ...JSON.parse(readFileSync(geminiFile, 'utf8')), theme: 'dark' }),
  );
  assert.equal(scratch.baton(['mcp', 'uninstall', '--client', 'gemini', '--scope', 'user'], env).status, 0);
  assert.deepEqual(JSON.parse(readFileSync(geminiFile, 'utf8')), { theme: 'dark' });
  // Bad arguments: a clear error, nothing written.
  const bad = scratch.baton(['mcp', 'install', '--client', 'vim'], env);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /unknown client "vim"/);
});
