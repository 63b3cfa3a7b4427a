// The PreToolUse hook's claim check on SQLite, in raw node:sqlite: Claude Code waits for this hook
// on every edit, and loading Kysely alone costs several times a bare Node start. The rules are
// the same as src/store/claim-leases.ts (overlap and blocking come from src/core/claims/claim.ts, the
// edit's decision from src/core/claims/edit-decision.ts), the tables are the same, and one
// IMMEDIATE transaction keeps "check, then claim" race-free.
// A store that does not exist yet or lacks a migration is left to openStore (undefined). Rows
// are the project's only (src/store/store-scope.ts), exactly as in claim-leases.ts.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { DatabaseSync } from 'node:sqlite';
import { type Claim, claimBlocks } from '../core/claims/claim.ts';
import { decideEditClaim } from '../core/claims/edit-decision.ts';
import { claimFromRow } from './claim-row.ts';
import type { NewEvent } from './event-log.ts';
import { isFullyMigrated } from './store-location.ts';

const requireBuiltin = createRequire(import.meta.url);

export type EditClaimOutcome =
  /** Another instance holds the path exclusively: the edit must not happen. */
  | { kind: 'held'; claim: Claim }
  /** This instance already held the path (or a glob over it): its leases were extended. */
  | { kind: 'renewed'; claims: Claim[] }
  /** A new claim on the path for this instance (shared when another instance holds a shared one). */
  | { kind: 'claimed'; claim: Claim }
  /** Nobody holds it and `claimIfFree` was false: nothing written. */
  | { kind: 'free' };

export interface EditClaimRequest {
  instance: string;
  /** A repository-relative file path. */
  path: string;
  ttlMs: number;
  reason?: string | null;
  /** Take a new claim when nobody holds the path (default true); false only renews own leases. */
  claimIfFree?: boolean;
  /** The Claude Code session editing: its instance's claims from another session are another holder's. */
  sessionId?: string | null;
  now?: number;
}

/** Who a runner's instance is bound to, and the task it works on. */
export interface BoundSession {
  sessionId: string;
  planId: string | null;
  taskId: string | null;
}

export interface SqliteEditClaims {
  /** Another instance's (or, without an instance, anyone's) exclusive claim covering `path`. */
  findBlockingClaim(instance: string | undefined, path: string, now?: number): Claim | undefined;
  /** Every active exclusive claim of the other instances (all of them without an instance). */
  exclusiveClaimsOfOthers(instance: string | undefined, now?: number): Claim[];
  claimForEdit(request: EditClaimRequest): EditClaimOutcome;
  appendEvent(event: NewEvent): number;
  /** The session `instance` is bound to (src/store/session-bindings.ts), or undefined. */
  sessionBinding(instance: string): BoundSession | undefined;
  close(): void;
}

type Row = Record<string, unknown>;

/** Opens `file` for the hook, or undefined when the store is missing or not fully migrated. */
export function openSqliteEditClaims(
  file: string,
  options: { busyTimeoutMs: number; project: string },
): SqliteEditClaims | undefined {
  const project = options.project;
  const database = openMigrated(file, options.busyTimeoutMs);
  if (!database) return undefined;

  const claimsOfOthers = (instance: string | undefined, now: number): Claim[] =>
    (
      database
        .prepare('select * from claims where project = ? and expires_at > ? and instance <> ?')
        .all(project, now, instance ?? '') as Row[]
    ).map(claimFromRow);

  return {
    findBlockingClaim(instance, path, now = Date.now()) {
      return claimsOfOthers(instance, now).find((claim) =>
        claimBlocks(claim, { instance: instance ?? '', pattern: path, exclusive: false }),
      );
    },
    exclusiveClaimsOfOthers(instance, now = Date.now()) {
      return claimsOfOthers(instance, now).filter((claim) => claim.exclusive);
    },
    claimForEdit: (request) => inTransaction(database, () => claimForEdit(database, project, request)),
    appendEvent: (event) => inTransaction(database, () => insertEvent(database, project, event)),
    sessionBinding: (instance) => sessionBinding(database, project, instance),
    close() {
      database.close();
    },
  };
}

/** The store's database, or undefined when it does not exist or lacks a migration. */
function openMigrated(file: string, busyTimeoutMs: number): DatabaseSync | undefined {
  if (!existsSync(file)) return undefined;
  const { DatabaseSync: Database } = requireBuiltin('node:sqlite') as typeof import('node:sqlite');
  const database: DatabaseSync = new Database(file, { timeout: busyTimeoutMs });
  try {
    database.exec('pragma synchronous = normal; pragma foreign_keys = on;');
    const applied = database.prepare('select name from kysely_migration').all() as Row[];
    if (isFullyMigrated(applied.map((row) => String(row.name)))) return database;
  } catch {
    // An unreadable store is openStore's to report.
  }
  database.close();
  return undefined;
}

function inTransaction<Result>(database: DatabaseSync, work: () => Result): Result {
  database.exec('begin immediate');
  try {
    const result = work();
    database.exec('commit');
    return result;
  } catch (error) {
    database.exec('rollback');
    throw error;
  }
}

/** Inside the caller's transaction: expired claims go, then the edit's decision is applied. */
function claimForEdit(database: DatabaseSync, project: string, request: EditClaimRequest): EditClaimOutcome {
  const now = request.now ?? Date.now();
  const expiresAt = now + request.ttlMs;
  const claimant = { instance: request.instance, sessionId: request.sessionId ?? null };
  database.prepare('delete from claims where project = ? and expires_at <= ?').run(project, now);
  const active = (database.prepare('select * from claims where project = ?').all(project) as Row[]).map(
    claimFromRow,
  );
  const decision = decideEditClaim(active, claimant, request.path);
  if (decision.kind === 'held') return decision;
  if (decision.kind === 'renew') {
    const renew = database.prepare(
      'update claims set expires_at = ? where project = ? and id = ? and expires_at < ?',
    );
    for (const claim of decision.own) renew.run(expiresAt, project, claim.id, expiresAt);
    return {
      kind: 'renewed',
      claims: decision.own.map((claim) => ({ ...claim, expiresAt: Math.max(claim.expiresAt, expiresAt) })),
    };
  }
  if (request.claimIfFree === false) return { kind: 'free' };
  const { exclusive } = decision;
  const reason = request.reason ?? null;
  const result = database
    .prepare(
      `insert into claims (project, instance, pattern, exclusive, reason, acquired_at, expires_at, plan_id, task_id, session_id)
       values (?, ?, ?, ?, ?, ?, ?, null, null, ?)`,
    )
    .run(
      project,
      request.instance,
      request.path,
      exclusive ? 1 : 0,
      reason,
      now,
      expiresAt,
      claimant.sessionId,
    );
  insertEvent(database, project, {
    kind: 'claim-granted',
    at: now,
    instance: request.instance,
    affects: [request.path],
    data: { exclusive, expiresAt, reason },
  });
  return {
    kind: 'claimed',
    claim: {
      id: Number(result.lastInsertRowid),
      instance: request.instance,
      pattern: request.path,
      exclusive,
      reason,
      acquiredAt: now,
      expiresAt,
      planId: null,
      taskId: null,
      sessionId: claimant.sessionId,
    },
  };
}

function insertEvent(database: DatabaseSync, project: string, event: NewEvent): number {
  const at = event.at ?? Date.now();
  const affects = event.affects ? [...new Set(event.affects)] : [];
  const result = database
    .prepare(
      `insert into events (project, at, kind, instance, plan_id, task_id, action, topic, summary, blocks, affects, data)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      project,
      at,
      event.kind,
      event.instance ?? null,
      event.planId ?? null,
      event.taskId ?? null,
      event.action ?? null,
      event.topic ?? null,
      event.summary ?? null,
      event.blocks ?? null,
      affects.length > 0 ? JSON.stringify(affects) : null,
      event.data ? JSON.stringify(event.data) : null,
    );
  const id = Number(result.lastInsertRowid);
  const insertPath = database.prepare('insert into event_paths (event_id, path) values (?, ?)');
  for (const path of affects) insertPath.run(id, path);
  return id;
}

function sessionBinding(database: DatabaseSync, project: string, instance: string): BoundSession | undefined {
  const row = database
    .prepare('select session_id, plan_id, task_id from session_bindings where project = ? and instance = ?')
    .get(project, instance) as Row | undefined;
  if (row === undefined) return undefined;
  return {
    sessionId: String(row.session_id),
    planId: (row.plan_id as string | null) ?? null,
    taskId: (row.task_id as string | null) ?? null,
  };
}
