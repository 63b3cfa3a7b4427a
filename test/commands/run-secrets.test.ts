// A key named by a role's `api_key_env` is a secret whatever the variable is called: a 401 whose
// body echoes the key (as LM Studio and some proxies do) reaches neither the output nor the store.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openStore } from '../../src/store/store.ts';
import { makeRunRepository, reviewerSpec } from '../runner/support/run-repository.ts';
import { startBaton } from '../support/cli.ts';
import { startFakeOpenAI } from '../support/fake-openai.ts';

test('a 401 echoing the api_key_env key is redacted in the output and in the store', async (t) => {
  const key = 'lm-9f8e7d6c5b4a3210fedcba';
  // Every call fails: 401 with the key in the message.
  const failing = await startFakeOpenAI({
    turns: Array.from({ length: 10 }, () => ({
      fail: { status: 401, message: `Invalid key Bearer ${key}` },
    })),
  });
  t.after(() => failing.close());
  const run = makeRunRepository(t, 'keyed', [{ id: 'T1', files: ['one.txt'] }]);
  const config = path.join(run.repository, '.baton/config.yaml');
  writeFileSync(
    config,
    `${readFileSync(config, 'utf8')}review:\n  max_rounds: 1\nroles:\n  executor:\n    backend: model\n    model: openai-compatible:lmstudio:qwen3\n    base_url: ${failing.url}\n    api_key_env: LMSTUDIO_ACCESS\n`,
  );
  const result = await startBaton(run.repository, ['run', 'keyed', '--reviewer', reviewerSpec], {
    env: { ...run.env, LMSTUDIO_ACCESS: key },
  });
  assert.equal(result.status, 1, result.stderr + result.stdout);
  assert.ok(failing.requests.length > 0, 'the model was called');
  assert.match(result.stdout, /blocked T1/);
  assert.match(result.stdout, /\[redacted LMSTUDIO_ACCESS\]/);
  assert.doesNotMatch(result.stdout + result.stderr, new RegExp(key));

  const store = await openStore({ url: path.join(run.repository, '.baton', 'baton.db') });
  t.after(() => store.close());
  const rows = JSON.stringify([
    await store.db.selectFrom('events').selectAll().execute(),
    await store.db.selectFrom('task_runs').selectAll().execute(),
  ]);
  assert.match(rows, /Invalid key/);
  assert.doesNotMatch(rows, new RegExp(key), 'the key never reaches the store');
});
