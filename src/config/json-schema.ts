// The JSON Schema editors use for .baton/config.yaml, generated from the zod schema.
import { z } from 'zod';
import { configSchema } from './config-schema.ts';

export function renderConfigJsonSchema(): string {
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' });
  return `${JSON.stringify({ ...schema, title: 'baton configuration' }, null, 2)}\n`;
}
