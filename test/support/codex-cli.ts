// Running the real Codex CLI (the npm dev dependency) against the local fake Responses server:
// a CODEX_HOME of its own whose config.toml names the fake server as the model provider.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import type { FakeResponsesServer } from './fake-openai-responses.ts';
import { makeTemporaryDirectory } from './repository.ts';

export const codexBinDirectory = path.resolve(import.meta.dirname, '..', '..', 'node_modules', '.bin');

/** Why the real-Codex tests cannot run here, or undefined when they can. */
export const codexUnavailable: string | undefined = existsSync(path.join(codexBinDirectory, 'codex'))
  ? undefined
  : `the Codex CLI is not installed (${codexBinDirectory}/codex): real Codex tests skipped`;

/** Environment for a process that runs `codex`: on PATH, configured for the fake server. */
export function codexEnvironment(t: TestContext, server: FakeResponsesServer): Record<string, string> {
  const home = makeTemporaryDirectory(t, 'baton-codex-home-');
  writeFileSync(
    path.join(home, 'config.toml'),
    [
      'model = "test-model"',
      'model_provider = "fake"',
      '[model_providers.fake]',
      'name = "fake"',
      `base_url = "${server.url}"`,
      'wire_api = "responses"',
      'env_key = "FAKE_OPENAI_KEY"',
      '',
    ].join('\n'),
  );
  return {
    CODEX_HOME: home,
    HOME: home,
    FAKE_OPENAI_KEY: 'test-key',
    PATH: `${codexBinDirectory}:${process.env.PATH}`,
  };
}
