// Which backend does a role: the command-line flag, else .baton/config.yaml, else whatever is
// there — the `claude` CLI on PATH, then ANTHROPIC_API_KEY, then OPENAI_API_KEY, then an
// Ollama server answering on OLLAMA_HOST (default 127.0.0.1:11434). Nothing there: exit 3 with
// how to configure one. The answer is a descriptor; src/agents/backends/ makes the backend.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import type { RoleConfig } from '../config/agents-schema.ts';
import type { Config } from '../config/config-schema.ts';
import { BatonError } from '../errors.ts';
import type { Role } from './backend.ts';
import { describeRoleConfig, overrideRole, parseBackendSpec } from './backend-spec.ts';
import type { BackendDescriptor } from './backends/backend-context.ts';

/** What detection looks at; injectable so tests control PATH, keys and the Ollama probe. */
export interface DetectionEnvironment {
  env: Readonly<Record<string, string | undefined>>;
  /** The executable's path on PATH, or undefined. */
  findExecutable(name: string, env: Readonly<Record<string, string | undefined>>): string | undefined;
  /** The models an Ollama server at `baseUrl` offers, or undefined when none answers. */
  probeOllama(baseUrl: string): Promise<string[] | undefined>;
}

export const detectedModels = {
  anthropic: 'anthropic:claude-sonnet-4-5',
  openai: 'openai:gpt-5',
  ollama: 'llama3.2',
} as const;

export function findExecutableOnPath(
  name: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  for (const directory of (env.PATH ?? '').split(path.delimiter)) {
    if (directory === '') continue;
    const candidate = path.join(directory, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

/** http://127.0.0.1:11434 from OLLAMA_HOST (`host:port`, `host`, or a URL). */
export function ollamaBaseUrl(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const host = env.OLLAMA_HOST?.trim() || '127.0.0.1:11434';
  const withScheme = /^https?:\/\//.test(host) ? host : `http://${host}`;
  const url = new URL(withScheme);
  if (url.port === '' && !/^https?:\/\/[^/]+:\d+/.test(withScheme)) url.port = '11434';
  return url.origin;
}

/** GET /api/tags with a short time-out: the server's model names, or undefined. */
export async function probeOllama(baseUrl: string, timeoutMs = 500): Promise<string[] | undefined> {
  try {
    const response = await fetch(`${baseUrl}/api/tags`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return undefined;
    const body = (await response.json()) as { models?: Array<{ name?: unknown }> };
    return (body.models ?? [])
      .map((model) => model.name)
      .filter((name): name is string => typeof name === 'string');
  } catch {
    return undefined;
  }
}

export const defaultDetection: DetectionEnvironment = {
  env: process.env,
  findExecutable: findExecutableOnPath,
  probeOllama,
};

export interface SelectBackendOptions {
  role: Role;
  config: Pick<Config, 'roles'>;
  /** A flag's value (`command:./build.sh`), overriding the config for this call. */
  flag?: string;
  /** The flag's name, for error messages. */
  flagName?: string;
  detection?: Partial<DetectionEnvironment>;
}

function descriptor(
  role: Role,
  settings: RoleConfig,
  source: BackendDescriptor['source'],
  why: string,
): BackendDescriptor {
  return {
    role,
    kind: settings.backend,
    settings,
    source,
    reason: `${role}: ${describeRoleConfig(settings)} (${why})`,
  };
}

export async function selectBackend(options: SelectBackendOptions): Promise<BackendDescriptor> {
  const { role } = options;
  const configured = options.config.roles?.[role];
  if (options.flag !== undefined) {
    const flag = parseBackendSpec(options.flag, options.flagName ?? `--${role}`);
    return descriptor(
      role,
      overrideRole(configured, flag),
      'flag',
      `from ${options.flagName ?? `--${role}`}`,
    );
  }
  if (configured) return descriptor(role, configured, 'config', `roles.${role} in .baton/config.yaml`);
  return detectBackend(role, { ...defaultDetection, ...options.detection });
}

/** What `manual` does for each role, where it needs nothing (a planner cannot be manual). */
const manualHint: Partial<Record<Role, string>> = {
  executor: 'The manual backend (--executor manual) needs nothing: baton writes a BUILD file for a person.',
  reviewer:
    'The manual backend (--reviewer manual) needs nothing: in baton run, baton writes a REVIEW file and a person scores it with baton score.',
};

/** A vendor's key in the environment chooses its model, in this order. */
const keyedModels = [
  ['ANTHROPIC_API_KEY', detectedModels.anthropic],
  ['OPENAI_API_KEY', detectedModels.openai],
] as const;

export async function detectBackend(role: Role, detection: DetectionEnvironment): Promise<BackendDescriptor> {
  const { env } = detection;
  const claude = detection.findExecutable('claude', env);
  if (claude)
    return descriptor(role, { backend: 'claude-code', args: [] }, 'detected', `found ${claude} on PATH`);
  for (const [variable, model] of keyedModels)
    if (env[variable]) return descriptor(role, { backend: 'model', model }, 'detected', `${variable} is set`);
  const baseUrl = ollamaBaseUrl(env);
  const models = await detection.probeOllama(baseUrl);
  if (models !== undefined) {
    const model = models[0] ?? detectedModels.ollama;
    return descriptor(
      role,
      { backend: 'model', model: `ollama:${model}`, base_url: baseUrl },
      'detected',
      `an Ollama server answers at ${baseUrl}`,
    );
  }
  throw new BatonError(
    'BACKEND_UNAVAILABLE',
    `no backend for the ${role}: nothing configured, and none found`,
    {
      exitCode: 3,
      hint: [
        `Looked for: the claude CLI on PATH, ANTHROPIC_API_KEY, OPENAI_API_KEY, an Ollama server at ${baseUrl}.`,
        `Configure one in .baton/config.yaml, e.g. roles: { ${role}: { backend: command, command: ./my-agent.sh } },`,
        `or pass --${role} <spec>.${manualHint[role] ? ` ${manualHint[role]}` : ''}`,
      ].join(' '),
      data: {
        role,
        looked: ['claude on PATH', 'ANTHROPIC_API_KEY', 'OPENAI_API_KEY', `ollama at ${baseUrl}`],
      },
    },
  );
}
