// Which provider and URL a model spec means, and the key rules: from the environment only, a
// missing one named (never a value).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseModelSpec, resolveModel } from '../../../src/agents/backends/model-provider.ts';
import { BatonError } from '../../../src/errors.ts';

test('specs: vendor, model and, for openai-compatible, the server name', () => {
  assert.deepEqual(parseModelSpec('anthropic:claude-sonnet-4-5'), {
    vendor: 'anthropic',
    modelName: 'claude-sonnet-4-5',
    id: 'anthropic:claude-sonnet-4-5',
  });
  assert.deepEqual(parseModelSpec('openai-compatible:vllm:qwen3:8b'), {
    vendor: 'openai-compatible',
    providerName: 'vllm',
    modelName: 'qwen3:8b',
    id: 'openai-compatible:vllm:qwen3:8b',
  });
  assert.throws(() => parseModelSpec('mistral:large'), /not <vendor>:<model>/);
});

test('base URLs: config, then the vendor variable (a bare Anthropic host gets /v1), then the default', () => {
  const anthropic = { backend: 'model' as const, model: 'anthropic:claude-sonnet-4-5' };
  const key = { ANTHROPIC_API_KEY: 'sk-ant-0123456789abcdef' };
  assert.equal(resolveModel(anthropic, key).baseUrl, 'https://api.anthropic.com/v1');
  assert.equal(
    resolveModel(anthropic, { ...key, ANTHROPIC_BASE_URL: 'http://127.0.0.1:9/' }).baseUrl,
    'http://127.0.0.1:9/v1',
  );
  assert.equal(
    resolveModel(
      { ...anthropic, base_url: 'http://proxy.local/anthropic/v1' },
      { ...key, ANTHROPIC_BASE_URL: 'http://x' },
    ).baseUrl,
    'http://proxy.local/anthropic/v1',
  );
  const ollama = resolveModel({ backend: 'model', model: 'ollama:qwen3' }, { OLLAMA_HOST: '10.0.0.2:11434' });
  assert.equal(ollama.baseUrl, 'http://10.0.0.2:11434/v1');
  assert.equal(ollama.apiKeyVariable, undefined);
  assert.throws(
    () => resolveModel({ backend: 'model', model: 'openai-compatible:vllm:qwen3' }, {}),
    (error: unknown) =>
      error instanceof BatonError && error.exitCode === 3 && /needs a base_url/.test(error.message),
  );
});

test('a missing key is exit 3 naming the variable (api_key_env included), never a value', () => {
  for (const [model, variable] of [
    ['anthropic:claude-sonnet-4-5', 'ANTHROPIC_API_KEY'],
    ['openai:gpt-5', 'OPENAI_API_KEY'],
    ['google:gemini-2.5-pro', 'GOOGLE_GENERATIVE_AI_API_KEY'],
  ] as const) {
    assert.throws(
      () => resolveModel({ backend: 'model', model }, { OTHER_API_KEY: 'sk-other-0123456789abcdefghij' }),
      (error: unknown) =>
        error instanceof BatonError &&
        error.code === 'BACKEND_UNAVAILABLE' &&
        error.exitCode === 3 &&
        error.message.includes(variable) &&
        !JSON.stringify(error).includes('sk-other'),
    );
  }
  const custom = { backend: 'model' as const, model: 'openai:gpt-5', api_key_env: 'WORK_OPENAI_KEY' };
  assert.throws(
    () => resolveModel(custom, { OPENAI_API_KEY: 'sk-0123456789abcdefghijkl' }),
    /WORK_OPENAI_KEY is not set/,
  );
  assert.equal(
    resolveModel(custom, { WORK_OPENAI_KEY: 'sk-0123456789abcdefghijkl' }).apiKeyVariable,
    'WORK_OPENAI_KEY',
  );
});
