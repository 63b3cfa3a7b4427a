// The compact form of a role's backend, for command-line flags that override the config for
// one call:
//
//   manual                              a person, through a BUILD file
//   command:<shell command>             any command:   command:./scripts/build.sh --fast
//   claude-code[:<model>]               Claude Code:   claude-code, claude-code:opus
//   codex[:<model>]                     Codex:         codex, codex:gpt-5-codex
//   model:<vendor>:<model>              the AI SDK:    model:anthropic:claude-sonnet-4-5
//   <vendor>:<model>                    the same, shorter: anthropic:claude-sonnet-4-5, ollama:qwen3
//
// The result is a role config exactly as .baton/config.yaml would hold it, validated by the
// same schema, so a flag cannot express anything the config cannot.

import { type RoleConfig, roleConfigSchema } from '../config/agents-schema.ts';
import { describeIssues } from '../config/load-config.ts';
import { BatonError } from '../errors.ts';
import { backendKinds } from './backend.ts';

const vendors = ['anthropic', 'openai', 'google', 'ollama', 'openai-compatible'];

export const backendSpecHelp =
  'manual | command:<shell command> | claude-code[:<model>] | codex[:<model>] | model:<vendor>:<model> (vendor: anthropic, openai, google, ollama, openai-compatible:<name>)';

function usage(option: string, spec: string, problem: string): BatonError {
  return new BatonError('USAGE', `${option} ${JSON.stringify(spec)}: ${problem}`, {
    hint: `Write it as ${backendSpecHelp}.`,
  });
}

/** Reads a flag value such as `command:./build.sh` into a role config. */
export function parseBackendSpec(spec: string, option = '--backend'): RoleConfig {
  const text = spec.trim();
  if (text === '') throw usage(option, spec, 'empty');
  const colon = text.indexOf(':');
  const head = colon === -1 ? text : text.slice(0, colon);
  const rest = colon === -1 ? '' : text.slice(colon + 1).trim();
  let candidate: Record<string, unknown>;
  if (vendors.includes(head)) {
    candidate = { backend: 'model', model: text };
  } else if (head === 'model') {
    if (rest === '')
      throw usage(option, spec, 'model needs a vendor and a model, e.g. model:anthropic:claude-sonnet-4-5');
    candidate = { backend: 'model', model: rest };
  } else if (head === 'command') {
    if (rest === '') throw usage(option, spec, 'command needs the command to run, e.g. command:./build.sh');
    candidate = { backend: 'command', command: rest };
  } else if (head === 'claude-code' || head === 'codex') {
    candidate = { backend: head, ...(rest === '' ? {} : { model: rest }) };
  } else if (head === 'manual') {
    if (rest !== '') throw usage(option, spec, 'manual takes no options');
    candidate = { backend: 'manual' };
  } else {
    throw usage(option, spec, `unknown backend "${head}" (known: ${backendKinds.join(', ')})`);
  }
  const parsed = roleConfigSchema.safeParse(candidate);
  if (!parsed.success) throw usage(option, spec, describeIssues(parsed.error.issues).join('; '));
  return parsed.data;
}

/**
 * The flag's role config over the configured one: the same backend keeps the configured
 * options the flag does not set (a command's timeout, Claude Code's extra args).
 */
export function overrideRole(configured: RoleConfig | undefined, flag: RoleConfig): RoleConfig {
  if (!configured || configured.backend !== flag.backend) return flag;
  const defined = Object.fromEntries(Object.entries(flag).filter(([, value]) => value !== undefined));
  const merged = { ...configured, ...defined };
  if ('args' in flag && Array.isArray(flag.args) && flag.args.length === 0 && 'args' in configured)
    (merged as { args?: string[] }).args = configured.args;
  return merged as RoleConfig;
}

/** `command ./build.sh`, `model anthropic:claude-sonnet-4-5`, `claude-code (opus)`. */
export function describeRoleConfig(config: RoleConfig): string {
  switch (config.backend) {
    case 'model':
      return `model ${config.model}`;
    case 'command':
      return `command ${config.command}`;
    case 'claude-code':
    case 'codex':
      return config.model ? `${config.backend} (${config.model})` : config.backend;
    case 'manual':
      return 'manual';
  }
}
