// Table types for Kysely. Times are integer milliseconds since the epoch in both engines, so
// comparisons and indexes behave the same on SQLite and Postgres.
import type { Generated } from 'kysely';

export interface EventsTable {
  /** The project key (src/store/store-scope.ts). */
  project: string;
  id: Generated<number>;
  at: number;
  kind: string;
  instance: string | null;
  plan_id: string | null;
  task_id: string | null;
  /** Pool action (completed, researched, blocked, started, note, edited, tested, built, committed …). Null for events that are not pool entries. */
  action: string | null;
  topic: string | null;
  summary: string | null;
  /** What this unblocks or blocks, free text. */
  blocks: string | null;
  /** JSON array of repository-relative paths. */
  affects: string | null;
  /** JSON object with event-specific detail. */
  data: string | null;
}

export interface EventPathsTable {
  event_id: number;
  path: string;
}

export interface ClaimsTable {
  /** The project key (src/store/store-scope.ts). */
  project: string;
  id: Generated<number>;
  instance: string;
  pattern: string;
  exclusive: number;
  reason: string | null;
  acquired_at: number;
  expires_at: number;
  plan_id: string | null;
  task_id: string | null;
  /** The Claude Code session that took the claim; null when taken outside one (migration 0005). */
  session_id: string | null;
}

export interface InstanceSessionsTable {
  /** The project key (src/store/store-scope.ts). */
  project: string;
  instance: string;
  last_session_at: number;
}

/** The session baton started for a runner's instance; see src/store/session-bindings.ts. */
export interface SessionBindingsTable {
  /** The project key (src/store/store-scope.ts). */
  project: string;
  instance: string;
  session_id: string;
  plan_id: string | null;
  task_id: string | null;
  role: string | null;
  bound_at: number;
}

export interface CooldownsTable {
  /** The project key (src/store/store-scope.ts). */
  project: string;
  instance: string;
  kind: string;
  last_at: number;
}

export interface TaskRunsTable {
  /** The project key (src/store/store-scope.ts). */
  project: string;
  plan_id: string;
  task_id: string;
  state: string;
  attempts: number;
  branch: string | null;
  score: number | null;
  instance: string | null;
  round: Generated<number>;
  started_at: number | null;
  updated_at: number;
  /** JSON: reason when blocked, last review, verification results. */
  data: string | null;
}

export interface UsageTable {
  /** The project key (src/store/store-scope.ts). */
  project: string;
  id: Generated<number>;
  at: number;
  role: string;
  backend: string;
  model: string | null;
  plan_id: string | null;
  task_id: string | null;
  instance: string | null;
  input_tokens: Generated<number>;
  output_tokens: Generated<number>;
  cache_read_tokens: Generated<number>;
  cache_write_tokens: Generated<number>;
  cost_usd: number | null;
  data: string | null;
}

export interface RunsTable {
  /** The project key (src/store/store-scope.ts). */
  project: string;
  plan_id: string;
  runner_id: string;
  pid: number | null;
  host: string | null;
  state: string;
  started_at: number;
  heartbeat_at: number;
  finished_at: number | null;
  data: string | null;
}

export interface AttentionTurnsTable {
  /** The project key (src/store/store-scope.ts). */
  project: string;
  instance: string;
  turn: number;
  updated_at: number;
}

export interface AttentionTable {
  /** The project key (src/store/store-scope.ts). */
  project: string;
  instance: string;
  path: string;
  score: number;
}

export interface Database {
  events: EventsTable;
  event_paths: EventPathsTable;
  claims: ClaimsTable;
  instance_sessions: InstanceSessionsTable;
  session_bindings: SessionBindingsTable;
  cooldowns: CooldownsTable;
  task_runs: TaskRunsTable;
  usage: UsageTable;
  runs: RunsTable;
  attention_turns: AttentionTurnsTable;
  attention: AttentionTable;
}
