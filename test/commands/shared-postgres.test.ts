// Unrelated repositories pointed at one Postgres database (one URL, one schema) keep their data
// apart: claims, the pool, plans' task runs. A clone of a repository is the same project and
// shares it. Runs the real `baton` CLI and the PreToolUse hook handler.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import { parseHookPayload } from '../../src/claude-code/hook-payload.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { handlePreToolUse } from '../../src/integrations/claude/handlers/pre-tool-use.ts';
import { createHookContext } from '../../src/integrations/claude/hook-context.ts';
import { runBaton } from '../support/cli.ts';
import { openLegacyStore, writeLegacyRows } from '../support/legacy-store.ts';
import { git, makeRepository, makeTemporaryDirectory } from '../support/repository.ts';

const postgresUrl = process.env.BATON_TEST_DATABASE_URL;
const skip = postgresUrl ? undefined : 'BATON_TEST_DATABASE_URL is not set: shared Postgres tests skipped';

/** One schema for every repository of the test, dropped afterwards. */
function sharedDatabase(t: TestContext): Record<string, string> {
  const schema = `baton_test_${randomBytes(6).toString('hex')}`;
  t.after(async () => {
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      await client.query(`drop schema if exists ${schema} cascade`);
    } finally {
      await client.end();
    }
  });
  return { BATON_DATABASE_URL: postgresUrl!, BATON_DATABASE_SCHEMA: schema };
}

/** A repository whose first commit is its own (makeRepository's can coincide within a second). */
export function unrelatedRepository(t: TestContext, name: string): string {
  const repository = makeRepository(t);
  git(repository, 'commit', '--quiet', '--amend', '--allow-empty', '-m', `first commit of ${name}`);
  return repository;
}

function baton(repository: string, database: Record<string, string>, instance: string, ...args: string[]) {
  return runBaton(repository, args, { env: { ...database, BATON_INSTANCE: instance } });
}

async function hookDecision(
  repository: string,
  database: Record<string, string>,
  instance: string,
  file: string,
) {
  const context = createHookContext({
    repositoryRoot: repository,
    config: loadConfig(repository),
    env: { ...database, BATON_INSTANCE: instance },
  });
  try {
    const result = await handlePreToolUse(
      parseHookPayload(
        JSON.stringify({
          hook_event_name: 'PreToolUse',
          cwd: repository,
          tool_name: 'Write',
          tool_input: { file_path: path.join(repository, file), content: 'x' },
        }),
      ),
      context,
    );
    if (!result.stdout) return { decision: 'allow' };
    const output = JSON.parse(result.stdout).hookSpecificOutput;
    return {
      decision: output.permissionDecision as string,
      reason: output.permissionDecisionReason as string,
    };
  } finally {
    await context.close();
  }
}

test('two unrelated repositories on one Postgres database: a claim in one never affects the other', {
  skip,
  timeout: 120_000,
}, async (t) => {
  const database = sharedDatabase(t);
  const first = unrelatedRepository(t, 'first');
  const second = unrelatedRepository(t, 'second');

  const held = baton(first, database, 'A', 'claim', 'src/app.ts', '--reason', 'first repository');
  assert.equal(held.status, 0, held.stderr);

  // The same path and even the same instance name in the other repository: nothing in the way.
  const other = baton(second, database, 'B', 'claim', 'src/app.ts', '--json');
  assert.equal(other.status, 0, other.stderr);
  const listed = JSON.parse(baton(second, database, 'B', 'claims', '--json').stdout).claims;
  assert.deepEqual(
    listed.map((claim: { instance: string }) => claim.instance),
    ['B'],
    "the first repository's claim is not listed in the second",
  );
  assert.equal((await hookDecision(second, database, 'C', 'src/other.ts')).decision, 'allow');
  const release = baton(second, database, 'B', 'release', '--all');
  assert.equal(release.status, 0, release.stderr);
  assert.equal(
    (await hookDecision(second, database, 'C', 'src/app.ts')).decision,
    'allow',
    "the hook in the second repository ignores the first's claim",
  );

  // Control: in the first repository the claim still holds, for the CLI and the hook alike.
  const denied = baton(first, database, 'C', 'claim', 'src/app.ts');
  assert.equal(denied.status, 1);
  assert.match(denied.stderr, /src\/app\.ts is held by instance A \(reason: first repository\)/);
  const hook = await hookDecision(first, database, 'C', 'src/app.ts');
  assert.equal(hook.decision, 'deny');
  assert.match(hook.reason ?? '', /held by instance A/);
});

test('a clone of a repository shares its claims and pool on the same database', {
  skip,
  timeout: 120_000,
}, async (t) => {
  const database = sharedDatabase(t);
  const original = unrelatedRepository(t, 'original');
  const clone = path.join(makeTemporaryDirectory(t, 'baton-clone-'), 'clone');
  git(path.dirname(clone), 'clone', '--quiet', original, clone);

  assert.equal(baton(original, database, 'A', 'claim', 'src/app.ts').status, 0);
  const denied = baton(clone, database, 'B', 'claim', 'src/app.ts');
  assert.equal(denied.status, 1, 'the clone is the same project: its claim is refused');
  assert.match(denied.stderr, /held by instance A/);
  assert.equal((await hookDecision(clone, database, 'B', 'src/app.ts')).decision, 'deny');

  const posted = baton(
    original,
    database,
    'A',
    'pool',
    'post',
    '--action',
    'note',
    '--topic',
    'shared',
    '--summary',
    's',
  );
  assert.equal(posted.status, 0, posted.stderr);
  const entries = JSON.parse(baton(clone, database, 'B', 'pool', 'query', '--json').stdout).entries;
  assert.deepEqual(
    entries.map((entry: { topic: string }) => entry.topic),
    ['shared'],
  );
});

test('pool query in one repository never shows entries of another on the same database', {
  skip,
  timeout: 120_000,
}, async (t) => {
  const database = sharedDatabase(t);
  const first = unrelatedRepository(t, 'first');
  const second = unrelatedRepository(t, 'second');
  const third = unrelatedRepository(t, 'third');
  const post = (repository: string, topic: string) => {
    const result = baton(
      repository,
      database,
      'A',
      'pool',
      'post',
      '--action',
      'note',
      '--topic',
      topic,
      '--summary',
      's',
    );
    assert.equal(result.status, 0, result.stderr);
  };
  post(first, 'from the first');
  post(second, 'from the second');
  const topics = (repository: string) =>
    JSON.parse(baton(repository, database, 'A', 'pool', 'query', '--json').stdout).entries.map(
      (entry: { topic: string }) => entry.topic,
    );
  assert.deepEqual(topics(first), ['from the first']);
  assert.deepEqual(topics(second), ['from the second']);
  assert.deepEqual(topics(third), []);
});

test('rows stored before project keys are adopted by the first repository that opens them, once', {
  skip,
  timeout: 120_000,
}, async (t) => {
  const database = sharedDatabase(t);
  const legacy = await openLegacyStore({
    url: database.BATON_DATABASE_URL!,
    schema: database.BATON_DATABASE_SCHEMA!,
  });
  await writeLegacyRows(legacy, Date.now());
  await legacy.destroy();
  const first = unrelatedRepository(t, 'first');
  const second = unrelatedRepository(t, 'second');

  const adopted = JSON.parse(baton(first, database, 'B', 'claims', '--json').stdout).claims;
  assert.deepEqual(
    adopted.map((claim: { pattern: string; instance: string }) => `${claim.instance} ${claim.pattern}`),
    ['A src/legacy.ts'],
  );
  const topics = (repository: string) =>
    JSON.parse(baton(repository, database, 'B', 'pool', 'query', '--json').stdout).entries.map(
      (entry: { topic: string }) => entry.topic,
    );
  assert.deepEqual(topics(first), ['from before keys']);

  // The second repository opens the store after the first adopted them: none of them is its.
  assert.deepEqual(JSON.parse(baton(second, database, 'B', 'claims', '--json').stdout).claims, []);
  assert.deepEqual(topics(second), []);
  assert.equal(baton(second, database, 'B', 'claim', 'src/legacy.ts').status, 0);
  // Control: in the first repository the adopted claim still holds.
  const denied = baton(first, database, 'B', 'claim', 'src/legacy.ts');
  assert.equal(denied.status, 1);
  assert.match(denied.stderr, /held by instance A \(reason: legacy claim\)/);
  assert.equal((await hookDecision(first, database, 'B', 'src/legacy.ts')).decision, 'deny');
});

test('store.project in the config: two repositories that set the same key share one project', {
  skip,
  timeout: 120_000,
}, async (t) => {
  const database = sharedDatabase(t);
  const first = unrelatedRepository(t, 'first');
  const second = unrelatedRepository(t, 'second');
  const third = unrelatedRepository(t, 'third');
  for (const repository of [first, second]) {
    mkdirSync(path.join(repository, '.baton'), { recursive: true });
    writeFileSync(path.join(repository, '.baton', 'config.yaml'), 'store:\n  project: team-app\n');
  }
  assert.equal(baton(first, database, 'A', 'claim', 'src/app.ts').status, 0);
  const denied = baton(second, database, 'B', 'claim', 'src/app.ts');
  assert.equal(denied.status, 1, 'the same configured project: the claim is shared');
  assert.equal((await hookDecision(second, database, 'B', 'src/app.ts')).decision, 'deny');
  // Control: a repository without the setting keeps to its own first commit's project.
  assert.equal(baton(third, database, 'C', 'claim', 'src/app.ts').status, 0);
  // BATON_PROJECT (what `baton run` hands its sessions) puts it in the configured project.
  const joined = { ...database, BATON_PROJECT: 'team-app' };
  assert.equal(baton(third, joined, 'C', 'claim', 'src/app.ts').status, 1);
  assert.equal((await hookDecision(third, joined, 'C', 'src/app.ts')).decision, 'deny');
});

test('a repository without commits on Postgres: a clear error, and the hook never guesses a key', {
  skip,
  timeout: 120_000,
}, async (t) => {
  const database = sharedDatabase(t);
  const empty = makeTemporaryDirectory(t, 'baton-empty-');
  git(empty, 'init', '--quiet');
  const refused = baton(empty, database, 'A', 'claim', 'src/app.ts');
  assert.equal(refused.status, 3, refused.stderr);
  assert.match(refused.stderr, /STORE_UNAVAILABLE: this repository has no commit yet/);
  assert.match(refused.stderr, /git commit --allow-empty|store\.project/);
  // The hook's claims check cannot run: like any store failure there, the edit is denied
  // (pre-tool-use.ts fails closed) with the reason, and nothing is written under a guessed key.
  const hook = await hookDecision(empty, database, 'A', 'src/app.ts');
  assert.equal(hook.decision, 'deny');
  assert.match(hook.reason ?? '', /could not be checked \(this repository has no commit yet/);

  // Once it has a commit, it works.
  git(
    empty,
    '-c',
    'user.email=t@example.com',
    '-c',
    'user.name=t',
    'commit',
    '--quiet',
    '--allow-empty',
    '-m',
    'first',
  );
  const claimed = baton(empty, database, 'A', 'claim', 'src/app.ts');
  assert.equal(claimed.status, 0, claimed.stderr);
});
