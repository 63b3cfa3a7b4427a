// What `baton claim`, `release` and `claims` do once their arguments are parsed.
import { statSync } from 'node:fs';
import path from 'node:path';
import { describeClaim, describeHeldClaim } from '../core/claims/describe-claim.ts';
import { folderToGlob, normalizeRepositoryPattern } from '../core/claims/pattern.ts';
import { parseDuration } from '../core/duration.ts';
import { isValidInstanceId, requireInstance, resolveInstance } from '../core/instance.ts';
import { formatClock } from '../core/pool/time.ts';
import { BatonError } from '../errors.ts';
import { acquireClaims, listClaims } from '../store/claim-leases.ts';
import { forceReleaseClaims, releaseClaims } from '../store/claim-release.ts';
import { personName } from '../workspace/git.ts';
import { assertPersonProcess, claudeSession } from '../workspace/people/person-process.ts';
import { type CommandContext, withContext } from './context.ts';
import { writeJson, writeLine } from './output.ts';

// The options commander hands each subcommand (declared in claims.ts).
export interface ClaimOptions {
  ttl?: string;
  shared?: boolean;
  reason?: string;
  plan?: string;
  task?: string;
  instance?: string;
  json?: boolean;
}

export interface ReleaseOptions {
  all?: boolean;
  instance?: string;
  force?: boolean;
  json?: boolean;
}

export interface ListOptions {
  instance?: string;
  json?: boolean;
}

/** Repository-relative patterns; a folder (existing, or written with a trailing `/`) becomes `folder/**`. */
function readPatterns(context: CommandContext, patterns: readonly string[]): string[] {
  const base = { repositoryRoot: context.repositoryRoot, cwd: process.cwd() };
  return patterns.map((text) => {
    const pattern = normalizeRepositoryPattern(text, base);
    if (pattern.endsWith('/')) return folderToGlob(pattern);
    const isFolder = statSync(path.join(context.repositoryRoot, pattern), {
      throwIfNoEntry: false,
    })?.isDirectory();
    return isFolder ? `${pattern}/**` : pattern;
  });
}

export async function claimCommand(patterns: string[], options: ClaimOptions): Promise<void> {
  const instance = actingInstance(options.instance);
  await withContext(async (context) => {
    const ttlMs = options.ttl === undefined ? context.config.claims.ttl : parseDuration(options.ttl, '--ttl');
    const normalized = readPatterns(context, patterns);
    const now = Date.now();
    const result = await acquireClaims(await context.store(), {
      instance,
      patterns: normalized,
      ttlMs,
      exclusive: !options.shared,
      reason: options.reason ?? null,
      planId: options.plan ?? null,
      taskId: options.task ?? null,
      // In a Claude Code session's Bash the claim is that session's (see sameHolder).
      sessionId: claudeSession() ?? null,
      now,
    });
    if ('denied' in result) {
      const lines = result.denied.map((denial) => describeHeldClaim(denial.pattern, denial.heldBy, now));
      const holders = [...new Set(result.denied.map((denial) => denial.heldBy.instance))];
      throw new BatonError('CLAIM_HELD', lines.join('; '), {
        hint: `Nothing was claimed. Wait for the lease to end, or ask instance ${holders.join(', ')} to run \`baton release\`.`,
        data: { denied: result.denied },
      });
    }
    if (options.json)
      return writeJson({ ok: true, instance, claims: result.granted, changes: result.changes });
    for (const claim of result.granted) {
      const change = result.changes.find((candidate) => candidate.pattern === claim.pattern);
      const notes = change
        ? [
            ...(change.nowMode ? [`now ${change.nowMode}`] : []),
            `lease was until ${formatClock(change.previousExpiresAt)}, now until ${formatClock(claim.expiresAt)}`,
          ]
        : [];
      writeLine(
        `claimed ${describeClaim(claim, now)}${notes.length > 0 ? `  [re-claimed: ${notes.join('; ')}]` : ''}`,
      );
    }
  });
}

/** The instance a command acts as; `--instance` is a person's override, never an agent's. */
function actingInstance(flag: string | undefined): string {
  if (flag !== undefined) assertPersonProcess('--instance (acting for an instance)');
  return requireInstance({ flag });
}

/** `release --force`: a person frees paths whoever holds them; the event is the person's. */
async function forceRelease(patterns: string[], options: ReleaseOptions): Promise<void> {
  assertPersonProcess("release --force (releasing another instance's claim)");
  if (options.all || patterns.length === 0)
    throw new BatonError(
      'USAGE',
      'release --force: name the claimed paths (--all is not allowed with --force)',
    );
  const actor = resolveInstance({ flag: options.instance }) ?? null;
  await withContext(async (context) => {
    const by = personName(context.repositoryRoot);
    const result = await forceReleaseClaims(await context.store(), {
      patterns: readPatterns(context, patterns),
      actor,
      by,
    });
    if (options.json) return writeJson({ ok: true, instance: actor, by, forced: true, ...result });
    for (const claim of result.released)
      writeLine(`released ${claim.pattern} (held by instance ${claim.instance}), as ${by}`);
    for (const pattern of result.notHeld) writeLine(`not held by anyone: ${pattern}`);
  });
}

export async function releaseCommand(patterns: string[], options: ReleaseOptions): Promise<void> {
  if (options.force) return forceRelease(patterns, options);
  const instance = actingInstance(options.instance);
  if (options.all && patterns.length > 0)
    throw new BatonError('USAGE', 'release: give paths or --all, not both');
  if (!options.all && patterns.length === 0) {
    throw new BatonError('USAGE', 'release: nothing to release', {
      hint: 'Name the claimed paths, or pass --all.',
    });
  }
  await withContext(async (context) => {
    const store = await context.store();
    // From a Claude Code session, only what that session may call its own; a person, all of it.
    const session = claudeSession();
    const scope = session === undefined ? {} : { sessionId: session };
    const result = options.all
      ? await releaseClaims(store, { instance, all: true, ...scope })
      : await releaseClaims(store, { instance, patterns: readPatterns(context, patterns), ...scope });
    if (options.json) return writeJson({ ok: true, instance, ...result });
    for (const claim of result.released) writeLine(`released ${claim.pattern}`);
    for (const pattern of result.notHeld)
      writeLine(
        `not held by instance ${instance}: ${pattern} (a person frees another's claim with baton release --force)`,
      );
    if (result.released.length === 0 && result.notHeld.length === 0)
      writeLine(`instance ${instance} holds no claims`);
  });
}

export async function listCommand(options: ListOptions): Promise<void> {
  if (options.instance !== undefined && !isValidInstanceId(options.instance)) {
    throw new BatonError('USAGE', `--instance: invalid instance id "${options.instance}"`);
  }
  // Listing acts as nobody, so a missing instance is fine; it only marks "yours" when known.
  const me = resolveInstance({ env: process.env });
  await withContext(async (context) => {
    const now = Date.now();
    const claims = await listClaims(await context.store(), { now, instance: options.instance });
    if (options.json) return writeJson({ ok: true, claims });
    if (claims.length === 0) return writeLine('no active claims');
    for (const claim of claims)
      writeLine(`${claim.instance === me ? '* ' : '  '}${describeClaim(claim, now)}`);
  });
}
