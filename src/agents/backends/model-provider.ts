// Which AI SDK language model a role's `model` spec means, and where it is reached:
//
//   anthropic:<model>                   @ai-sdk/anthropic, key ANTHROPIC_API_KEY
//   openai:<model>                      @ai-sdk/openai (Chat Completions), key OPENAI_API_KEY
//   google:<model>                      @ai-sdk/google, key GOOGLE_GENERATIVE_AI_API_KEY
//   ollama:<model>                      OpenAI-compatible at OLLAMA_HOST (default 127.0.0.1:11434)/v1, no key
//   openai-compatible:<name>:<model>    OpenAI-compatible at base_url (required); a key only if api_key_env says so
//
// The base URL is, first found: the role's base_url, the vendor's environment variable
// (ANTHROPIC_BASE_URL, OPENAI_BASE_URL, GOOGLE_GENERATIVE_AI_BASE_URL), the vendor's default.
// Anthropic's variable is written without /v1 by Anthropic's own tools (Claude Code): a URL with
// no path gets /v1 added, so one ANTHROPIC_BASE_URL serves Claude Code and this backend. Keys
// come from the environment only; a missing key is an exit-3 error naming the variable — never
// a value. Nothing here reads process.env directly: the caller hands the environment in, and
// every setting is passed to the provider explicitly so the provider reads no variable itself.
import { createAnthropic } from '@ai-sdk/anthropic';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import type { RoleConfig } from '../../config/agents-schema.ts';
import { declareSecretVariable } from '../../core/secrets/secrets.ts';
import { BatonError } from '../../errors.ts';
import { ollamaBaseUrl } from '../select-backend.ts';

export type ModelConfig = Extract<RoleConfig, { backend: 'model' }>;
type Environment = Readonly<Record<string, string | undefined>>;

export type ModelVendor = 'anthropic' | 'openai' | 'google' | 'ollama' | 'openai-compatible';

export interface ModelSpec {
  vendor: ModelVendor;
  /** The vendor's model name, e.g. claude-sonnet-4-5. */
  modelName: string;
  /** openai-compatible only: the name given to the server. */
  providerName?: string;
  /** The spec as written (anthropic:claude-sonnet-4-5): what usage rows and prices use. */
  id: string;
}

export interface ResolvedModel {
  spec: ModelSpec;
  model: LanguageModel;
  baseUrl: string;
  /** The variable the key was read from, when one was needed. */
  apiKeyVariable?: string;
}

const defaultKeyVariables: Partial<Record<ModelVendor, string>> = {
  anthropic: 'ANTHROPIC_API_KEY',
  openai: 'OPENAI_API_KEY',
  google: 'GOOGLE_GENERATIVE_AI_API_KEY',
};

const baseUrlVariables: Partial<Record<ModelVendor, string>> = {
  anthropic: 'ANTHROPIC_BASE_URL',
  openai: 'OPENAI_BASE_URL',
  google: 'GOOGLE_GENERATIVE_AI_BASE_URL',
};

const defaultBaseUrls: Partial<Record<ModelVendor, string>> = {
  anthropic: 'https://api.anthropic.com/v1',
  openai: 'https://api.openai.com/v1',
  google: 'https://generativelanguage.googleapis.com/v1beta',
};

export function parseModelSpec(text: string): ModelSpec {
  const colon = text.indexOf(':');
  const vendor = text.slice(0, colon);
  const rest = text.slice(colon + 1);
  if (colon > 0 && vendor === 'openai-compatible') {
    const second = rest.indexOf(':');
    if (second > 0 && second < rest.length - 1)
      return {
        vendor,
        providerName: rest.slice(0, second),
        modelName: rest.slice(second + 1),
        id: text,
      };
  } else if (colon > 0 && rest !== '' && ['anthropic', 'openai', 'google', 'ollama'].includes(vendor)) {
    return { vendor: vendor as ModelVendor, modelName: rest, id: text };
  }
  throw new BatonError('CONFIG_INVALID', `model ${JSON.stringify(text)} is not <vendor>:<model>`, {
    hint: 'Write anthropic:<model>, openai:<model>, google:<model>, ollama:<model> or openai-compatible:<name>:<model>.',
  });
}

/** A URL with no path gets `/v1` (Anthropic's and Ollama's convention for the bare host). */
function withVersionPath(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  try {
    return new URL(trimmed).pathname.replace(/\/+$/, '') === '' ? `${trimmed}/v1` : trimmed;
  } catch {
    throw new BatonError('CONFIG_INVALID', `the base URL ${JSON.stringify(url)} is not a URL`);
  }
}

function baseUrlFor(spec: ModelSpec, config: ModelConfig, env: Environment): string {
  if (spec.vendor === 'ollama') return withVersionPath(config.base_url ?? ollamaBaseUrl(env));
  if (spec.vendor === 'openai-compatible') {
    if (!config.base_url) {
      throw new BatonError('BACKEND_UNAVAILABLE', `${spec.id} needs a base_url`, {
        exitCode: 3,
        hint: 'Set base_url in the role, e.g. roles.executor: { backend: model, model: openai-compatible:vllm:qwen3, base_url: http://127.0.0.1:8000/v1 }.',
      });
    }
    return config.base_url.replace(/\/+$/, '');
  }
  const variable = baseUrlVariables[spec.vendor];
  const fromEnvironment = variable ? env[variable]?.trim() : undefined;
  const chosen = config.base_url ?? (fromEnvironment || undefined);
  if (chosen === undefined) return defaultBaseUrls[spec.vendor]!;
  return spec.vendor === 'anthropic' ? withVersionPath(chosen) : chosen.replace(/\/+$/, '');
}

function apiKeyFor(
  spec: ModelSpec,
  config: ModelConfig,
  env: Environment,
): { key?: string; variable?: string } {
  const variable = config.api_key_env ?? defaultKeyVariables[spec.vendor];
  if (variable === undefined) return {};
  // Whatever the variable is called, its value is a key: it never reaches an error or the store.
  declareSecretVariable(variable);
  const key = env[variable]?.trim();
  if (key) return { key, variable };
  throw new BatonError('BACKEND_UNAVAILABLE', `${variable} is not set, so ${spec.id} cannot be reached`, {
    exitCode: 3,
    hint: `Export ${variable} in the environment baton runs in (keys are never read from the config), or choose another backend for the role.`,
    data: { model: spec.id, variable },
  });
}

export function resolveModel(config: ModelConfig, env: Environment): ResolvedModel {
  const spec = parseModelSpec(config.model);
  const baseUrl = baseUrlFor(spec, config, env);
  const { key, variable } = apiKeyFor(spec, config, env);
  const keyed = variable === undefined ? {} : { apiKeyVariable: variable };
  switch (spec.vendor) {
    case 'anthropic':
      return {
        spec,
        baseUrl,
        ...keyed,
        model: createAnthropic({ baseURL: baseUrl, apiKey: key })(spec.modelName),
      };
    case 'openai':
      // Chat Completions: what every OpenAI-compatible server speaks too.
      return {
        spec,
        baseUrl,
        ...keyed,
        model: createOpenAI({ baseURL: baseUrl, apiKey: key }).chat(spec.modelName),
      };
    case 'google':
      return {
        spec,
        baseUrl,
        ...keyed,
        model: createGoogleGenerativeAI({ baseURL: baseUrl, apiKey: key })(spec.modelName),
      };
    case 'ollama':
    case 'openai-compatible':
      return {
        spec,
        baseUrl,
        ...keyed,
        model: createOpenAICompatible({
          name: spec.providerName ?? 'ollama',
          baseURL: baseUrl,
          includeUsage: true,
          ...(key === undefined ? {} : { apiKey: key }),
        }).chatModel(spec.modelName),
      };
  }
}
