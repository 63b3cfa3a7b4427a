// The shape of .baton/config.yaml. Strict objects: an unknown key is an error naming its path,
// because a misspelt key that is silently ignored is a setting the user believes in and does not have.
import { z } from 'zod';
import {
  budgetConfigSchema,
  pricesConfigSchema,
  reviewConfigSchema,
  rolesConfigSchema,
} from './agents-schema.ts';
// Positive, as every duration: `claims.ttl: 0m` would validate and then leave every claims
// check unable to read its lease. Validated configs hold milliseconds.
import { configDuration as duration } from './duration-setting.ts';

const folderName = z
  .string()
  .min(1)
  .regex(/^[^/\\]+$/, 'a single folder name, without slashes')
  .regex(/^(?!\.\.?$)/, 'a folder name, not "." or ".."');

// Absolute paths (`/x`, `\\x`, `C:x`) and `..` segments would put plans outside the repository.
const insideRepository = /^(?![/\\]|[A-Za-z]:)(?!(?:.*[/\\])?\.\.(?:[/\\]|$))/;

export const configSchema = z
  .strictObject({
    plans: z
      .strictObject({
        dir: z
          .string()
          .min(1)
          .regex(insideRepository, 'must be inside the repository')
          .default('.baton/plans')
          .describe('Where plans live, relative to the repository root.'),
        states: z
          .strictObject({
            review: folderName.default('review'),
            active: folderName.default('active'),
            completed: folderName.default('completed'),
            rejected: folderName.default('rejected'),
          })
          .superRefine((states, context) => {
            // Two states in one folder would make a plan be in both; case-insensitive, because
            // the same checkout may live on a case-insensitive file system.
            const seen = new Map<string, string>();
            for (const [state, name] of Object.entries(states)) {
              const other = seen.get(name.toLowerCase());
              if (other === undefined) seen.set(name.toLowerCase(), state);
              else
                context.addIssue({
                  code: 'custom',
                  path: [state],
                  message: `"${name}" is also the folder of ${other}: each state needs a folder of its own`,
                });
            }
          })
          .prefault({})
          .describe('Folder name for each plan state (the seeds use Review, Active, Completed).'),
      })
      .prefault({}),
    store: z
      .strictObject({
        url: z
          .string()
          .min(1)
          .optional()
          .describe(
            'A SQLite file path (relative to the repository) or a postgres:// URL. BATON_DATABASE_URL overrides it.',
          ),
        project: z
          .string()
          .trim()
          .min(1)
          .max(200)
          .optional()
          .describe(
            "The key that keeps this repository's data apart in a store shared with other repositories. Default: the repository's first commit (so clones and worktrees share it); a SQLite file inside the repository needs none.",
          ),
      })
      .prefault({}),
    pool: z
      .strictObject({
        critical: z
          .array(z.string().min(1))
          .default([])
          .describe('Globs of files whose edits are posted to the pool automatically.'),
        cooldown: duration.prefault('5m').describe('Per instance and per kind of automatic entry.'),
        test_patterns: z
          .array(z.string().min(1))
          .default([
            'npm test',
            'npm run test',
            'pnpm test',
            'yarn test',
            'bun test',
            'node --test',
            'pytest',
            'go test',
            'cargo test',
            'vitest',
            'jest',
          ])
          .describe('A Bash command starting with one of these is a test run.'),
        build_patterns: z
          .array(z.string().min(1))
          .default([
            'npm run build',
            'pnpm build',
            'yarn build',
            'bun run build',
            'tsc',
            'make',
            'cargo build',
            'go build',
          ])
          .describe('A Bash command starting with one of these is a build.'),
      })
      .prefault({}),
    claims: z
      .strictObject({
        ttl: duration.prefault('30m').describe('How long a claim lasts unless renewed.'),
        auto_claim: z
          .boolean()
          .default(true)
          .describe('Whether an edit through Claude Code claims the file for the editing instance.'),
      })
      .prefault({}),
    run: z
      .strictObject({
        concurrency: z
          .int()
          .positive()
          .max(64)
          .default(4)
          .describe('How many tasks `baton run` works on at once (--concurrency overrides it).'),
        worktrees_dir: z
          .string()
          .min(1)
          .optional()
          .describe(
            'Where task worktrees go, relative to the repository root. Default: a folder beside the repository, <repo>.baton-worktrees.',
          ),
        setup: z
          .array(z.string().min(1))
          .default([])
          .describe('Commands run in each new task worktree before the executor starts (e.g. npm ci).'),
        link: z
          .array(z.string().min(1))
          .default([])
          .describe(
            'Repository-relative paths symlinked from the main checkout into each worktree (e.g. node_modules).',
          ),
        heartbeat: duration
          .prefault('5s')
          .describe("How often a runner renews its lease; a lease three heartbeats old is a dead runner's."),
        verify_timeout: duration
          .prefault('10m')
          .describe("Each of a task's verify commands is stopped after this long."),
      })
      .prefault({}),
    sandbox: z
      .enum(['auto', 'required', 'off'])
      .default('auto')
      .describe(
        "Confining agents' commands, for every backend (Claude Code's Bash sandbox; bubblewrap around run_command and the command backend): auto confines where this machine can and says loudly where it cannot; required refuses to start an agent it cannot confine; off never confines. `baton doctor` says what this machine offers.",
      ),
    approvals: z
      .strictObject({
        allowed_signers: z
          .string()
          .min(1)
          .optional()
          .describe(
            'A git-style allowed_signers file (relative to the repository, absolute, or ~/…). When set, `baton run` accepts only approvals signed with `baton approve --sign <key>` by a key it lists.',
          ),
      })
      .prefault({}),
    hooks: z
      .strictObject({
        timeout_ms: z
          .int()
          .positive()
          .max(30_000)
          .default(3000)
          .describe('A hook gives up (and lets the agent continue) after this long.'),
      })
      .prefault({}),
    context: z
      .strictObject({
        enabled: z
          .boolean()
          .default(true)
          .describe(
            "Whether each prompt of an instance (Claude Code's UserPromptSubmit) gets its HOT files whole and its WARM files' first lines.",
          ),
        decay: z
          .number()
          .gt(0)
          .lt(1)
          .default(0.8)
          .describe("Each prompt of an instance multiplies its files' scores by this."),
        hot: z
          .number()
          .gt(0)
          .max(1)
          .default(0.7)
          .describe('A score at or above this is HOT: the whole file is shown.'),
        warm: z
          .number()
          .gt(0)
          .max(1)
          .default(0.25)
          .describe('A score at or above this (below hot) is WARM: its first lines are shown; below, COLD.'),
        hot_max_bytes: z
          .int()
          .positive()
          .max(1_000_000)
          .default(8_000)
          .describe(
            'How much of the HOT files goes with one prompt, all files together (Claude Code takes at most about 10,000 characters of it).',
          ),
        warm_lines: z
          .int()
          .positive()
          .max(200)
          .default(8)
          .describe('How many first lines of a WARM file are shown.'),
      })
      .refine((context) => context.warm < context.hot, {
        message: 'context.warm must be below context.hot',
        path: ['warm'],
      })
      .prefault({}),
    roles: rolesConfigSchema,
    review: reviewConfigSchema,
    budget: budgetConfigSchema,
    prices: pricesConfigSchema,
  })
  .describe('baton configuration (.baton/config.yaml)');

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
export type SandboxMode = Config['sandbox'];
