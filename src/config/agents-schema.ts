// The configuration of roles, review, budget and prices (issue 4), kept apart from
// config-schema.ts so that file stays a short list of top-level keys. Strict like the rest.
import { z } from 'zod';
import { configDuration as duration } from './duration-setting.ts';

/** `anthropic:<model>`, `openai:<model>`, `google:<model>`, `ollama:<model>`, `openai-compatible:<name>:<model>`. */
export const modelIdPattern =
  /^((anthropic|openai|google|ollama):[^\s:][^\s]*|openai-compatible:[^\s:]+:[^\s]+)$/;

const modelId = z
  .string()
  .regex(
    modelIdPattern,
    'a model such as anthropic:claude-sonnet-4-5, openai:gpt-5, google:gemini-2.5-pro, ollama:qwen3 or openai-compatible:<name>:<model>',
  );

const timeout = duration.optional().describe('The longest one call of this role may run (default 30m).');

const modelRole = z.strictObject({
  backend: z.literal('model'),
  model: modelId.describe('The model, with its vendor: anthropic:claude-sonnet-4-5, openai:gpt-5 …'),
  base_url: z
    .url()
    .optional()
    .describe('The API base URL (required for openai-compatible; Ollama defaults to OLLAMA_HOST).'),
  api_key_env: z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name')
    .optional()
    .describe(
      "The environment variable holding the key (keys are never written in config). Default: the vendor's.",
    ),
  timeout,
});

const agentCliOptions = {
  model: z.string().min(1).optional().describe("The agent's model (its own naming, e.g. sonnet)."),
  command: z.string().min(1).optional().describe('The executable (default: found on PATH).'),
  args: z.array(z.string()).default([]).describe('Extra arguments, added before the prompt.'),
  timeout,
};

const claudeCodeRole = z.strictObject({ backend: z.literal('claude-code'), ...agentCliOptions });
const codexRole = z.strictObject({ backend: z.literal('codex'), ...agentCliOptions });

const commandRole = z.strictObject({
  backend: z.literal('command'),
  command: z
    .string()
    .min(1)
    .describe('A shell command, run with bash in the task directory (e.g. ./scripts/build-task.sh).'),
  timeout,
});

const manualRole = z.strictObject({ backend: z.literal('manual') });

export const roleConfigSchema = z
  .discriminatedUnion('backend', [modelRole, claudeCodeRole, codexRole, commandRole, manualRole])
  .describe('Which backend does this role, and its options.');

export type RoleConfig = z.output<typeof roleConfigSchema>;

export const rolesConfigSchema = z
  .strictObject({
    planner: roleConfigSchema.optional(),
    executor: roleConfigSchema.optional(),
    reviewer: roleConfigSchema.optional(),
  })
  .optional()
  .describe(
    'The backend of each role. A role left out is detected: claude on PATH, then API keys, then Ollama.',
  );

const weight = z.number().min(0);

export const reviewConfigSchema = z
  .strictObject({
    threshold: z
      .number()
      .min(0)
      .max(100)
      .default(90)
      .describe('Approval at a weighted total at or above this.'),
    samples: z
      .int()
      .min(1)
      .max(10)
      .default(1)
      .describe('How many times the judge scores each review (mean and spread are reported).'),
    max_rounds: z
      .int()
      .min(1)
      .max(10)
      .default(2)
      .describe('Executor rounds per task before a task that is still not approved fails.'),
    weights: z
      .strictObject({
        adherence: weight.optional(),
        correctness: weight.optional(),
        architecture: weight.optional(),
        readability: weight.optional(),
        security: weight.optional(),
        performance: weight.optional(),
      })
      .default({})
      .describe('Weights per criterion (normalised); a criterion left out keeps its default.'),
  })
  .prefault({});

export const budgetConfigSchema = z
  .strictObject({
    plan_usd: z
      .number()
      .positive()
      .optional()
      .describe('A plan run stops cleanly before its recorded cost would pass this many dollars.'),
  })
  .optional();

const perMillion = z.number().min(0);

export const pricesConfigSchema = z
  .record(
    z.string().min(1),
    z.strictObject({
      input_per_mtok: perMillion,
      output_per_mtok: perMillion,
      cache_read_per_mtok: perMillion.optional(),
      cache_write_per_mtok: perMillion.optional(),
    }),
  )
  .optional()
  .describe('Dollars per million tokens by model (e.g. claude-sonnet-4-5), overriding the shipped table.');
