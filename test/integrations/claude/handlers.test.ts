// The hook handlers called directly with Claude Code payloads, against a real repository and store.
import assert from 'node:assert/strict';
import { linkSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, type TestContext, test } from 'node:test';
import type { HookResult } from '../../../src/claude-code/hook-answers.ts';
import { parseHookPayload } from '../../../src/claude-code/hook-payload.ts';
import type { Config } from '../../../src/config/config-schema.ts';
import { defaultConfig } from '../../../src/config/load-config.ts';
import { storeEditGate } from '../../../src/integrations/claude/edit-gate.ts';
import { handlePostToolUse } from '../../../src/integrations/claude/handlers/post-tool-use.ts';
import { handlePreToolUse } from '../../../src/integrations/claude/handlers/pre-tool-use.ts';
import { handleSessionStart } from '../../../src/integrations/claude/handlers/session-start.ts';
import { handleStop } from '../../../src/integrations/claude/handlers/stop.ts';
import { createHookContext, type HookContext } from '../../../src/integrations/claude/hook-context.ts';
import { acquireClaims, listClaims } from '../../../src/store/claim-leases.ts';
import { postPoolEntries, queryPool } from '../../../src/store/pool-entries.ts';
import type { Store } from '../../../src/store/store.ts';
import { makeRepository, makeTemporaryDirectory } from '../../support/repository.ts';
import { type StoreTarget, storeTargets } from '../../support/stores.ts';

interface Harness {
  repository: string;
  store: Store;
  context(env?: Record<string, string>, config?: Config): HookContext;
}

/**
 * A repository and a store; contexts use the store's engine. With `viaStore`, PreToolUse goes
 * through the Kysely gate (Postgres's path) even on SQLite, so both gates meet the same cases.
 */
async function harness(t: TestContext, target: StoreTarget, viaStore = false): Promise<Harness> {
  const repository = makeRepository(t);
  const { store, environment } = await target.open(t, repository);
  return {
    repository,
    store,
    context(env = {}, config = defaultConfig()) {
      const context = createHookContext({
        repositoryRoot: repository,
        config,
        env: { ...environment, ...env },
      });
      if (viaStore) context.editGate = () => storeEditGate(store);
      t.after(() => context.close());
      return context;
    },
  };
}

function payload(fields: Record<string, unknown>) {
  return parseHookPayload(JSON.stringify(fields));
}

function edit(repository: string, file: string, tool = 'Write') {
  const filePath = path.isAbsolute(file) ? file : path.join(repository, file);
  return payload({
    hook_event_name: 'PreToolUse',
    cwd: repository,
    tool_name: tool,
    tool_input: tool === 'NotebookEdit' ? { notebook_path: filePath } : { file_path: filePath, content: 'x' },
  });
}

function decision(result: HookResult): { decision?: string; reason?: string } {
  if (!result.stdout) return {};
  const output = JSON.parse(result.stdout) as {
    hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string };
  };
  return {
    decision: output.hookSpecificOutput.permissionDecision,
    reason: output.hookSpecificOutput.permissionDecisionReason,
  };
}

async function eventsOf(store: Store, kind: string) {
  const rows = await store.db
    .selectFrom('events')
    .selectAll()
    .where('kind', '=', kind)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    instance: row.instance,
    data: JSON.parse(row.data ?? '{}') as Record<string, unknown>,
  }));
}

const hour = 3_600_000;

for (const target of storeTargets) {
  for (const viaStore of target.name === 'sqlite' ? [false, true] : [false]) {
    const label = `${target.name}${viaStore ? ', Kysely gate' : ''}`;
    describe(`PreToolUse on edits (${label})`, { skip: target.skip }, () => {
      test("denies another instance's exclusive claim, naming holder, reason and lease end", async (t) => {
        const { repository, store, context } = await harness(t, target, viaStore);
        await acquireClaims(store, {
          instance: 'A',
          patterns: ['src/**'],
          ttlMs: hour,
          exclusive: true,
          reason: 'auth refactor',
        });
        const result = decision(
          await handlePreToolUse(edit(repository, 'src/a.ts'), context({ BATON_INSTANCE: 'B' })),
        );
        assert.equal(result.decision, 'deny');
        assert.match(
          result.reason!,
          /src\/a\.ts is held by instance A through src\/\*\* \(reason: auth refactor\) until \d\d:\d\d/,
        );
        const denied = await eventsOf(store, 'edit-denied');
        assert.equal(denied.length, 1);
        assert.equal(denied[0]!.instance, 'B');
        assert.equal(denied[0]!.data.tool, 'Write');
        assert.equal(denied[0]!.data.path, 'src/a.ts');
        assert.equal((denied[0]!.data.heldBy as { instance: string }).instance, 'A');
        // The holder itself edits freely.
        assert.deepEqual(
          decision(await handlePreToolUse(edit(repository, 'src/a.ts'), context({ BATON_INSTANCE: 'A' }))),
          {},
        );
      });

      test('claims a free file for the editing instance, then renews its lease', async (t) => {
        const { repository, store, context } = await harness(t, target, viaStore);
        assert.deepEqual(
          decision(
            await handlePreToolUse(edit(repository, 'src/b.ts', 'Edit'), context({ BATON_INSTANCE: 'B' })),
          ),
          {},
        );
        const [claim] = await listClaims(store);
        assert.equal(claim?.instance, 'B');
        assert.equal(claim?.pattern, 'src/b.ts');
        assert.equal(claim?.exclusive, true);
        assert.deepEqual(
          decision(
            await handlePreToolUse(
              edit(repository, 'src/b.ts', 'MultiEdit'),
              context({ BATON_INSTANCE: 'B' }),
            ),
          ),
          {},
        );
        const claims = await listClaims(store);
        assert.equal(claims.length, 1);
        assert.ok(claims[0]!.expiresAt >= claim!.expiresAt);
        // Now B holds it: A is kept out.
        assert.equal(
          decision(await handlePreToolUse(edit(repository, 'src/b.ts'), context({ BATON_INSTANCE: 'A' })))
            .decision,
          'deny',
        );
      });

      test('another instance holding a shared claim does not block; the new claim is shared too', async (t) => {
        const { repository, store, context } = await harness(t, target, viaStore);
        await acquireClaims(store, { instance: 'A', patterns: ['docs/'], ttlMs: hour, exclusive: false });
        assert.deepEqual(
          decision(
            await handlePreToolUse(edit(repository, 'docs/guide.md'), context({ BATON_INSTANCE: 'B' })),
          ),
          {},
        );
        const own = (await listClaims(store)).find((claim) => claim.instance === 'B');
        assert.equal(own?.exclusive, false);
      });

      test('without an instance nothing is claimed, but exclusive claims still hold', async (t) => {
        const { repository, store, context } = await harness(t, target, viaStore);
        assert.deepEqual(decision(await handlePreToolUse(edit(repository, 'src/free.ts'), context())), {});
        assert.deepEqual(await listClaims(store), []);
        await acquireClaims(store, {
          instance: 'A',
          patterns: ['src/held.ts'],
          ttlMs: hour,
          exclusive: true,
        });
        assert.equal(
          decision(await handlePreToolUse(edit(repository, 'src/held.ts'), context())).decision,
          'deny',
        );
        const [denied] = await eventsOf(store, 'edit-denied');
        assert.equal(denied?.instance, null);
      });

      test('with claims.auto_claim off no claim is taken', async (t) => {
        const { repository, store, context } = await harness(t, target, viaStore);
        const config = defaultConfig();
        config.claims.auto_claim = false;
        assert.deepEqual(
          decision(
            await handlePreToolUse(edit(repository, 'src/x.ts'), context({ BATON_INSTANCE: 'B' }, config)),
          ),
          {},
        );
        assert.deepEqual(await listClaims(store), []);
      });
    });
  }
}

describe('PreToolUse: paths and roles', () => {
  const sqlite = storeTargets[0]!;

  test('a path outside the repository is denied for everyone: absolute, ../, through a symlink, a hard link', async (t) => {
    const { repository, store, context } = await harness(t, sqlite);
    const outside = makeTemporaryDirectory(t, 'baton-outside-');
    symlinkSync(outside, path.join(repository, 'linked'));
    symlinkSync(path.join(outside, 'target.txt'), path.join(repository, 'dangling.txt'));
    // A hard link to a file outside: same file, another name inside.
    writeFileSync(path.join(outside, 'config.txt'), 'outside\n');
    linkSync(path.join(outside, 'config.txt'), path.join(repository, 'hard-linked.txt'));
    const cases = [
      path.join(outside, 'x.ts'),
      '../escape.ts',
      path.join(repository, 'linked', 'new.ts'),
      path.join(repository, 'dangling.txt'),
      path.join(repository, 'hard-linked.txt'),
    ];
    for (const file of cases) {
      const event = payload({
        hook_event_name: 'PreToolUse',
        cwd: repository,
        tool_name: 'Write',
        tool_input: { file_path: file },
      });
      for (const env of [{}, { BATON_INSTANCE: 'A' }] as Array<Record<string, string>>) {
        const result = decision(await handlePreToolUse(event, context(env)));
        assert.equal(result.decision, 'deny', `${file} with ${JSON.stringify(env)}`);
        assert.match(result.reason!, /outside the repository/);
        if (file.endsWith('hard-linked.txt')) assert.match(result.reason!, /1 other hard link/);
      }
    }
    assert.equal((await eventsOf(store, 'edit-denied')).length, cases.length * 2);
    assert.deepEqual(await listClaims(store), []);
  });

  test('the planner may write only its plan, in the review folder', async (t) => {
    const { repository, context } = await harness(t, sqlite);
    const planner = { BATON_ROLE: 'planner', BATON_INSTANCE: 'P' };
    const deny = async (file: string, env: Record<string, string> = planner, tool = 'Write') =>
      decision(await handlePreToolUse(edit(repository, file, tool), context(env))).decision;
    assert.equal(await deny('src/x.ts'), 'deny');
    assert.equal(await deny('notebook.ipynb', planner, 'NotebookEdit'), 'deny');
    assert.equal(await deny('.baton/plans/active/p.md'), 'deny');
    assert.equal(await deny('.baton/plans/review/nested/p.md'), 'deny');
    assert.equal(await deny('.baton/plans/review/p.txt'), 'deny');
    assert.equal(await deny('.baton/plans/review/p.md'), undefined);
    const named = { ...planner, BATON_PLAN: 'add-auth' };
    assert.equal(await deny('.baton/plans/review/add-auth.md', named), undefined);
    assert.equal(await deny('.baton/plans/review/other.md', named), 'deny');
  });

  test("the planner's Bash: read-only commands pass, others are denied and recorded", async (t) => {
    const { repository, store, context } = await harness(t, sqlite);
    const run = async (command: string, env: Record<string, string>) =>
      decision(
        await handlePreToolUse(
          payload({
            hook_event_name: 'PreToolUse',
            cwd: repository,
            tool_name: 'Bash',
            tool_input: { command },
          }),
          context(env),
        ),
      );
    const planner = { BATON_ROLE: 'planner', BATON_INSTANCE: 'P' };
    assert.deepEqual(await run('git log --oneline | head', planner), {});
    const denied = await run('cat > src/x.ts <<EOF\nx\nEOF', planner);
    assert.equal(denied.decision, 'deny');
    assert.match(denied.reason!, /read-only commands: output redirection > src\/x\.ts/);
    assert.deepEqual(await run('rm -rf src', { BATON_INSTANCE: 'B' }), {}, 'other roles are not restricted');
    const [event] = await eventsOf(store, 'command-denied');
    assert.equal(event?.instance, 'P');
    assert.equal(event?.data.tool, 'Bash');
    assert.equal(event?.data.command, 'cat > src/x.ts <<EOF\nx\nEOF');
  });

  test("the planner's git runs only where it finds the repository's own .git", async (t) => {
    const { repository, context } = await harness(t, sqlite);
    // A folder of the project laid out as a repository: git would obey its config.
    const foreign = path.join(repository, 'vendor', 'evil.git');
    for (const folder of ['objects', 'refs', 'src'])
      mkdirSync(path.join(foreign, folder), { recursive: true });
    writeFileSync(path.join(foreign, 'HEAD'), 'ref: refs/heads/main\n');
    mkdirSync(path.join(repository, 'src'), { recursive: true });
    const run = async (command: string, cwd: string) =>
      decision(
        await handlePreToolUse(
          payload({ hook_event_name: 'PreToolUse', cwd, tool_name: 'Bash', tool_input: { command } }),
          context({ BATON_ROLE: 'planner', BATON_INSTANCE: 'P' }),
        ),
      );
    assert.deepEqual(await run('git log --oneline', repository), {});
    assert.deepEqual(await run('git status --short', path.join(repository, 'src')), {}, 'a plain folder');
    assert.deepEqual(await run('cd src && ls', repository), {}, 'cd without git');
    for (const command of [
      'cd vendor/evil.git && git status --short',
      'git -C vendor/evil.git log',
      'ls; cd vendor/evil.git; git rev-parse --git-dir',
    ]) {
      const denied = await run(command, repository);
      assert.equal(denied.decision, 'deny', command);
      assert.match(denied.reason!, /runs git only where it starts/, command);
    }
    // The session's folder is the foreign one (a cd in an earlier command): git names it.
    for (const cwd of [foreign, path.join(foreign, 'src')]) {
      const denied = await run('git log', cwd);
      assert.equal(denied.decision, 'deny', cwd);
      assert.match(denied.reason!, /it could use .*vendor\/evil\.git/);
    }
    // What git's own test also takes for a repository: objects/ and refs/ as links to anything
    // it can enter, or a commondir file; and a nested .git (the project root comes from
    // CLAUDE_PROJECT_DIR, not from the nearest .git).
    const linked = path.join(repository, 'vendor', 'linked');
    mkdirSync(linked, { recursive: true });
    writeFileSync(path.join(linked, 'HEAD'), 'ref: refs/heads/main\n');
    symlinkSync('/bin/true', path.join(linked, 'objects'));
    symlinkSync('/bin/true', path.join(linked, 'refs'));
    const common = path.join(repository, 'vendor', 'common');
    mkdirSync(common, { recursive: true });
    writeFileSync(path.join(common, 'commondir'), '../evil.git\n');
    const nested = path.join(repository, 'vendor', 'nested');
    mkdirSync(nested, { recursive: true });
    writeFileSync(path.join(nested, '.git'), 'gitdir: ../evil.git\n');
    for (const cwd of [linked, common, nested]) {
      const denied = decision(
        await handlePreToolUse(
          payload({
            hook_event_name: 'PreToolUse',
            cwd,
            tool_name: 'Bash',
            tool_input: { command: 'git log' },
          }),
          context({ BATON_ROLE: 'planner', BATON_INSTANCE: 'P', CLAUDE_PROJECT_DIR: repository }),
        ),
      );
      assert.equal(denied.decision, 'deny', cwd);
    }
  });

  test("an executor edits only its task's declared files", async (t) => {
    const { repository, context } = await harness(t, sqlite);
    const executor = {
      BATON_ROLE: 'executor',
      BATON_INSTANCE: 'E',
      BATON_TASK_FILES: 'src/auth/**, test/auth.test.ts',
    };
    assert.deepEqual(
      decision(await handlePreToolUse(edit(repository, 'src/auth/login.ts'), context(executor))),
      {},
    );
    assert.deepEqual(
      decision(await handlePreToolUse(edit(repository, 'test/auth.test.ts'), context(executor))),
      {},
    );
    const denied = decision(await handlePreToolUse(edit(repository, 'src/db.ts'), context(executor)));
    assert.equal(denied.decision, 'deny');
    assert.match(denied.reason!, /not among this task's declared files/);
  });

  test('other tools pass without a decision', async (t) => {
    const { repository, context } = await harness(t, sqlite);
    const read = payload({
      hook_event_name: 'PreToolUse',
      cwd: repository,
      tool_name: 'Read',
      tool_input: { file_path: '/etc/passwd' },
    });
    assert.deepEqual(await handlePreToolUse(read, context({ BATON_ROLE: 'planner' })), {});
  });
});

describe('PostToolUse: automatic pool entries', () => {
  const sqlite = storeTargets[0]!;

  test('an edit to a critical file is posted once per cooldown; other files are not', async (t) => {
    const { repository, store, context } = await harness(t, sqlite);
    const config = defaultConfig();
    config.pool.critical = ['package.json', 'src/api/**'];
    const post = (file: string, env: Record<string, string>) =>
      handlePostToolUse(
        payload({
          hook_event_name: 'PostToolUse',
          cwd: repository,
          tool_name: 'Edit',
          tool_input: { file_path: path.join(repository, file) },
        }),
        context(env, config),
      );
    await post('src/api/users.ts', { BATON_INSTANCE: 'A' });
    await post('package.json', { BATON_INSTANCE: 'A' });
    await post('src/other.ts', { BATON_INSTANCE: 'B' });
    await post('package.json', {});
    const entries = await queryPool(store);
    assert.deepEqual(
      entries.map((entry) => [entry.instance, entry.action, entry.affects]),
      [['A', 'edited', ['src/api/users.ts']]],
    );
  });

  test('test and build runs are posted with their exit status, failures from PostToolUseFailure', async (t) => {
    const { repository, store, context } = await harness(t, sqlite);
    await handlePostToolUse(
      payload({
        hook_event_name: 'PostToolUseFailure',
        cwd: repository,
        tool_name: 'Bash',
        tool_input: { command: 'cd pkg && npm test -- --grep auth' },
        error: 'Exit code 1\n2 failing',
      }),
      context({ BATON_INSTANCE: 'A' }),
    );
    await handlePostToolUse(
      payload({
        hook_event_name: 'PostToolUse',
        cwd: repository,
        tool_name: 'Bash',
        tool_input: { command: 'npm run build' },
        tool_response: { stdout: '', stderr: '', interrupted: false },
      }),
      context({ BATON_INSTANCE: 'A' }),
    );
    await handlePostToolUse(
      payload({
        hook_event_name: 'PostToolUse',
        cwd: repository,
        tool_name: 'Bash',
        tool_input: { command: 'ls -la' },
      }),
      context({ BATON_INSTANCE: 'A' }),
    );
    const entries = (await queryPool(store)).reverse();
    assert.deepEqual(
      entries.map((entry) => [entry.action, entry.summary, entry.data.exitStatus]),
      [
        ['tested', '`cd pkg && npm test -- --grep auth` failed (exit 1)', 1],
        ['built', '`npm run build` passed (exit 0)', 0],
      ],
    );
  });
});

describe('Stop and SessionStart', () => {
  const sqlite = storeTargets[0]!;

  test('Stop posts valid blocks as the instance and reports malformed ones', async (t) => {
    const { repository, store, context } = await harness(t, sqlite);
    const message = [
      '```pool',
      'ACTION: researched',
      'TOPIC: Filters',
      'SUMMARY: Client-side filtering only',
      '```',
      '```pool',
      'ACTION: completed',
      'TOPIC: missing summary',
      '```',
    ].join('\n');
    const result = await handleStop(
      payload({
        hook_event_name: 'Stop',
        cwd: repository,
        last_assistant_message: message,
        stop_hook_active: false,
      }),
      context({ BATON_INSTANCE: 'B' }),
    );
    assert.match(
      JSON.parse(result.stdout!).systemMessage,
      /posted 1 pool entry; not posted: line 6: SUMMARY is missing/,
    );
    const entries = await queryPool(store);
    assert.deepEqual(
      entries.map((entry) => [entry.instance, entry.action, entry.topic]),
      [['B', 'researched', 'Filters']],
    );
  });

  for (const target of storeTargets) {
    test(`${target.name}: a block another Stop hook is posting at the same instant is not posted twice`, {
      skip: target.skip,
    }, async (t) => {
      const { repository, store, context } = await harness(t, target);
      const stop = () =>
        handleStop(
          payload({
            hook_event_name: 'Stop',
            session_id: 'session-1',
            cwd: repository,
            last_assistant_message: '```pool\nACTION: completed\nTOPIC: Once\nSUMMARY: posted once\n```',
            stop_hook_active: false,
          }),
          context({ BATON_INSTANCE: 'B' }),
        );
      await stop();
      // The moment two hooks race: the first one's entry is not in the pool yet, so the second
      // finds nothing there. Only the block's cooldown, taken atomically, stops it.
      await store.db.deleteFrom('event_paths').execute();
      await store.db.deleteFrom('events').execute();
      await stop();
      assert.deepEqual(await queryPool(store), []);
    });
  }

  test('Stop reads the transcript when the payload has no last message, and posts nothing without an instance', async (t) => {
    const { repository, store, context } = await harness(t, sqlite);
    const transcript = path.join(makeTemporaryDirectory(t), 'session.jsonl');
    const block = '```pool\nACTION: note\nTOPIC: From the transcript\nSUMMARY: read back\n```';
    writeFileSync(
      transcript,
      [
        { type: 'user', message: { role: 'user', content: 'go' } },
        {
          type: 'assistant',
          message: { id: 'm1', role: 'assistant', content: [{ type: 'text', text: 'old ```pool\n```' }] },
        },
        { type: 'user', message: { role: 'user', content: [{ type: 'tool_result', content: 'ok' }] } },
        {
          type: 'assistant',
          message: { id: 'm2', role: 'assistant', content: [{ type: 'text', text: `Done.\n${block}` }] },
        },
        { type: 'system', subtype: 'hook' },
      ]
        .map((line) => JSON.stringify(line))
        .join('\n'),
    );
    const stop = payload({ hook_event_name: 'Stop', cwd: repository, transcript_path: transcript });
    const anonymous = await handleStop(stop, context());
    assert.match(JSON.parse(anonymous.stdout!).systemMessage, /no instance id/);
    assert.deepEqual(await queryPool(store), []);
    await handleStop(stop, context({ BATON_INSTANCE: 'C' }));
    assert.deepEqual(
      (await queryPool(store)).map((entry) => [entry.instance, entry.topic]),
      [['C', 'From the transcript']],
    );
  });

  test("SessionStart: others' entries first, blocked always, claims and plans, under 8,000 characters", async (t) => {
    const { repository, store, context } = await harness(t, sqlite);
    mkdirSync(path.join(repository, '.baton', 'plans', 'active'), { recursive: true });
    const now = Date.now();
    await postPoolEntries(store, [
      {
        instance: 'C',
        action: 'blocked',
        topic: 'Old blocker',
        summary: 'still waiting',
        at: now - 3 * 24 * hour,
      },
      { instance: 'B', action: 'note', topic: 'My own note', summary: 'mine' },
      { instance: 'A', action: 'completed', topic: 'Sidebar', summary: 'done', affects: ['src/sidebar.ts'] },
    ]);
    await acquireClaims(store, {
      instance: 'A',
      patterns: ['src/sidebar.ts'],
      ttlMs: hour,
      exclusive: true,
      reason: 'polish',
    });
    await acquireClaims(store, { instance: 'B', patterns: ['src/footer.ts'], ttlMs: hour, exclusive: true });
    const start = payload({ hook_event_name: 'SessionStart', cwd: repository, source: 'startup' });
    const first = JSON.parse((await handleSessionStart(start, context({ BATON_INSTANCE: 'B' }))).stdout!);
    assert.equal(first.hookSpecificOutput.hookEventName, 'SessionStart');
    const text: string = first.hookSpecificOutput.additionalContext;
    assert.match(text, /## Blocked\n- .* C blocked: Old blocker — still waiting/);
    assert.match(text, /Yours:\n- src\/footer\.ts until/);
    assert.match(
      text,
      /Held by other instances \(do not edit\):\n- src\/sidebar\.ts held by A \(reason: polish\)/,
    );
    assert.match(text, /No active plans\./);
    assert.ok(text.indexOf('A completed: Sidebar') < text.indexOf('B note: My own note'), text);

    // The next session shows only what came since; a flood of entries is cut at 8,000 characters.
    await postPoolEntries(
      store,
      Array.from({ length: 300 }, (_, index) => ({
        instance: 'A',
        action: 'note' as const,
        topic: `Entry ${index}`,
        summary: 'x'.repeat(60),
      })),
    );
    const second = JSON.parse((await handleSessionStart(start, context({ BATON_INSTANCE: 'B' }))).stdout!);
    const cut: string = second.hookSpecificOutput.additionalContext;
    assert.ok(cut.length <= 8000, `${cut.length} characters`);
    assert.match(cut, /since your last session/);
    assert.match(cut, /… \d+ more left out \(see: baton pool query --since/);
    assert.doesNotMatch(cut, /Sidebar — done/);
  });
});
