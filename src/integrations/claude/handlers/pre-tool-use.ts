// PreToolUse: the moment an edit happens is the moment baton can still stop it.
//   Edit / Write / MultiEdit / NotebookEdit: deny a path outside the repository (for everyone),
//   a path the role may not touch, or a file another instance holds exclusively (naming holder,
//   reason and lease end); otherwise claim the file for this instance (claims.auto_claim) or
//   renew its lease. Without an instance nothing is claimed, but others' claims still hold.
//   Bash: never a person's command or another identity (person-gate.ts), for every session;
//   under BATON_ROLE=planner, only read-only commands; for everyone, copies of the files
//   other instances hold and of baton's configuration, compared after the command (bash-guard/).
// Every denial is an event (edit-denied, command-denied). Allowed calls get no decision at all,
// so Claude Code's own permission rules still apply.
//
// Deny first, record after: the rules that need no store (outside the repository, the role's
// rules) are decided before the store is opened, the answer is set on the context (so that even
// the internal time-out answers "deny"), and the event is recorded best-effort: a store that is
// locked, broken or unreachable is logged to .baton/hooks.log and never turns a deny into an
// allow. Only the claims check needs the store; when it fails the edit is denied too, naming the
// cause (fail closed: another instance may hold the file). Paths no agent may write (baton's
// state and config, Claude Code's settings, .git, MCP clients' config) are denied for everyone.
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { denyToolUse, type HookResult, noDecision } from '../../../claude-code/hook-answers.ts';
import {
  bashCommand,
  editedFilePath,
  editTools,
  type HookPayload,
} from '../../../claude-code/hook-payload.ts';
import type { Claim } from '../../../core/claims/claim.ts';
import { type ProtectedPathOptions, protectedPathReason } from '../../../core/paths/protected-paths.ts';
import { normalizeRepositoryPath } from '../../../core/paths/repository-path.ts';
import type { NewEvent } from '../../../store/event-log.ts';
import { isPostgresUrl, resolveStoreUrl } from '../../../store/store-location.ts';
import { hasSnapshots } from '../bash-guard/guard-folder.ts';
import { resolveEditTarget } from '../edit-path.ts';
import type { HookContext } from '../hook-context.ts';
import { commandDeniedByRole, editDeniedByRole } from '../roles.ts';

export async function handlePreToolUse(payload: HookPayload, context: HookContext): Promise<HookResult> {
  const tool = payload.toolName ?? '';
  if (tool === 'Bash') return judgeBash(payload, context);
  if (!editTools.has(tool)) return noDecision;
  const filePath = editedFilePath(payload);
  if (filePath === undefined) return noDecision;

  const { repositoryRoot, config } = context;
  const target = resolveEditTarget(repositoryRoot, filePath, payload.cwd ?? repositoryRoot);
  if (!target.inside) {
    return deny(context, tool, {
      path: target.absolute,
      reason: `${target.reason}; baton allows edits inside the repository only.`,
    });
  }
  const path = target.path;
  const roleProblem = editDeniedByRole(context.roles, path, config, repositoryRoot, (relative) =>
    existsSync(join(repositoryRoot, relative)),
  );
  if (roleProblem) {
    return deny(context, tool, {
      path,
      affects: [path],
      reason: `${roleProblem}.`,
      role: context.roles.role,
    });
  }
  // The planner's one allowed file is its plan, which the role rule has just decided.
  const protectedProblem =
    context.roles.role === 'planner' ? undefined : protectedPathReason(path, protectedPathOptions(context));
  if (protectedProblem) {
    return deny(context, tool, {
      path,
      affects: [path],
      reason: `${protectedProblem}; no agent writes it (a person edits it outside the agent).`,
    });
  }

  try {
    // A command sent to the background may have changed a guarded file since (only a session
    // with copies open has one to compare; the others do not load the guard).
    if (hasSnapshots(repositoryRoot, payload.sessionId)) {
      const { guardBeforeEdit } = await import('../bash-guard/bash-guard.ts');
      const restored = await guardBeforeEdit(payload, context);
      if (restored) return restored;
    }
    return await checkClaims(context, tool, path, payload.sessionId);
  } catch (error) {
    // Fail closed: without an answer from the store, another instance may hold the file.
    const cause = (error as Error).message;
    return deny(context, tool, {
      path,
      affects: [path],
      reason: `the claims on ${path} could not be checked (${cause}), so the edit is denied. ${storeFix}`,
    });
  }
}

const storeFix =
  'Try again in a moment; if it persists, run `baton doctor` and see .baton/hooks.log (another process may hold the store locked).';

/** The repository's own folders beyond the fixed list: plans and a SQLite store placed elsewhere. */
function protectedPathOptions(context: HookContext): ProtectedPathOptions {
  const url = resolveStoreUrl(context.repositoryRoot, context.config.store.url, context.env);
  const inside = relative(context.repositoryRoot, url);
  const storeFile =
    isPostgresUrl(url) || inside.startsWith('..') || isAbsolute(inside)
      ? undefined
      : inside.split(sep).join('/');
  return { plansFolder: normalizeRepositoryPath(context.config.plans.dir), storeFile };
}

async function checkClaims(
  context: HookContext,
  tool: string,
  path: string,
  sessionId: string | undefined,
): Promise<HookResult> {
  const { config, instance } = context;
  const gate = await context.editGate();
  const now = Date.now();
  if (instance === undefined) {
    const held = await gate.findBlockingClaim(undefined, path);
    if (!held) return noDecision;
    return denyHeld(context, tool, path, held, now);
  }
  const ttlMs = config.claims.ttl;
  // Without auto_claim no new claim is taken, but an own lease is still renewed.
  const outcome = await gate.claimForEdit({
    instance,
    path,
    ttlMs,
    reason: `editing (${tool})`,
    claimIfFree: config.claims.auto_claim,
    // The claim remembers its session: another session naming this instance is another holder.
    sessionId: sessionId ?? null,
    now,
  });
  if (outcome.kind === 'held') return denyHeld(context, tool, path, outcome.claim, now);
  return noDecision;
}

async function judgeBash(payload: HookPayload, context: HookContext): Promise<HookResult> {
  const command = bashCommand(payload);
  if (command === undefined) return noDecision;
  // The human gate holds in every session, with or without a role (person-gate.ts).
  const { personGateProblem } = await import('../person-gate.ts');
  const gated = personGateProblem(command);
  if (gated) return denyCommand(context, command, gated, `baton: ${gated}.`);
  const problem = await commandDeniedByRole(context.roles, command, {
    cwd: payload.cwd ?? context.repositoryRoot,
    projectRoot: context.env.CLAUDE_PROJECT_DIR || context.repositoryRoot,
  });
  if (!problem) return guardBash(payload, context, command);
  return denyCommand(
    context,
    command,
    problem,
    `baton: ${problem}. Read files with Read/Grep/Glob or read-only commands; write only the plan.`,
  );
}

async function denyCommand(
  context: HookContext,
  command: string,
  problem: string,
  message: string,
): Promise<HookResult> {
  const decision = denyToolUse(message);
  context.decision = decision;
  await recordDenial(context, {
    kind: 'command-denied',
    instance: context.instance ?? null,
    data: { tool: 'Bash', command, reason: problem, role: context.roles.role ?? null },
  });
  return decision;
}

/** Keeps copies of what the command must not change (bash-guard); fails closed. */
async function guardBash(payload: HookPayload, context: HookContext, command: string): Promise<HookResult> {
  try {
    const { guardBeforeBash } = await import('../bash-guard/bash-guard.ts');
    const denied = await guardBeforeBash(payload, context);
    if (!denied) return noDecision;
    context.decision = denied;
    return denied;
  } catch (error) {
    const reason = `the files other instances hold could not be checked (${(error as Error).message}), so the command is denied. ${storeFix}`;
    const decision = denyToolUse(`baton: ${reason}`);
    context.decision = decision;
    await recordDenial(context, {
      kind: 'command-denied',
      instance: context.instance ?? null,
      data: { tool: 'Bash', command, reason },
    });
    return decision;
  }
}

/** Records a denial event; a failure is logged and the denial stands. */
async function recordDenial(context: HookContext, event: NewEvent): Promise<void> {
  try {
    const gate = await context.editGate();
    await gate.recordEvent(event);
  } catch (error) {
    const { logHookProblem } = await import('../hook-log.ts');
    logHookProblem(
      context.repositoryRoot,
      'pre-tool-use',
      `${event.kind} event not recorded (the tool use is denied all the same): ${(error as Error).message}`,
    );
  }
}

async function denyHeld(
  context: HookContext,
  tool: string,
  path: string,
  held: Claim,
  now: number,
): Promise<HookResult> {
  const { describeHeldClaim } = await import('../../../core/claims/describe-claim.ts');
  const description = describeHeldClaim(path, held, now);
  return deny(context, tool, {
    path,
    affects: [path],
    reason: `baton: ${description}. Do not edit it; work on something else or ask instance ${held.instance} to release it.`,
    heldBy: {
      instance: held.instance,
      pattern: held.pattern,
      reason: held.reason,
      expiresAt: held.expiresAt,
    },
  });
}

async function deny(
  context: HookContext,
  tool: string,
  detail: {
    path: string;
    reason: string;
    affects?: string[];
    role?: string;
    heldBy?: Record<string, unknown>;
  },
): Promise<HookResult> {
  const reason = detail.reason.startsWith('baton:') ? detail.reason : `baton: ${detail.reason}`;
  const decision = denyToolUse(reason);
  context.decision = decision;
  await recordDenial(context, {
    kind: 'edit-denied',
    instance: context.instance ?? null,
    affects: detail.affects,
    data: {
      tool,
      path: detail.path,
      reason: detail.reason,
      ...(detail.role ? { role: detail.role } : {}),
      ...(detail.heldBy ? { heldBy: detail.heldBy } : {}),
    },
  });
  return decision;
}
