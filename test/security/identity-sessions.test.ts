// Identity cannot be borrowed: a claim remembers the Claude Code session that took it, so a
// second session given the same instance id (a second window, a nested agent that inherited
// BATON_INSTANCE) is another holder — it may not edit, renew or release what the first holds.
// Controls: the session that took a claim keeps using it; a claim taken at a terminal (no
// session) belongs to the instance, whichever session edits.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, type TestContext, test } from 'node:test';
import { parseHookPayload } from '../../src/claude-code/hook-payload.ts';
import { defaultConfig } from '../../src/config/load-config.ts';
import { storeEditGate } from '../../src/integrations/claude/edit-gate.ts';
import { handlePreToolUse } from '../../src/integrations/claude/handlers/pre-tool-use.ts';
import { createHookContext } from '../../src/integrations/claude/hook-context.ts';
import { acquireClaims, listClaims } from '../../src/store/claim-leases.ts';
import { releaseClaims } from '../../src/store/claim-release.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { runBaton } from '../support/cli.ts';
import { makeRepository } from '../support/repository.ts';

interface Setup {
  repository: string;
  store: Store;
}

async function setUp(t: TestContext): Promise<Setup> {
  const repository = makeRepository(t);
  mkdirSync(path.join(repository, 'src'), { recursive: true });
  writeFileSync(path.join(repository, 'src', 'x.ts'), 'x\n');
  const store = await openStore({ url: path.join(repository, '.baton', 'baton.db') });
  t.after(() => store.close());
  return { repository, store };
}

/** A Write of src/x.ts by `instance` in Claude Code session `session`; true when denied. */
async function writeDenied(
  { repository, store }: Setup,
  instance: string,
  session: string | undefined,
  viaStore = false,
): Promise<{ denied: boolean; reason: string }> {
  const context = createHookContext({
    repositoryRoot: repository,
    config: defaultConfig(),
    env: { BATON_INSTANCE: instance },
  });
  if (viaStore) context.editGate = () => storeEditGate(store);
  try {
    const result = await handlePreToolUse(
      parseHookPayload(
        JSON.stringify({
          hook_event_name: 'PreToolUse',
          cwd: repository,
          ...(session ? { session_id: session } : {}),
          tool_name: 'Write',
          tool_input: { file_path: path.join(repository, 'src', 'x.ts'), content: 'y\n' },
        }),
      ),
      context,
    );
    if (result.stdout === undefined) return { denied: false, reason: '' };
    const output = JSON.parse(result.stdout).hookSpecificOutput;
    return { denied: output.permissionDecision === 'deny', reason: String(output.permissionDecisionReason) };
  } finally {
    await context.close();
  }
}

for (const viaStore of [false, true]) {
  describe(`claims remember their session (${viaStore ? 'the Kysely gate' : 'the SQLite fast path'})`, () => {
    test('denied: a second session of instance A edits the file A’s first session claimed', async (t) => {
      const setup = await setUp(t);
      assert.equal(
        (await writeDenied(setup, 'A', 'session-1', viaStore)).denied,
        false,
        'the first edit claims it',
      );
      const second = await writeDenied(setup, 'A', 'session-2', viaStore);
      assert.equal(second.denied, true, 'the second session of A took over the claim');
      assert.match(second.reason, /held by instance A/);
      const [claim] = await listClaims(setup.store);
      assert.equal(claim?.sessionId, 'session-1');
    });

    test('control: the session that claimed the file edits it again', async (t) => {
      const setup = await setUp(t);
      await writeDenied(setup, 'A', 'session-1', viaStore);
      assert.equal((await writeDenied(setup, 'A', 'session-1', viaStore)).denied, false);
    });

    test('control: a claim A took at a terminal (no session) is A’s in any session', async (t) => {
      const setup = await setUp(t);
      await acquireClaims(setup.store, {
        instance: 'A',
        patterns: ['src/x.ts'],
        ttlMs: 60_000,
        exclusive: true,
      });
      assert.equal((await writeDenied(setup, 'A', 'session-9', viaStore)).denied, false);
    });

    test('denied: another instance still cannot edit it, from any session', async (t) => {
      const setup = await setUp(t);
      await writeDenied(setup, 'A', 'session-1', viaStore);
      assert.equal((await writeDenied(setup, 'B', 'session-1', viaStore)).denied, true);
    });
  });
}

describe('releasing under a borrowed identity', () => {
  test("refused: a second session of A releases what A's first session claimed (store)", async (t) => {
    const setup = await setUp(t);
    await writeDenied(setup, 'A', 'session-1');
    const result = await releaseClaims(setup.store, { instance: 'A', all: true, sessionId: 'session-2' });
    assert.deepEqual(result.released, []);
    assert.equal((await listClaims(setup.store)).length, 1);
  });

  test("refused: baton release in another Claude Code session's Bash leaves the claim", async (t) => {
    const setup = await setUp(t);
    const claimed = runBaton(setup.repository, ['claim', 'src/x.ts'], {
      env: { BATON_INSTANCE: 'A', CLAUDE_CODE_SESSION_ID: 'session-1' },
    });
    assert.equal(claimed.status, 0, claimed.stderr);
    const released = runBaton(setup.repository, ['release', '--all', '--json'], {
      env: { BATON_INSTANCE: 'A', CLAUDE_CODE_SESSION_ID: 'session-2' },
    });
    assert.equal(released.status, 0, released.stderr);
    assert.deepEqual(JSON.parse(released.stdout).released, []);
    assert.equal((await listClaims(setup.store))[0]?.sessionId, 'session-1');
  });

  test('control: the claiming session releases its own claim', async (t) => {
    const setup = await setUp(t);
    const env = { BATON_INSTANCE: 'A', CLAUDE_CODE_SESSION_ID: 'session-1' };
    assert.equal(runBaton(setup.repository, ['claim', 'src/x.ts'], { env }).status, 0);
    const released = runBaton(setup.repository, ['release', 'src/x.ts', '--json'], { env });
    assert.equal(JSON.parse(released.stdout).released.length, 1, released.stderr);
  });

  test('control: a person at a terminal releases every claim of their instance', async (t) => {
    const setup = await setUp(t);
    await writeDenied(setup, 'A', 'session-1');
    const released = runBaton(setup.repository, ['release', '--all', '--json'], {
      env: { BATON_INSTANCE: 'A' },
    });
    assert.equal(JSON.parse(released.stdout).released.length, 1, released.stderr);
  });
});
