// `baton plans` cold start with 50 plans: a new process each run, as a person (or a script)
// runs it. Prints the median wall time against the target (≤ 150 ms), beside bare `node -e 0`.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { type Figure, median, printFigure } from './figures.ts';
import { planDocument, taskText } from './support/plan-text.ts';

const defaultBin = path.resolve(import.meta.dirname, '..', 'bin', 'baton.js');

function planText(index: number): string {
  return planDocument({
    frontMatter: `id: plan-${index}\ntitle: Plan number ${index}\nrisk: low`,
    title: `Plan number ${index}`,
    summary: `Plan ${index}.`,
    tasks: Array.from({ length: 8 }, (_, task) =>
      taskText(`T${task + 1}`, {
        title: `Step ${task + 1} of plan ${index}`,
        files: `\`src/module-${index}/file-${task + 1}.ts\``,
        description: `Change number ${task + 1}.`,
        criteria: [`step ${task + 1} works`],
        dependencies: task === 0 ? 'none' : `T${task}`,
      }),
    ),
    verification: ['npm test'],
  });
}

function timeCommand(command: string, args: string[], cwd: string, env = process.env): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  return elapsed;
}

/**
 * Times `baton plans` in a repository with 50 plans (8 tasks each, spread over the states),
 * a new process per run; `bin` may point at a compiled copy (bin/ + dist/).
 */
export function benchPlansColdStart(
  options: { runs?: number; bin?: string; label?: string } = {},
): Figure & { nodeMilliseconds: number } {
  const runs = options.runs ?? 15;
  const batonBin = options.bin ?? defaultBin;
  // This checkout's bin/baton.js would take a dist/ built here: force the sources.
  const env = { ...process.env, BATON_FROM_SOURCE: options.bin ? undefined : '1' };
  const repository = mkdtempSync(path.join(tmpdir(), 'baton-bench-plans-'));
  try {
    execFileSync('git', ['init', '-q'], { cwd: repository });
    execFileSync(process.execPath, [batonBin, 'init'], { cwd: repository, stdio: 'ignore' });
    const states = ['review', 'active', 'completed'];
    for (let index = 0; index < 50; index++) {
      const folder = path.join(repository, '.baton/plans', states[index % states.length]!);
      mkdirSync(folder, { recursive: true });
      writeFileSync(path.join(folder, `plan-${index}.md`), planText(index));
    }
    const baton: number[] = [];
    const node: number[] = [];
    timeCommand(process.execPath, [batonBin, 'plans'], repository, env); // warm the file cache
    for (let run = 0; run < runs; run++) {
      baton.push(timeCommand(process.execPath, [batonBin, 'plans'], repository, env));
      node.push(timeCommand(process.execPath, ['-e', '0'], repository));
    }
    const figure = {
      name: `baton plans cold start, 50 plans${options.label ? ` (${options.label})` : ''}; node -e 0: ${median(node).toFixed(1)} ms`,
      medianMilliseconds: median(baton),
      targetMilliseconds: 150,
      runs,
      nodeMilliseconds: median(node),
    };
    printFigure(figure);
    return figure;
  } finally {
    rmSync(repository, { recursive: true, force: true });
  }
}
