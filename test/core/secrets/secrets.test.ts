import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scrubSecrets, scrubValue } from '../../../src/core/secrets/secrets.ts';

const environment = {
  ANTHROPIC_API_KEY: 'sk-ant-api03-abcdefghijklmnopqrstuvwx',
  MY_SERVICE_TOKEN: 'tok_1234567890',
  DATABASE_URL: 'postgres://user:hunter22@db/app',
  SHORT_TOKEN: 'abc',
  HOME: '/home/someone',
};

test('values of secret-looking variables are removed, ordinary ones kept', () => {
  const text = `key=${environment.ANTHROPIC_API_KEY} token ${environment.MY_SERVICE_TOKEN} db ${environment.DATABASE_URL} home ${environment.HOME} abc`;
  const scrubbed = scrubSecrets(text, environment);
  assert.doesNotMatch(scrubbed, /abcdefghijklmnop|tok_1234567890|hunter22/);
  assert.match(scrubbed, /\[redacted ANTHROPIC_API_KEY\]/);
  assert.match(scrubbed, /\[redacted MY_SERVICE_TOKEN\]/);
  assert.match(scrubbed, /\[redacted DATABASE_URL\]/);
  // Too short to be a key, and not secret by name.
  assert.match(scrubbed, /home \/home\/someone abc$/);
});

test('token-shaped strings are removed even when not in the environment', () => {
  const scrubbed = scrubSecrets('Authorization: sk-proj-ABCDEFGHIJKLMNOPQRSTUVWXYZ012345 failed', {});
  assert.equal(scrubbed, 'Authorization: [redacted token] failed');
});

test('scrubValue reaches strings nested in objects and arrays', () => {
  const value = scrubValue(
    { a: [`x ${environment.MY_SERVICE_TOKEN}`], b: { c: 3, d: environment.MY_SERVICE_TOKEN } },
    environment,
  );
  assert.deepEqual(value, {
    a: ['x [redacted MY_SERVICE_TOKEN]'],
    b: { c: 3, d: '[redacted MY_SERVICE_TOKEN]' },
  });
});

test('names ending in _KEY, _SECRET, PASSWORD, TOKEN, CREDENTIALS are secret; a declared variable is secret whatever its name', async () => {
  const { declareSecretVariable } = await import('../../../src/core/secrets/secrets.ts');
  const names = {
    LMSTUDIO_KEY: 'lm-studio-0123456789',
    SERVICE_SECRET: 'secret-0123456789',
    DB_PASSWORD: 'password-0123456789',
    GITLAB_TOKEN: 'token-0123456789ab',
    CLOUD_CREDENTIALS: 'credentials-0123456789',
    VLLM_ACCESS: 'vllm-access-0123456789',
  };
  const text = Object.values(names).join(' ');
  const before = scrubSecrets(text, names);
  for (const name of Object.keys(names).filter((name) => name !== 'VLLM_ACCESS'))
    assert.match(before, new RegExp(`\\[redacted ${name}\\]`));
  assert.match(before, /vllm-access-0123456789/, 'not secret by its name alone');
  declareSecretVariable('VLLM_ACCESS');
  assert.doesNotMatch(scrubSecrets(text, names), /vllm-access-0123456789/);
});
