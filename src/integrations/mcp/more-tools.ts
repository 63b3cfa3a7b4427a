// The tools `--tools all` adds: cost, events, and writing a task's BUILD file (a hand-off).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { writeHandoff } from '../../agents/build-handoff.ts';
import { parseSince } from '../../core/pool/time.ts';
import { appendEvent } from '../../store/event-log.ts';
import { queryEvents } from '../../store/event-query.ts';
import { listTaskRuns } from '../../store/task-runs.ts';
import { summariseUsage } from '../../store/usage.ts';
import type { McpSession } from './session.ts';
import { requireArgument } from './tool-result.ts';

export async function costTool(session: McpSession, args: { plan?: string | undefined }): Promise<unknown> {
  const store = await session.context.store();
  return summariseUsage(store, { by: 'task', ...(args.plan === undefined ? {} : { planId: args.plan }) });
}

export async function eventsTool(
  session: McpSession,
  args: { plan?: string | undefined; since?: string | undefined; limit?: number | undefined },
): Promise<unknown> {
  const events = await queryEvents(await session.context.store(), {
    ...(args.plan === undefined ? {} : { planId: args.plan }),
    ...(args.since === undefined ? {} : { since: parseSince(args.since) }),
    limit: args.limit ?? 50,
  });
  return { events };
}

export async function handoffTool(
  session: McpSession,
  args: { plan?: string | undefined; task?: string | undefined },
): Promise<unknown> {
  const { context } = session;
  const planId = requireArgument(args.plan, 'plan');
  const taskId = requireArgument(args.task, 'task');
  const store = await context.store();
  // A started task's files are read from its worktree, where its work is (tasks start made it).
  const worktree = (await listTaskRuns(store, planId)).find((run) => run.taskId === taskId)?.data.worktree;
  const result = writeHandoff({
    repositoryRoot: context.repositoryRoot,
    config: context.config,
    planId,
    taskId,
    ...(typeof worktree === 'string' && existsSync(worktree) ? { dir: worktree } : {}),
  });
  await appendEvent(store, {
    kind: 'handoff-written',
    instance: session.instance ?? null,
    planId: result.planId,
    taskId: result.taskId,
    summary: `wrote ${path.relative(context.repositoryRoot, result.file)}`,
  });
  return result;
}
