import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { configTemplate } from '../src/config/config-template.ts';
import { renderConfigJsonSchema } from '../src/config/json-schema.ts';
import { defaultConfig, validateConfig } from '../src/config/load-config.ts';
import { BatonError } from '../src/errors.ts';

test('the committed JSON Schema matches the zod schema (run npm run schema after changing it)', () => {
  const committed = readFileSync(
    path.resolve(import.meta.dirname, '..', 'schema', 'config.schema.json'),
    'utf8',
  );
  assert.equal(committed, renderConfigJsonSchema());
});

test('an unknown key is an error naming its path', () => {
  assert.throws(
    () => validateConfig({ plans: { states: { reviw: 'x' } } }, 'config.yaml'),
    (error: unknown) =>
      error instanceof BatonError &&
      error.code === 'CONFIG_INVALID' &&
      /plans\.states\.reviw: unknown key/.test(error.message),
  );
});

test('a bad value is an error naming its path and the expectation', () => {
  assert.throws(
    () => validateConfig({ pool: { cooldown: 'five minutes' } }, 'config.yaml'),
    (error: unknown) =>
      error instanceof BatonError && /pool\.cooldown: a positive duration/.test(error.message),
  );
  assert.throws(
    () => validateConfig({ claims: { auto_claim: 'yes' } }, 'config.yaml'),
    (error: unknown) => error instanceof BatonError && /claims\.auto_claim/.test(error.message),
  );
});

test('the template init writes is valid and means the defaults', () => {
  assert.deepEqual(validateConfig(parse(configTemplate()), 'template'), defaultConfig());
  const seedLayout = validateConfig(
    parse(
      configTemplate({
        plansDir: '.claude/plans',
        states: { review: 'Review', active: 'Active', completed: 'Completed' },
      }),
    ),
    'template',
  );
  assert.equal(seedLayout.plans.dir, '.claude/plans');
  assert.equal(seedLayout.plans.states.active, 'Active');
  assert.equal(seedLayout.plans.states.rejected, 'rejected');
});

test('every commented default in the template is the real default', () => {
  // Uncommenting every "#   key: value" line must give the defaults back.
  const uncommented = configTemplate()
    .split('\n')
    .map((line) => line.replace(/^# (?=\S)(?!baton|Every|Schema)/, '').replace(/^#(\s{2,})(?!#)/, '$1'))
    .filter((line) => !/^\s*#/.test(line))
    .join('\n');
  assert.deepEqual(validateConfig(parse(uncommented), 'uncommented'), {
    ...defaultConfig(),
    store: { url: '.baton/baton.db' },
  });
});

test('the cached config is the loaded config, and a bad config fails as loadConfig fails, every time', async (t) => {
  const { mkdirSync, mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { loadConfig } = await import('../src/config/load-config.ts');
  const { loadConfigCached } = await import('../src/config/cached-config.ts');
  const scratch = mkdtempSync(path.join(tmpdir(), 'baton-config-cache-'));
  const previous = process.env.XDG_CACHE_HOME;
  process.env.XDG_CACHE_HOME = path.join(scratch, 'cache');
  t.after(() => {
    if (previous === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = previous;
    rmSync(scratch, { recursive: true, force: true });
  });
  const repository = path.join(scratch, 'repository');
  mkdirSync(path.join(repository, '.baton'), { recursive: true });
  const file = path.join(repository, '.baton', 'config.yaml');
  writeFileSync(file, configTemplate());
  // Missed, then hit: both exactly what loadConfig gives (the cache is JSON: nothing is lost).
  assert.deepStrictEqual(await loadConfigCached(repository), loadConfig(repository));
  assert.deepStrictEqual(await loadConfigCached(repository), loadConfig(repository));
  writeFileSync(file, 'plans:\n  dir: [\n');
  for (let attempt = 0; attempt < 2; attempt++) {
    const expected = (() => {
      try {
        loadConfig(repository);
      } catch (error) {
        return error as BatonError;
      }
      throw new Error('expected loadConfig to fail');
    })();
    await assert.rejects(loadConfigCached(repository), (error: unknown) => {
      assert.ok(error instanceof BatonError);
      assert.equal(error.code, expected.code);
      assert.equal(error.message, expected.message);
      return true;
    });
  }
});

test('a validated config holds its durations in milliseconds, read by the one duration grammar', () => {
  const defaults = defaultConfig();
  assert.equal(defaults.claims.ttl, 30 * 60_000);
  assert.equal(defaults.pool.cooldown, 5 * 60_000);
  assert.equal(defaults.run.heartbeat, 5_000);
  assert.equal(defaults.run.verify_timeout, 10 * 60_000);
  const written = validateConfig(
    {
      claims: { ttl: '2h' },
      pool: { cooldown: '1w' },
      run: { heartbeat: '500ms', verify_timeout: ' 3 M ' },
      roles: { executor: { backend: 'command', command: './build.sh', timeout: '90s' } },
    },
    'config.yaml',
  );
  assert.equal(written.claims.ttl, 2 * 3_600_000);
  assert.equal(written.pool.cooldown, 7 * 86_400_000);
  assert.equal(written.run.heartbeat, 500);
  assert.equal(written.run.verify_timeout, 3 * 60_000);
  assert.deepEqual(written.roles?.executor, { backend: 'command', command: './build.sh', timeout: 90_000 });
  // Nonsense is refused with the key path, the same for every duration.
  for (const [document, key] of [
    [{ claims: { ttl: '0m' } }, 'claims.ttl'],
    [{ run: { heartbeat: '000s' } }, 'run.heartbeat'],
    [{ run: { verify_timeout: '99999999999999999999m' } }, 'run.verify_timeout'],
    [{ roles: { executor: { backend: 'command', command: 'x', timeout: '0s' } } }, 'roles.executor.timeout'],
  ] as const) {
    assert.throws(
      () => validateConfig(document, 'config.yaml'),
      (error: unknown) =>
        error instanceof BatonError &&
        error.code === 'CONFIG_INVALID' &&
        error.message.includes(`${key}: a positive duration`),
      key,
    );
  }
});

test('a cached config of an older shape (durations as text) is not reused', async (t) => {
  const { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } = await import(
    'node:fs'
  );
  const { tmpdir } = await import('node:os');
  const { loadConfigCached } = await import('../src/config/cached-config.ts');
  const scratch = mkdtempSync(path.join(tmpdir(), 'baton-config-shape-'));
  const previous = process.env.XDG_CACHE_HOME;
  process.env.XDG_CACHE_HOME = path.join(scratch, 'cache');
  t.after(() => {
    if (previous === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = previous;
    rmSync(scratch, { recursive: true, force: true });
  });
  const repository = path.join(scratch, 'repository');
  mkdirSync(path.join(repository, '.baton'), { recursive: true });
  writeFileSync(path.join(repository, '.baton', 'config.yaml'), 'claims:\n  ttl: 10m\n');
  assert.equal((await loadConfigCached(repository)).claims.ttl, 600_000);
  // The entry as an older baton wrote it: no shape, the lease as its text.
  const folder = path.join(scratch, 'cache', 'baton', 'config');
  const [name] = readdirSync(folder);
  const entry = JSON.parse(readFileSync(path.join(folder, name!), 'utf8'));
  delete entry.shape;
  entry.config.claims.ttl = '10m';
  writeFileSync(path.join(folder, name!), JSON.stringify(entry));
  assert.equal((await loadConfigCached(repository)).claims.ttl, 600_000);
});
