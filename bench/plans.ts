// Plan benchmarks. Figures are printed, never asserted: targets live in the issue (#2) and
// here in the output, not in timed tests. Run: node bench/plans.ts
//
// Each figure is its own exported function, so others can be added beside it (the second
// figure of issue #2, `baton plans` cold start with 50 plans, belongs in its own function)
// and main() at the bottom runs them all.
import { lintPlan } from '../src/core/plan/lint-plan.ts';
import { emptyPlan, type Plan, type PlanTask } from '../src/core/plan/model.ts';
import { parsePlan } from '../src/core/plan/parse.ts';
import { renderPlan } from '../src/core/plan/render.ts';
import { type Figure, median, printFigure } from './figures.ts';

export { type Figure, median, printFigure } from './figures.ts';

/**
 * A plan shaped like a big real one: chains of 10 tasks, every chain fanning out from a
 * setup task, each task with 1–3 files, criteria, verify commands and an estimate.
 */
export function generatedPlan(taskCount: number): Plan {
  const plan = emptyPlan({
    id: 'bench',
    title: `Generated plan with ${taskCount} tasks`,
    created: '2026-02-04',
    risk: 'medium',
  });
  plan.summary = 'A generated plan for the parse and lint benchmark: chains and fan-outs of tasks.';
  plan.prerequisites = ['Node 24 installed', 'Repository checked out'];
  for (let number = 1; number <= taskCount; number++) {
    const chain = Math.floor((number - 2) / 10);
    const dependencies =
      number === 1
        ? []
        : (number - 2) % 10 === 0
          ? ['T1']
          : [`T${number - 1}`, ...(number % 7 === 0 ? ['T1'] : [])];
    const files = [`src/module-${chain}/part-${number}.ts`];
    if (number % 3 === 0) files.push(`test/module-${chain}/part-${number}.test.ts`);
    if (number % 50 === 0) files.push(`docs/module-${chain}/**/*.md`);
    const task: PlanTask = {
      id: `T${number}`,
      title: `Implement part ${number} of module ${chain}`,
      action: number % 5 === 0 ? 'create' : 'modify',
      files,
      description: `Change the \`part${number}\` function so it handles the new case; keep the old API working.`,
      successCriteria: [`part ${number} handles the new case`, 'existing tests still pass'],
      verify: [`npm test -- test/module-${chain}/part-${number}.test.ts`],
      dependencies,
      estimate: `${(number % 4) + 1}h`,
    };
    plan.tasks.push(task);
  }
  plan.edgeCases = ['Empty input: return an empty result', 'Huge input: stream it'];
  plan.risks = [
    { risk: 'Regression in module 0', impact: 'Medium', mitigation: 'Full test suite on every task' },
  ];
  plan.verification = ['`npm run build` passes', '`npm test` passes'];
  return plan;
}

/** Figure 1: parse + lint of a generated 1,000-task plan. */
export async function benchParseLint(options: { runs?: number; warmUp?: number } = {}): Promise<Figure> {
  const runs = options.runs ?? 20;
  const text = renderPlan(generatedPlan(1000));
  const check = lintPlan(parsePlan(text));
  const errors = check.filter((diagnostic) => diagnostic.severity === 'error');
  if (errors.length > 0)
    throw new Error(`the generated plan should lint clean: ${JSON.stringify(errors.slice(0, 3))}`);
  for (let run = 0; run < (options.warmUp ?? 5); run++) lintPlan(parsePlan(text));
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    lintPlan(parsePlan(text));
    times.push(performance.now() - start);
  }
  const figure = {
    name: `parse+lint 1000 tasks (${Math.round(text.length / 1024)} KB)`,
    medianMilliseconds: median(times),
    targetMilliseconds: 100,
    runs,
  };
  printFigure(figure);
  return figure;
}

async function main(): Promise<void> {
  await benchParseLint();
  const { benchPlansColdStart } = await import('./plans-cold-start.ts');
  benchPlansColdStart({ label: 'from the TypeScript sources' });
  const { withCompiledCopy } = await import('../scripts/compiled-copy.ts');
  withCompiledCopy((bin) => benchPlansColdStart({ bin, label: 'compiled, as installed' }));
}

if (import.meta.main) await main();
