// `baton hook <event>` as Claude Code runs it: a process reading JSON on stdin. Whatever goes
// wrong, it exits 0 with no decision and leaves a line in .baton/hooks.log.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import { createServer } from 'node:net';
import path from 'node:path';
import { describe, test } from 'node:test';
import { normalizeHookEvent } from '../../../src/claude-code/hook-payload.ts';
import { defaultConfig } from '../../../src/config/load-config.ts';
import { loadHookConfig } from '../../../src/integrations/claude/hook-config.ts';
import { resolveStoreUrl } from '../../../src/store/store.ts';
import { childEnvironment, runBaton, startBaton } from '../../support/cli.ts';
import { readHookLog } from '../../support/hook-log.ts';
import { git, makeRepository, makeTemporaryDirectory } from '../../support/repository.ts';

function preToolUse(repository: string, file: string): string {
  return JSON.stringify({
    session_id: 's',
    cwd: repository,
    hook_event_name: 'PreToolUse',
    tool_name: 'Write',
    tool_input: { file_path: path.join(repository, file), content: 'x' },
  });
}

describe('baton hook: failures never hang; PreToolUse fails closed, the other events let the agent go on', () => {
  test('an unreachable store: exit 0, the edit denied naming the cause, logged', (t) => {
    const repository = makeRepository(t);
    const home = makeTemporaryDirectory(t);
    const result = runBaton(repository, ['hook', 'pre-tool-use'], {
      input: preToolUse(repository, 'src/a.ts'),
      env: {
        HOME: home,
        BATON_INSTANCE: 'A',
        BATON_DATABASE_URL: 'postgres://baton:secret@127.0.0.1:1/nothing',
      },
    });
    assert.equal(result.status, 0);
    const answer = JSON.parse(result.stdout).hookSpecificOutput;
    assert.equal(answer.permissionDecision, 'deny');
    assert.match(answer.permissionDecisionReason, /(could not be checked|could not run).*baton doctor/s);
    assert.doesNotMatch(result.stdout, /secret/, 'the password must not reach the agent');
    const log = readHookLog(repository);
    assert.match(log, /\tpre-tool-use\t.*(connect|ECONNREFUSED|store)/i);
    assert.doesNotMatch(log, /secret/, 'the password must not reach the log');
  });

  test('stdin that is not JSON: exit 0; PreToolUse denies, PostToolUse answers nothing; both logged', (t) => {
    const repository = makeRepository(t);
    const result = runBaton(repository, ['hook', 'PreToolUse'], {
      input: '{"tool_name": ',
      env: { HOME: makeTemporaryDirectory(t) },
    });
    assert.equal(result.status, 0);
    assert.match(JSON.parse(result.stdout).hookSpecificOutput.permissionDecisionReason, /invalid hook input/);
    assert.match(readHookLog(repository), /\tPreToolUse\tinvalid hook input/);
    const after = runBaton(repository, ['hook', 'PostToolUse'], {
      input: '{"tool_name": ',
      env: { HOME: makeTemporaryDirectory(t) },
    });
    assert.equal(after.status, 0);
    assert.equal(after.stdout, '');
    assert.match(readHookLog(repository), /\tPostToolUse\tinvalid hook input/);
  });

  test('the internal time-out (hooks.timeout_ms) ends a hook waiting on a store that never answers', async (t) => {
    // A "Postgres" that accepts connections and never says a word.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => {
      sockets.push(socket);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    t.after(() => {
      silent.close();
    });
    const { port } = silent.address() as AddressInfo;
    const repository = makeRepository(t);
    mkdirSync(path.join(repository, '.baton'));
    writeFileSync(path.join(repository, '.baton', 'config.yaml'), 'hooks:\n  timeout_ms: 300\n');
    const result = await startBaton(repository, ['hook', 'session-start'], {
      input: JSON.stringify({ cwd: repository, hook_event_name: 'SessionStart', source: 'startup' }),
      env: {
        HOME: makeTemporaryDirectory(t),
        BATON_INSTANCE: 'A',
        BATON_DATABASE_URL: `postgres://baton@127.0.0.1:${port}/baton`,
      },
    });
    for (const socket of sockets) socket.destroy();
    assert.equal(result.status, 0);
    assert.equal(result.stdout, '');
    assert.match(readHookLog(repository), /\tsession-start\ttimed out after 300 ms; the agent continues/);
  });

  test('an unknown event and a directory outside any repository are harmless', (t) => {
    const repository = makeRepository(t);
    const unknown = runBaton(repository, ['hook', 'pre-compact'], {
      input: '{}',
      env: { HOME: makeTemporaryDirectory(t) },
    });
    assert.equal(unknown.status, 0);
    assert.match(readHookLog(repository), /unknown hook event "pre-compact"/);
    const elsewhere = makeTemporaryDirectory(t);
    const outside = runBaton(elsewhere, ['hook', 'pre-tool-use'], { input: preToolUse(elsewhere, 'a.ts') });
    assert.equal(outside.status, 0);
    assert.equal(outside.stdout, '');
  });

  test('an allowed edit through the process answers nothing and claims the file', (t) => {
    const repository = makeRepository(t);
    const home = makeTemporaryDirectory(t);
    const result = runBaton(repository, ['hook', 'pre-tool-use'], {
      input: preToolUse(repository, 'src/a.ts'),
      env: { HOME: home, BATON_INSTANCE: 'A' },
    });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, '');
    const claims = JSON.parse(runBaton(repository, ['claims', '--json'], { env: { HOME: home } }).stdout);
    assert.match(JSON.stringify(claims), /"instance":"A","pattern":"src\/a\.ts"/);
  });
});

describe('git post-commit', () => {
  test('the installed git hook posts each commit of the instance, with its files', (t) => {
    const repository = makeRepository(t);
    const home = makeTemporaryDirectory(t);
    const install = runBaton(repository, ['hooks', 'install', '--git-hook'], { env: { HOME: home } });
    assert.equal(install.status, 0, install.stderr);
    mkdirSync(path.join(repository, 'src'));
    writeFileSync(path.join(repository, 'src', 'a.ts'), 'export {};\n');
    git(repository, 'add', '.');
    // The commit as an agent's Bash would make it: with the instance in the environment.
    execFileSync('git', ['commit', '--quiet', '-m', 'Add the a module'], {
      cwd: repository,
      env: childEnvironment({ BATON_INSTANCE: 'A', HOME: home }),
      stdio: 'ignore',
    });
    const query = runBaton(repository, ['pool', 'query', '--action', 'committed', '--json'], {
      env: { HOME: home },
    });
    const { entries } = JSON.parse(query.stdout) as {
      entries: Array<{ instance: string; topic: string; affects: string[] }>;
    };
    assert.equal(entries.length, 1, readHookLog(repository));
    assert.equal(entries[0]!.instance, 'A');
    assert.match(entries[0]!.topic, /^commit [0-9a-f]{10}: Add the a module$/);
    assert.ok(entries[0]!.affects.includes('src/a.ts'));
  });
});

describe('hook configuration', () => {
  test('a config file (or its absence) is validated once, then read from the per-user cache until it changes', async (t) => {
    const repository = makeRepository(t);
    const cache = makeTemporaryDirectory(t);
    const previous = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = cache;
    t.after(() => {
      if (previous === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = previous;
    });
    assert.deepEqual(await loadHookConfig(repository), defaultConfig());
    assert.deepEqual(await loadHookConfig(repository), defaultConfig());
    mkdirSync(path.join(repository, '.baton'));
    const file = path.join(repository, '.baton', 'config.yaml');
    writeFileSync(file, 'claims:\n  ttl: 10m\n');
    assert.equal((await loadHookConfig(repository)).claims.ttl, 600_000);
    assert.equal((await loadHookConfig(repository)).claims.ttl, 600_000);
    writeFileSync(file, 'claims:\n  ttl: 45m\n');
    assert.equal((await loadHookConfig(repository)).claims.ttl, 2_700_000);
    writeFileSync(file, 'claims:\n  tll: 45m\n');
    await assert.rejects(loadHookConfig(repository), { code: 'CONFIG_INVALID' });
  });

  test("the store URL: the hook's BATON_DATABASE_URL, else store.url, else .baton/baton.db; a file made absolute", () => {
    const hookEnv = { BATON_DATABASE_URL: 'postgres://u@h/db' };
    assert.equal(resolveStoreUrl('/repo', 'data/x.db', hookEnv), 'postgres://u@h/db');
    assert.equal(resolveStoreUrl('/repo', 'data/x.db', {}), '/repo/data/x.db');
    assert.equal(resolveStoreUrl('/repo', '../shared.db', {}), '/shared.db');
    assert.equal(resolveStoreUrl('/repo', '/var/baton.db', {}), '/var/baton.db');
    assert.equal(resolveStoreUrl('/repo', 'postgres://u@h/db', {}), 'postgres://u@h/db');
    assert.equal(resolveStoreUrl('/repo', undefined, {}), '/repo/.baton/baton.db');
  });

  test("Claude Code's event names are accepted", () => {
    assert.equal(normalizeHookEvent('PreToolUse'), 'pre-tool-use');
    assert.equal(normalizeHookEvent('PostToolUseFailure'), 'post-tool-use');
    assert.equal(normalizeHookEvent('SessionStart'), 'session-start');
    assert.equal(normalizeHookEvent('Stop'), 'stop');
    assert.equal(normalizeHookEvent('stop'), 'stop');
    assert.equal(normalizeHookEvent('Notification'), undefined);
  });
});
