// The `pool` tool: post an entry as the caller's instance, or query the pool. The same checks
// as `baton pool post` and `pool query` (field lengths, actions, paths inside the repository).
import { normalizeRepositoryPattern } from '../../core/claims/pattern.ts';
import { isPoolAction, poolActions, poolFieldProblems } from '../../core/pool/entry.ts';
import { parseSince } from '../../core/pool/time.ts';
import { BatonError } from '../../errors.ts';
import { postPoolEntries, queryPool, toPoolEntry } from '../../store/pool-entries.ts';
import { callerInstance, type McpSession } from './session.ts';
import { requireArgument } from './tool-result.ts';

export interface PoolArguments {
  action: string;
  kind?: string | undefined;
  topic?: string | undefined;
  summary?: string | undefined;
  affects?: string[] | undefined;
  plan?: string | undefined;
  task?: string | undefined;
  since?: string | undefined;
  instance?: string | undefined;
  limit?: number | undefined;
}

function poolAction(value: string) {
  const action = value.trim().toLowerCase();
  if (!isPoolAction(action))
    throw new BatonError('USAGE', `unknown pool action "${value}"`, {
      hint: `One of ${poolActions.join(', ')}.`,
    });
  return action;
}

export async function poolTool(session: McpSession, args: PoolArguments): Promise<unknown> {
  const { context } = session;
  const base = { repositoryRoot: context.repositoryRoot, cwd: context.repositoryRoot };
  const affects = (args.affects ?? []).map((affected) => normalizeRepositoryPattern(affected, base));
  if (args.action === 'query') {
    const entries = await queryPool(await context.store(), {
      ...(args.since === undefined ? {} : { since: parseSince(args.since) }),
      ...(args.instance === undefined ? {} : { instance: args.instance }),
      ...(args.kind === undefined ? {} : { action: poolAction(args.kind) }),
      ...(affects[0] === undefined ? {} : { affects: affects[0] }),
      ...(args.plan === undefined ? {} : { planId: args.plan }),
      limit: args.limit ?? 50,
    });
    return { entries };
  }
  const instance = callerInstance(session);
  const topic = requireArgument(args.topic, 'topic');
  const summary = requireArgument(args.summary, 'summary');
  const problems = poolFieldProblems({ topic, summary, affects });
  if (problems.length > 0) throw new BatonError('USAGE', problems.join('; '), { hint: 'Shorten it.' });
  const [stored] = await postPoolEntries(await context.store(), [
    {
      instance,
      action: poolAction(requireArgument(args.kind, 'kind')),
      topic,
      summary,
      affects,
      blocks: null,
      planId: args.plan ?? null,
      taskId: args.task ?? null,
    },
  ]);
  return { posted: toPoolEntry(stored!) };
}
