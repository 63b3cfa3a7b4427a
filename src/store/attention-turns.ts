// Each instance's attention (src/core/attention/): its turn and a score per file. A turn
// decays every score and sets the mentioned files to 1 in one write transaction, so two hooks
// of one instance cannot lose each other's update.
import {
  type AttentionScore,
  type AttentionSettings,
  nextScores,
} from '../core/attention/attention-scores.ts';
import type { Store } from './store.ts';
import { withTableLock } from './store.ts';
import { inTransaction, type StoreScope } from './store-scope.ts';

export interface AttentionState {
  instance: string;
  turn: number;
  /** Highest first; only files still HOT or WARM. */
  scores: AttentionScore[];
}

/** The instance's turn counter and when it last moved, if it ever took a turn. */
function turnRow(scope: StoreScope, instance: string) {
  return scope.db
    .selectFrom('attention_turns')
    .select(['turn', 'updated_at'])
    .where('project', '=', scope.project)
    .where('instance', '=', instance)
    .executeTakeFirst();
}

async function scoresOf(
  scope: StoreScope,
  instance: string,
): Promise<{ turn: number; scores: AttentionScore[] }> {
  const turn = await turnRow(scope, instance);
  const rows = await scope.db
    .selectFrom('attention')
    .select(['path', 'score'])
    .where('project', '=', scope.project)
    .where('instance', '=', instance)
    .orderBy('score', 'desc')
    .orderBy('path')
    .execute();
  return {
    turn: Number(turn?.turn ?? 0),
    scores: rows.map((row) => ({ path: row.path, score: Number(row.score) })),
  };
}

/** One turn of `instance`: scores decay, `mentioned` files go to 1. Returns the new state. */
export async function advanceAttention(
  store: Store,
  request: { instance: string; mentioned: readonly string[]; settings: AttentionSettings; now?: number },
): Promise<AttentionState> {
  return withTableLock(store, 'attention', async (transaction) => {
    const previous = await scoresOf(inTransaction(store, transaction), request.instance);
    const scores = nextScores(previous.scores, request.mentioned, request.settings);
    const turn = previous.turn + 1;
    await transaction
      .insertInto('attention_turns')
      .values({
        project: store.project,
        instance: request.instance,
        turn,
        updated_at: request.now ?? Date.now(),
      })
      .onConflict((conflict) =>
        conflict
          .columns(['project', 'instance'])
          .doUpdateSet({ turn, updated_at: request.now ?? Date.now() }),
      )
      .execute();
    await transaction
      .deleteFrom('attention')
      .where('project', '=', store.project)
      .where('instance', '=', request.instance)
      .execute();
    if (scores.length > 0)
      await transaction
        .insertInto('attention')
        .values(
          scores.map((entry) => ({
            project: store.project,
            instance: request.instance,
            path: entry.path,
            score: entry.score,
          })),
        )
        .execute();
    return { instance: request.instance, turn, scores };
  });
}

/** When the instance's last turn was taken (ms since the epoch), if it ever took one. */
export async function lastTurnAt(store: Store, instance: string): Promise<number | undefined> {
  const row = await turnRow(store, instance);
  return row === undefined ? undefined : Number(row.updated_at);
}

/** The attention of one instance, or of every instance that has any. */
export async function readAttention(store: Store, instance?: string): Promise<AttentionState[]> {
  const instances =
    instance !== undefined
      ? [instance]
      : (
          await store.db
            .selectFrom('attention_turns')
            .select('instance')
            .where('project', '=', store.project)
            .orderBy('instance')
            .execute()
        ).map((row) => row.instance);
  const states: AttentionState[] = [];
  for (const name of instances) states.push({ instance: name, ...(await scoresOf(store, name)) });
  return states;
}

/** Forgets an instance's attention (its turn starts again at 0). */
export async function clearAttention(store: Store, instance: string): Promise<void> {
  await withTableLock(store, 'attention', async (transaction) => {
    for (const table of ['attention', 'attention_turns'] as const)
      await transaction
        .deleteFrom(table)
        .where('project', '=', store.project)
        .where('instance', '=', instance)
        .execute();
  });
}
