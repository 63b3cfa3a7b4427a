// The .baton/config.yaml that `baton init` writes: every setting with its default, commented,
// so a person sees what can be set without reading the docs. Only the plan folders are live
// values, because init may have been told them.
import { stringify } from 'yaml';

export interface ConfigTemplateOptions {
  plansDir?: string;
  states?: Record<string, string>;
}

export function configTemplate(options: ConfigTemplateOptions = {}): string {
  const states = {
    review: 'review',
    active: 'active',
    completed: 'completed',
    rejected: 'rejected',
    ...options.states,
  };
  const quote = (value: string) => stringify(value).trimEnd();
  return `# baton configuration. Schema for editors: schema/config.schema.json in the baton package.
# Every commented line shows a default; uncomment to change it.

plans:
  # Where plans live, relative to the repository root. Plans are Markdown and are committed.
  dir: ${quote(options.plansDir ?? '.baton/plans')}
  # One folder per state; the folder a plan is in is its state.
  states:
    review: ${quote(states.review!)}
    active: ${quote(states.active!)}
    completed: ${quote(states.completed!)}
    rejected: ${quote(states.rejected!)}

# store:
#   # A SQLite file (relative to the repository) or a postgres:// URL for teams and many
#   # machines. BATON_DATABASE_URL overrides it. Default: .baton/baton.db
#   url: .baton/baton.db
#   # Keeps this repository's data apart from other repositories in a shared store (Postgres,
#   # or a SQLite file outside the repository). Default: the repository's first commit, so
#   # every clone and worktree shares it. Set the same value in two repositories to share.
#   # project: my-project

# pool:
#   # Edits to files matching these globs are posted to the pool automatically.
#   critical: []
#   # Automatic entries of one kind are posted at most once per cooldown, per instance.
#   cooldown: 5m
#   # A Bash command starting with one of these is a test run / a build.
#   test_patterns: [npm test, npm run test, pnpm test, yarn test, bun test, node --test, pytest, go test, cargo test, vitest, jest]
#   build_patterns: [npm run build, pnpm build, yarn build, bun run build, tsc, make, cargo build, go build]

# claims:
#   # How long a claim on a file lasts unless renewed.
#   ttl: 30m
#   # Whether an edit through Claude Code claims the file for the editing instance.
#   auto_claim: true

# run:
#   # How many tasks baton run works on at once (--concurrency overrides it).
#   concurrency: 4
#   # Where task worktrees go, relative to the repository. Default: beside the repository,
#   # in <repo>.baton-worktrees, e.g. worktrees_dir: ../my-repo.baton-worktrees
#   # Commands run in each new task worktree before the executor starts.
#   setup: []          # e.g. [npm ci]
#   # Paths symlinked from the main checkout into each worktree.
#   link: []           # e.g. [node_modules]
#   # How often a runner renews its lease; three missed heartbeats and another runner may take over.
#   heartbeat: 5s
#   # Each verify command of a task is stopped after this long.
#   verify_timeout: 10m

# # Confining agents' commands (Claude Code's Bash sandbox; bubblewrap around run_command and
# # the command backend's executor): auto confines where this machine can and warns where it
# # cannot, required refuses to start an agent it cannot confine, off never confines.
# # baton doctor says what this machine offers.
# sandbox: auto

# # Teams: accept only approvals signed with baton approve <plan> --sign ~/.ssh/id_ed25519
# # by a key listed here (git's allowed_signers format: "alice@example.com ssh-ed25519 AAAA…").
# # No default: without it, unsigned approvals made by a person are accepted.
# # e.g. approvals: { allowed_signers: ~/.config/baton/allowed_signers }

# hooks:
#   # A hook gives up (and lets the agent continue) after this long.
#   timeout_ms: 3000

# context:
#   # Each prompt of an instance (set BATON_INSTANCE) is given the files it named or edited
#   # lately: HOT ones whole, WARM ones' first lines. Scores decay with each prompt.
#   enabled: true
#   decay: 0.8
#   hot: 0.7
#   warm: 0.25
#   # All HOT files together, at most this many bytes per prompt (Claude Code takes about
#   # 10,000 characters of added context at most).
#   hot_max_bytes: 8000
#   warm_lines: 8

# # Which backend does each role: model (anthropic:…, openai:…, google:…, ollama:…,
# # openai-compatible:<name>:…), claude-code, codex, command or manual. A role left out is
# # detected: the claude CLI on PATH, then ANTHROPIC_API_KEY, OPENAI_API_KEY, an Ollama server.
# # A flag overrides a role for one call: --executor command:./build.sh, --reviewer claude-code.
# # For example (each role on its own; options depend on the backend):
# # roles: { planner: { backend: claude-code, model: opus }, executor: { backend: command, command: ./scripts/build-task.sh, timeout: 30m }, reviewer: { backend: model, model: anthropic:claude-sonnet-4-5 } }

# review:
#   # Approval at a weighted total at or above this (0–100).
#   threshold: 90
#   # How many times the judge scores each review; mean and spread are reported.
#   samples: 1
#   # Executor rounds per task before a task that is still not approved fails.
#   max_rounds: 2
#   # Weights per criterion, normalised; one left out keeps its default (adherence 30,
#   # correctness 25, architecture 15, readability 10, security 10, performance 10).
#   weights: {}

# # A plan run stops cleanly before its recorded cost would pass this many dollars.
# # budget: { plan_usd: 5 }
# # Dollars per million tokens, overriding the price table baton ships (baton cost shows its date).
# # prices: { claude-sonnet-4-5: { input_per_mtok: 3, output_per_mtok: 15, cache_read_per_mtok: 0.3, cache_write_per_mtok: 3.75 } }
`;
}
