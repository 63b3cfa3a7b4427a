// Audit fixes in the hook handlers: the Stop hook posts each block once; a failing test run is
// never held back by a cooldown; a commit made without an instance leaves a log line.
import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { parseHookPayload } from '../../../src/claude-code/hook-payload.ts';
import { defaultConfig } from '../../../src/config/load-config.ts';
import { handlePostToolUse } from '../../../src/integrations/claude/handlers/post-tool-use.ts';
import { handleStop } from '../../../src/integrations/claude/handlers/stop.ts';
import { createHookContext } from '../../../src/integrations/claude/hook-context.ts';
import { queryPool } from '../../../src/store/pool-entries.ts';
import { runBaton } from '../../support/cli.ts';
import { readHookLog } from '../../support/hook-log.ts';
import { git, makeRepository, makeTemporaryDirectory } from '../../support/repository.ts';
import { storeTargets } from '../../support/stores.ts';

async function setup(t: TestContext) {
  const repository = makeRepository(t);
  const { store, environment } = await storeTargets[0]!.open(t, repository);
  const context = (env: Record<string, string>) => {
    const created = createHookContext({
      repositoryRoot: repository,
      config: defaultConfig(),
      env: { ...environment, ...env },
    });
    t.after(() => created.close());
    return created;
  };
  return { repository, store, context };
}

const block = '```pool\nACTION: completed\nTOPIC: sidebar\nSUMMARY: done\n```\n';

test('Stop posts the same last message once per session, and skips when stop_hook_active', async (t) => {
  const { repository, store, context } = await setup(t);
  const stop = (fields: Record<string, unknown>) =>
    handleStop(
      parseHookPayload(
        JSON.stringify({
          hook_event_name: 'Stop',
          cwd: repository,
          last_assistant_message: `Done.\n${block}`,
          ...fields,
        }),
      ),
      context({ BATON_INSTANCE: 'A' }),
    );
  await stop({ session_id: 's1' });
  await stop({ session_id: 's1' });
  await stop({ session_id: 's1', stop_hook_active: true });
  assert.equal((await queryPool(store)).length, 1, 'the repeated message was not posted again');
  await stop({ session_id: 's2' });
  assert.equal((await queryPool(store)).length, 2, 'another session posting the same block is its own entry');
});

test('a failing test run right after a passing one is posted; repeats of a pass are held back', async (t) => {
  const { repository, store, context } = await setup(t);
  const run = (failed: boolean) =>
    handlePostToolUse(
      parseHookPayload(
        JSON.stringify({
          hook_event_name: failed ? 'PostToolUseFailure' : 'PostToolUse',
          cwd: repository,
          tool_name: 'Bash',
          tool_input: { command: 'npm test' },
          ...(failed ? { error: 'Exit code 1\nfailed' } : { tool_response: { stdout: 'ok' } }),
        }),
      ),
      context({ BATON_INSTANCE: 'A' }),
    );
  await run(false);
  await run(false);
  await run(true);
  await run(true);
  await run(false);
  const summaries = (await queryPool(store)).reverse().map((entry) => entry.summary);
  assert.deepEqual(summaries, [
    '`npm test` passed (exit 0)',
    '`npm test` failed (exit 1)',
    '`npm test` failed (exit 1)',
    '`npm test` passed (exit 0)',
  ]);
});

test('a commit made without an instance is skipped with a line in hooks.log', (t) => {
  const repository = makeRepository(t);
  const home = makeTemporaryDirectory(t);
  git(repository, 'commit', '--allow-empty', '-q', '-m', 'anonymous');
  const result = runBaton(repository, ['hook', 'git-post-commit'], { env: { HOME: home } });
  assert.equal(result.status, 0, result.stderr);
  assert.match(readHookLog(repository), /git-post-commit\tcommit not posted to the pool: no instance/);
});
