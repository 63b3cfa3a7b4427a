// Loading the configuration: read → parse YAML → validate → normalise. Problems come back as
// a BatonError naming the file and the key path, never as a stack trace.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { BatonError } from '../errors.ts';
import { type Config, configSchema } from './config-schema.ts';

export type { Config } from './config-schema.ts';

export const configRelativePath = path.join('.baton', 'config.yaml');

export function defaultConfig(): Config {
  return configSchema.parse({});
}

function formatIssuePath(issuePath: ReadonlyArray<PropertyKey>): string {
  return issuePath.map((part) => (typeof part === 'number' ? `[${part}]` : String(part))).join('.');
}

export function describeIssues(issues: ReadonlyArray<z.core.$ZodIssue>): string[] {
  return issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const base = formatIssuePath(issue.path);
      return issue.keys.map((key) => `${base ? `${base}.` : ''}${key}: unknown key`).join('; ');
    }
    return `${formatIssuePath(issue.path) || '(top level)'}: ${issue.message}`;
  });
}

/** Validates an already-parsed YAML document. */
export function validateConfig(document: unknown, source: string): Config {
  const result = configSchema.safeParse(document ?? {});
  if (result.success) return result.data;
  const problems = describeIssues(result.error.issues);
  throw new BatonError('CONFIG_INVALID', `${source}: invalid configuration: ${problems.join('; ')}`, {
    hint: `Fix the key${problems.length > 1 ? 's' : ''} named above (schema: schema/config.schema.json).`,
    data: { file: source, problems },
  });
}

/** Reads `.baton/config.yaml` under the repository root; a missing file means the defaults. */
export function loadConfig(repositoryRoot: string): Config {
  const file = path.join(repositoryRoot, configRelativePath);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return defaultConfig();
    throw new BatonError('CONFIG_UNREADABLE', `${file}: cannot read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    const yamlError = error as Error & { linePos?: Array<{ line: number; col: number }> };
    const position = yamlError.linePos?.[0];
    const where = position ? `:${position.line}:${position.col}` : '';
    throw new BatonError(
      'CONFIG_INVALID',
      `${file}${where}: not valid YAML: ${yamlError.message.split('\n')[0]}`,
      {
        cause: error,
      },
    );
  }
  return validateConfig(document, file);
}
