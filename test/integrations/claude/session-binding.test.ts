// A runner's instance (`run.<plan>.<task>`) is accepted only from the session baton started for
// it: every hook checks the payload's session_id against the binding the runner recorded. Each
// attempt to borrow the instance is next to its control, the bound session doing the same thing.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, type TestContext, test } from 'node:test';
import type { HookResult } from '../../../src/claude-code/hook-answers.ts';
import { type HookEvent, parseHookPayload } from '../../../src/claude-code/hook-payload.ts';
import { defaultConfig } from '../../../src/config/load-config.ts';
import { storeEditGate } from '../../../src/integrations/claude/edit-gate.ts';
import { createHookContext, type HookContext } from '../../../src/integrations/claude/hook-context.ts';
import { dispatchHook } from '../../../src/integrations/claude/hook-entry.ts';
import { acquireClaims, listClaims } from '../../../src/store/claim-leases.ts';
import { bindSession } from '../../../src/store/session-bindings.ts';
import { lastSessionStart } from '../../../src/store/sessions.ts';
import { openStore, type Store } from '../../../src/store/store.ts';
import { claudeUnavailable, describeRun, runClaude } from '../../support/claude-code.ts';
import { runBaton } from '../../support/cli.ts';
import { lastToolResults, startFakeAnthropic } from '../../support/fake-anthropic.ts';
import { makeRepository, makeTemporaryDirectory } from '../../support/repository.ts';
import { type StoreTarget, storeTargets } from '../../support/stores.ts';

const hour = 3_600_000;
const instance = 'run.p.T1';
const bound = '11111111-1111-4111-8111-111111111111';
const other = '22222222-2222-4222-8222-222222222222';
/** What the runner gives its executor session besides the instance. */
const executorEnv = { BATON_INSTANCE: instance, BATON_ROLE: 'executor', BATON_PLAN: 'p', BATON_TASK: 'T1' };

interface Harness {
  repository: string;
  store: Store;
  hook(
    event: HookEvent,
    fields: Record<string, unknown>,
    env: Record<string, string>,
  ): Promise<{ result: HookResult; context: HookContext }>;
}

async function harness(t: TestContext, target: StoreTarget, viaStore: boolean): Promise<Harness> {
  const repository = makeRepository(t);
  const { store, environment } = await target.open(t, repository);
  // As the runner does before a task starts: its declared files claimed for the task's instance,
  // and the session it starts bound to that instance.
  await acquireClaims(store, { instance, patterns: ['src/t1.js'], ttlMs: hour, exclusive: true });
  await bindSession(store, { instance, sessionId: bound, planId: 'p', taskId: 'T1', role: 'executor' });
  return {
    repository,
    store,
    async hook(event, fields, env) {
      const context = createHookContext({
        repositoryRoot: repository,
        config: defaultConfig(),
        env: { ...environment, ...env },
      });
      if (viaStore) context.editGate = () => storeEditGate(store);
      t.after(() => context.close());
      const payload = parseHookPayload(JSON.stringify({ cwd: repository, ...fields }));
      return { result: await dispatchHook(event, payload, context, repository), context };
    },
  };
}

const write = (repository: string, file: string, session: string | undefined) => ({
  hook_event_name: 'PreToolUse',
  ...(session ? { session_id: session } : {}),
  tool_name: 'Write',
  tool_input: { file_path: path.join(repository, file), content: 'x' },
});

function decision(result: HookResult): { decision?: string; reason?: string } {
  if (!result.stdout) return {};
  const output = JSON.parse(result.stdout) as {
    hookSpecificOutput?: { permissionDecision: string; permissionDecisionReason: string };
  };
  return {
    decision: output.hookSpecificOutput?.permissionDecision,
    reason: output.hookSpecificOutput?.permissionDecisionReason,
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
    task: row.plan_id ? `${row.plan_id}/${row.task_id}` : null,
    data: JSON.parse(row.data ?? '{}') as Record<string, unknown>,
  }));
}

for (const target of storeTargets) {
  for (const viaStore of target.name === 'sqlite' ? [false, true] : [false]) {
    const label = `${target.name}${viaStore ? ', Kysely gate' : ''}`;
    describe(`a runner's instance is bound to its session (${label})`, { skip: target.skip }, () => {
      test('the bound session edits its declared file; another session naming the instance is denied', async (t) => {
        const { repository, store, hook } = await harness(t, target, viaStore);
        // Control: the session baton started edits the task's file (its own claim, renewed).
        const allowed = await hook('pre-tool-use', write(repository, 'src/t1.js', bound), executorEnv);
        assert.deepEqual(decision(allowed.result), {});
        // The same edit from another session that set the same instance and role.
        const borrowed = await hook('pre-tool-use', write(repository, 'src/t1.js', other), executorEnv);
        assert.equal(decision(borrowed.result).decision, 'deny');
        assert.match(
          decision(borrowed.result).reason!,
          new RegExp(
            `instance run\\.p\\.T1 belongs to the session baton started for it; session ${other} may not act as it`,
          ),
        );
        // Nor without a session id at all.
        const anonymous = await hook('pre-tool-use', write(repository, 'src/t1.js', undefined), executorEnv);
        assert.equal(decision(anonymous.result).decision, 'deny');
        const denied = await eventsOf(store, 'instance-denied');
        assert.equal(denied.length, 2);
        assert.equal(denied[0]!.instance, null);
        assert.equal(denied[0]!.data.instance, instance);
        assert.equal(denied[0]!.data.session, other);
        assert.equal(denied[0]!.data.path, path.join(repository, 'src/t1.js'));
        // The task's claim is the runner's, untouched: no second holder, no new claim.
        const claims = await listClaims(store);
        assert.deepEqual(
          claims.map((claim) => [claim.instance, claim.pattern]),
          [[instance, 'src/t1.js']],
        );
      });

      test('another session is denied Bash too, even a read-only command', async (t) => {
        const { repository, hook } = await harness(t, target, viaStore);
        const bash = (session: string) => ({
          hook_event_name: 'PreToolUse',
          session_id: session,
          tool_name: 'Bash',
          tool_input: { command: 'ls' },
        });
        assert.deepEqual(decision((await hook('pre-tool-use', bash(bound), executorEnv)).result), {});
        assert.equal(
          decision((await hook('pre-tool-use', bash(other), executorEnv)).result).decision,
          'deny',
        );
        void repository;
      });

      test('the bound session is still held to its declared files and to claims of others', async (t) => {
        const { repository, store, hook } = await harness(t, target, viaStore);
        const env = { ...executorEnv, BATON_TASK_FILES: 'src/t1.js,src/shared.js' };
        const outside = await hook('pre-tool-use', write(repository, 'src/other.js', bound), env);
        assert.equal(decision(outside.result).decision, 'deny');
        assert.match(
          decision(outside.result).reason!,
          /src\/other\.js is not among this task's declared files/,
        );
        await acquireClaims(store, {
          instance: 'A',
          patterns: ['src/shared.js'],
          ttlMs: hour,
          exclusive: true,
        });
        const held = await hook('pre-tool-use', write(repository, 'src/shared.js', bound), env);
        assert.equal(decision(held.result).decision, 'deny');
        assert.match(decision(held.result).reason!, /src\/shared\.js is held by instance A/);
        // Control: its own declared, unheld file.
        assert.deepEqual(
          decision((await hook('pre-tool-use', write(repository, 'src/t1.js', bound), env)).result),
          {},
        );
        const denied = await eventsOf(store, 'edit-denied');
        assert.deepEqual(
          denied.map((event) => [event.instance, event.task, event.data.path]),
          [
            [instance, 'p/T1', 'src/other.js'],
            [instance, 'p/T1', 'src/shared.js'],
          ],
        );
      });

      test('an instance named run.… with no session bound to it is refused', async (t) => {
        const { repository, hook } = await harness(t, target, viaStore);
        const env = { BATON_INSTANCE: 'run.p.T2' };
        const result = decision(
          (await hook('pre-tool-use', write(repository, 'src/t2.js', other), env)).result,
        );
        assert.equal(result.decision, 'deny');
        assert.match(
          result.reason!,
          /instance run\.p\.T2 belongs to the sessions baton run starts, and none is running for it now/,
        );
        // Control: the same edit under an instance of one's own.
        assert.deepEqual(
          decision(
            (await hook('pre-tool-use', write(repository, 'src/t2.js', other), { BATON_INSTANCE: 'B' }))
              .result,
          ),
          {},
        );
      });

      test('other hooks act without the instance for another session, and as it for the bound one', async (t) => {
        const { store, hook } = await harness(t, target, viaStore);
        const start = (session: string) => ({
          hook_event_name: 'SessionStart',
          session_id: session,
          source: 'startup',
        });
        const refused = await hook('session-start', start(other), executorEnv);
        assert.equal(refused.context.instance, undefined);
        assert.equal(refused.context.instanceRefusal?.instance, instance);
        assert.equal(
          await lastSessionStart(store, instance),
          undefined,
          'a borrowed session start was recorded',
        );
        const accepted = await hook('session-start', start(bound), executorEnv);
        assert.equal(accepted.context.instance, instance);
        assert.equal(typeof (await lastSessionStart(store, instance)), 'number');
      });
    });
  }
}

describe("a runner's instance when its binding cannot be read", () => {
  test('fails closed: the edit is denied', async (t) => {
    const repository = makeRepository(t);
    const context = createHookContext({
      repositoryRoot: repository,
      config: defaultConfig(),
      env: { ...executorEnv, BATON_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
    });
    t.after(() => context.close());
    const payload = parseHookPayload(JSON.stringify(write(repository, 'src/t1.js', bound)));
    const result = decision(await dispatchHook('pre-tool-use', payload, context, repository));
    assert.equal(result.decision, 'deny');
    assert.match(
      result.reason!,
      /instance run\.p\.T1 could not be checked against the session baton started for it/,
    );
  });
});

describe("a runner's instance under the real Claude Code CLI", { skip: claudeUnavailable }, () => {
  test('a second session with BATON_INSTANCE=run.p.T1 and another session id is denied; the bound session writes', {
    timeout: 120_000,
  }, async (t) => {
    const repository = makeRepository(t);
    const home = makeTemporaryDirectory(t, 'baton-home-');
    assert.equal(runBaton(repository, ['init'], { env: { HOME: home } }).status, 0);
    assert.equal(
      runBaton(repository, ['hooks', 'install', '--scope', 'project'], { env: { HOME: home } }).status,
      0,
    );
    const store = await openStore({ url: path.join(repository, '.baton', 'baton.db') });
    t.after(() => store.close());
    await acquireClaims(store, { instance, patterns: ['src/t1.js'], ttlMs: hour, exclusive: true });
    await bindSession(store, { instance, sessionId: bound, planId: 'p', taskId: 'T1', role: 'executor' });
    mkdirSync(path.join(repository, 'src'));
    const file = path.join(repository, 'src', 't1.js');
    const session = async (sessionId: string, content: string) => {
      const server = await startFakeAnthropic({
        turns: [
          { content: [{ type: 'tool_use', name: 'Write', input: { file_path: file, content } }] },
          { content: [{ type: 'text', text: 'Done.' }] },
        ],
      });
      t.after(() => server.close());
      const run = await runClaude({
        cwd: repository,
        home,
        server,
        prompt: 'Write the file.',
        env: executorEnv,
        args: ['--session-id', sessionId],
      });
      assert.equal(run.status, 0, describeRun(run));
      const [result] = lastToolResults(server.conversationRequests()[1]!);
      return result!;
    };

    const borrowed = await session(other, 'borrowed\n');
    assert.ok(borrowed.isError, borrowed.text);
    assert.match(borrowed.text, /instance run\.p\.T1 belongs to the session baton started for it/);
    assert.equal(existsSync(file), false, 'the borrowing session wrote the file');

    // Control: the session baton started for the instance.
    const own = await session(bound, 'own\n');
    assert.equal(own.isError, false, own.text);
    assert.equal(readFileSync(file, 'utf8'), 'own\n');
  });
});
