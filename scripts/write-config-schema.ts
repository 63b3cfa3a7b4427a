// Writes schema/config.schema.json from the zod schema, for editors. test/config.test.ts fails
// when the committed file drifts from the schema.
import { writeFileSync } from 'node:fs';
import { renderConfigJsonSchema } from '../src/config/json-schema.ts';

const target = new URL('../schema/config.schema.json', import.meta.url);
writeFileSync(target, renderConfigJsonSchema());
process.stdout.write(`wrote ${target.pathname}\n`);
