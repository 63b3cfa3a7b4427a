// `baton attention`: what each instance pays attention to (seed 001's context router): its turn
// and its HOT and WARM files with their scores. `--clear` forgets one instance's attention.
import type { Command } from 'commander';
import { type AttentionSettings, heatOf } from '../core/attention/attention-scores.ts';
import type { AttentionState } from '../store/attention-turns.ts';

interface AttentionOptions {
  instance?: string;
  clear?: boolean;
  json?: boolean;
}

export function describeAttention(states: readonly AttentionState[], settings: AttentionSettings): string[] {
  if (states.length === 0)
    return [
      'No attention recorded yet: it starts with the first prompt of an instance (BATON_INSTANCE set, hooks installed).',
    ];
  const lines: string[] = [];
  for (const state of states) {
    const heats = state.scores.map((entry) => ({ ...entry, heat: heatOf(entry.score, settings) }));
    const count = (heat: string) => heats.filter((entry) => entry.heat === heat).length;
    lines.push(`${state.instance}: turn ${state.turn} — ${count('hot')} hot, ${count('warm')} warm`);
    for (const entry of heats)
      lines.push(`  ${entry.heat.toUpperCase().padEnd(5)} ${entry.score.toFixed(2)}  ${entry.path}`);
  }
  return lines;
}

export function register(program: Command): void {
  program
    .command('attention')
    .description(
      "each instance's attention: the files it named or edited lately, HOT (shown whole) or WARM (first lines)",
    )
    .option(
      '--instance <id>',
      'one instance only; with --clear, whose (default: BATON_INSTANCE or CLAUDE_INSTANCE)',
    )
    .option('--clear', "forget the instance's attention")
    .option('--json', 'print the attention as JSON')
    .action(async (options: AttentionOptions) => {
      const { withContext } = await import('./context.ts');
      const { clearAttention, readAttention } = await import('../store/attention-turns.ts');
      const { requireInstance } = await import('../core/instance.ts');
      const { writeJson, writeLine } = await import('./output.ts');
      await withContext(async (context) => {
        const store = await context.store();
        const settings = context.config.context;
        if (options.clear) {
          // The flag names whose attention to clear; without it, this session's instance.
          const instance =
            options.instance !== undefined
              ? requireInstance({ env: {}, flag: options.instance })
              : requireInstance();
          await clearAttention(store, instance);
          if (options.json) return writeJson({ ok: true, cleared: instance });
          return writeLine(`Cleared the attention of ${instance}.`);
        }
        // An instance that never took a turn has nothing to show.
        const states = (await readAttention(store, options.instance)).filter(
          (state) => state.turn > 0 || state.scores.length > 0,
        );
        if (options.json)
          return writeJson({
            ok: true,
            instances: states.map((state) => ({
              instance: state.instance,
              turn: state.turn,
              files: state.scores.map((entry) => ({ ...entry, heat: heatOf(entry.score, settings) })),
            })),
          });
        for (const line of describeAttention(states, settings)) writeLine(line);
      });
    });
}
