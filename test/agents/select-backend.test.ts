import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBackendSpec } from '../../src/agents/backend-spec.ts';
import { createBackend } from '../../src/agents/backends/load-backend.ts';
import { type DetectionEnvironment, ollamaBaseUrl, selectBackend } from '../../src/agents/select-backend.ts';
import { BatonError } from '../../src/errors.ts';

function detection(options: {
  claude?: boolean;
  env?: Record<string, string>;
  ollama?: string[];
}): DetectionEnvironment & {
  probed: string[];
} {
  const probed: string[] = [];
  return {
    env: options.env ?? {},
    findExecutable: (name) => (options.claude && name === 'claude' ? '/opt/bin/claude' : undefined),
    probeOllama: async (url) => {
      probed.push(url);
      return options.ollama;
    },
    probed,
  };
}

const noConfig = { roles: undefined };

test('auto-detection order: claude on PATH, then ANTHROPIC_API_KEY, then OPENAI_API_KEY, then Ollama', async () => {
  const both = { ANTHROPIC_API_KEY: 'a-key-value', OPENAI_API_KEY: 'o-key-value' };
  const claude = await selectBackend({
    role: 'executor',
    config: noConfig,
    detection: detection({ claude: true, env: both }),
  });
  assert.equal(claude.kind, 'claude-code');
  assert.match(claude.reason, /found \/opt\/bin\/claude on PATH/);

  const anthropic = await selectBackend({
    role: 'executor',
    config: noConfig,
    detection: detection({ env: both }),
  });
  assert.deepEqual(
    [anthropic.kind, anthropic.settings],
    ['model', { backend: 'model', model: 'anthropic:claude-sonnet-4-5' }],
  );

  const openai = await selectBackend({
    role: 'reviewer',
    config: noConfig,
    detection: detection({ env: { OPENAI_API_KEY: 'o-key-value' } }),
  });
  assert.equal((openai.settings as { model: string }).model, 'openai:gpt-5');

  const probe = detection({ env: { OLLAMA_HOST: 'gpu-box:9999' }, ollama: ['qwen3:8b'] });
  const ollama = await selectBackend({ role: 'planner', config: noConfig, detection: probe });
  assert.deepEqual(probe.probed, ['http://gpu-box:9999']);
  assert.deepEqual(ollama.settings, {
    backend: 'model',
    model: 'ollama:qwen3:8b',
    base_url: 'http://gpu-box:9999',
  });
  assert.equal(ollamaBaseUrl({}), 'http://127.0.0.1:11434');
});

test('nothing found: exit 3, saying how to configure one and that manual needs nothing', async () => {
  await assert.rejects(
    selectBackend({ role: 'executor', config: noConfig, detection: detection({}) }),
    (error: unknown) =>
      error instanceof BatonError &&
      error.code === 'BACKEND_UNAVAILABLE' &&
      error.exitCode === 3 &&
      /roles: \{ executor:/.test(error.hint ?? '') &&
      /manual .* needs nothing/.test(error.hint ?? ''),
  );
  // Each role is told what manual means for it: a REVIEW file for a reviewer, nothing for a planner.
  await assert.rejects(
    selectBackend({ role: 'reviewer', config: noConfig, detection: detection({}) }),
    (error: unknown) =>
      error instanceof BatonError &&
      /--reviewer manual\) needs nothing: .*REVIEW file .*baton score/.test(error.hint ?? ''),
  );
  await assert.rejects(
    selectBackend({ role: 'planner', config: noConfig, detection: detection({}) }),
    (error: unknown) => error instanceof BatonError && !/manual/.test(error.hint ?? ''),
  );
});

test('the flag beats the config, the config beats detection', async () => {
  const config = {
    roles: { executor: { backend: 'command' as const, command: './build.sh', timeout: 300_000 } },
  };
  const configured = await selectBackend({
    role: 'executor',
    config,
    detection: detection({ claude: true }),
  });
  assert.equal(configured.source, 'config');
  assert.equal(configured.kind, 'command');
  const flagged = await selectBackend({
    role: 'executor',
    config,
    flag: 'command:./other.sh',
    detection: detection({}),
  });
  // Same backend: the configured timeout stays.
  assert.deepEqual(flagged.settings, { backend: 'command', command: './other.sh', timeout: 300_000 });
  const claude = await selectBackend({ role: 'executor', config, flag: 'claude-code:opus' });
  assert.deepEqual(claude.settings, { backend: 'claude-code', model: 'opus', args: [] });
});

test('backend specs: every form, and clear errors', () => {
  assert.deepEqual(parseBackendSpec('manual'), { backend: 'manual' });
  assert.deepEqual(parseBackendSpec('command:./build.sh --fast'), {
    backend: 'command',
    command: './build.sh --fast',
  });
  assert.deepEqual(parseBackendSpec('codex'), { backend: 'codex', args: [] });
  assert.deepEqual(parseBackendSpec('model:anthropic:claude-sonnet-4-5'), {
    backend: 'model',
    model: 'anthropic:claude-sonnet-4-5',
  });
  assert.deepEqual(parseBackendSpec('ollama:qwen3'), { backend: 'model', model: 'ollama:qwen3' });
  assert.deepEqual(parseBackendSpec('openai-compatible:vllm:llama-3'), {
    backend: 'model',
    model: 'openai-compatible:vllm:llama-3',
  });
  const usage = (spec: string, pattern: RegExp) =>
    assert.throws(
      () => parseBackendSpec(spec, '--executor'),
      (error: unknown) =>
        error instanceof BatonError && error.code === 'USAGE' && pattern.test(error.message),
    );
  usage('gpt', /--executor "gpt": unknown backend "gpt"/);
  usage('command:', /command needs the command to run/);
  usage('model:mistral:large', /model: a model such as/);
  usage('manual:x', /manual takes no options/);
});

test('the model backend without its key: a clear exit-3 error from the factory, naming the variable', async () => {
  const descriptor = await selectBackend({ role: 'executor', config: noConfig, flag: 'model:openai:gpt-5' });
  await assert.rejects(
    createBackend(descriptor, { repositoryRoot: '/tmp', env: {} }),
    (error: unknown) =>
      error instanceof BatonError &&
      error.code === 'BACKEND_UNAVAILABLE' &&
      error.exitCode === 3 &&
      /OPENAI_API_KEY is not set/.test(error.message),
  );
});
