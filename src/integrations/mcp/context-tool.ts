// The `context` tool: the caller's attention (the files it worked on lately, HOT or WARM), and
// touching a file, which counts as one turn naming it, as the hooks do for an edit.
import { heatOf } from '../../core/attention/attention-scores.ts';
import { normalizeRepositoryPattern } from '../../core/claims/pattern.ts';
import { advanceAttention, readAttention } from '../../store/attention-turns.ts';
import { appendEvent } from '../../store/event-log.ts';
import { callerInstance, type McpSession } from './session.ts';
import { requireArgument } from './tool-result.ts';

export interface ContextArguments {
  action: string;
  path?: string | undefined;
}

export async function contextTool(session: McpSession, args: ContextArguments): Promise<unknown> {
  const { context } = session;
  const settings = context.config.context;
  const instance = callerInstance(session);
  const store = await context.store();
  const view = (state: { turn: number; scores: Array<{ path: string; score: number }> }) => ({
    instance,
    turn: state.turn,
    files: state.scores
      .map((entry) => ({ ...entry, heat: heatOf(entry.score, settings) }))
      .filter((entry) => entry.heat !== 'cold'),
  });
  if (args.action === 'attention') {
    const [state] = await readAttention(store, instance);
    return view(state ?? { turn: 0, scores: [] });
  }
  const file = normalizeRepositoryPattern(requireArgument(args.path, 'path'), {
    repositoryRoot: context.repositoryRoot,
    cwd: context.repositoryRoot,
  });
  const state = await advanceAttention(store, { instance, mentioned: [file], settings });
  await appendEvent(store, {
    kind: 'attention-touched',
    instance,
    summary: `touched ${file}`,
    affects: [file],
  });
  return view(state);
}
