// Commands check their arguments before they touch anything: an unknown plan or task is refused
// before a backend is looked for and before the store (.baton/baton.db) is created.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { test } from 'node:test';
import { startBaton } from '../support/cli.ts';
import { cleanPlanText } from '../support/plans.ts';
import { makeRepository, makeTemporaryDirectory } from '../support/repository.ts';

/** An Ollama stand-in that counts the probes it gets. */
async function countingOllama(
  t: import('node:test').TestContext,
): Promise<{ host: string; probes: () => number }> {
  let probes = 0;
  const server = createServer((_request, response) => {
    probes++;
    response.end('{"models":[]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const address = server.address() as { port: number };
  return { host: `127.0.0.1:${address.port}`, probes: () => probes };
}

test('an unknown plan or task is refused before any backend is probed or the store is created', async (t) => {
  const repository = makeRepository(t);
  const home = makeTemporaryDirectory(t, 'baton-home-');
  const ollama = await countingOllama(t);
  const env = {
    HOME: home,
    // Nothing to detect but the Ollama stand-in: no claude on PATH, no keys.
    PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`,
    ANTHROPIC_API_KEY: undefined,
    OPENAI_API_KEY: undefined,
    OLLAMA_HOST: ollama.host,
  };
  const store = path.join(repository, '.baton', 'baton.db');
  const commands = [
    ['run', 'nope'],
    ['review', 'nope'],
    ['submit', 'nope', 'T1'],
    ['handoff', 'nope', 'T1'],
    ['show', 'nope'],
    ['status', 'nope'],
  ];
  for (const args of commands) {
    const result = await startBaton(repository, [...args, '--json'], { env });
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stdout}${result.stderr}`);
    assert.equal(JSON.parse(result.stdout).error.code, 'PLAN_NOT_FOUND', args.join(' '));
    assert.equal(existsSync(store), false, `${args.join(' ')} created the store`);
  }
  assert.equal(ollama.probes(), 0, 'no backend was probed');

  // An existing plan with an unknown task: refused the same way.
  const review = path.join(repository, '.baton', 'plans', 'review');
  mkdirSync(review, { recursive: true });
  writeFileSync(path.join(review, 'greeting.md'), cleanPlanText('greeting'));
  for (const args of [
    ['submit', 'greeting', 'T9'],
    ['review', 'greeting', '--task', 'T9'],
    ['handoff', 'greeting', 'T9'],
  ]) {
    const result = await startBaton(repository, [...args, '--json'], { env });
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stdout}${result.stderr}`);
    assert.equal(JSON.parse(result.stdout).error.code, 'TASK_NOT_FOUND', args.join(' '));
    assert.equal(existsSync(store), false, `${args.join(' ')} created the store`);
  }
  // A plan still in review cannot run: said before any backend is looked for.
  const wrongState = await startBaton(repository, ['run', 'greeting', '--json'], { env });
  assert.equal(JSON.parse(wrongState.stdout).error.code, 'PLAN_WRONG_STATE', wrongState.stdout);
  assert.equal(
    JSON.parse(wrongState.stdout).error.message,
    'cannot run plan "greeting": it is in review, only active plans run',
  );
  assert.equal(ollama.probes(), 0, 'no backend was probed');
  assert.equal(existsSync(store), false);

  // A backend flag that cannot be read: said before the store is created.
  for (const args of [
    ['run', 'greeting', '--executor', 'robot:x'],
    ['review', 'greeting', '--reviewer', 'robot:x'],
    ['submit', 'greeting', 'T1', '--reviewer', 'robot:x'],
  ]) {
    const result = await startBaton(repository, [...args, '--json'], { env });
    assert.equal(JSON.parse(result.stdout).error.code, 'USAGE', `${args.join(' ')}: ${result.stdout}`);
    assert.equal(existsSync(store), false, `${args.join(' ')} created the store`);
  }

  // Control: a known plan goes on to the backends (none is found here, and that is said).
  const known = await startBaton(repository, ['show', 'greeting', '--json'], { env });
  assert.equal(known.status, 0, known.stdout);
});
