// `baton show <id>`: one plan in full.
import type { Command } from 'commander';
import type { PlanDetails } from '../plans/plan-details.ts';

function formatTime(milliseconds: number): string {
  return new Date(milliseconds).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

export function describePlan(details: PlanDetails): string[] {
  const { plan } = details;
  const lines: string[] = [];
  lines.push(`${details.id}: ${plan.meta.title}`);
  lines.push(`  state     ${details.state}`);
  lines.push(`  file      ${details.file}`);
  if (plan.meta.base) lines.push(`  base      ${plan.meta.base}`);
  if (plan.meta.risk) lines.push(`  risk      ${plan.meta.risk}`);
  if (details.approval) {
    const freshness = details.approval.current
      ? 'text unchanged since'
      : 'CHANGED SINCE APPROVAL: approve again before it runs';
    lines.push(
      `  approved  by ${details.approval.by}, ${formatTime(details.approval.at)}, sha256 ${details.approval.sha256.slice(0, 12)}… (${freshness})`,
    );
  } else if (details.state === 'active') {
    lines.push('  approved  no record of an approval: approve it before it runs');
  }
  if (details.rejection)
    lines.push(
      `  rejected  by ${details.rejection.by}, ${formatTime(details.rejection.at)}: ${details.rejection.reason}`,
    );
  const errors = details.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
  const warnings = details.diagnostics.length - errors;
  lines.push(
    `  lint      ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`,
  );
  lines.push('');
  lines.push(`Tasks (${plan.tasks.length})`);
  const runState = new Map(details.runs.map((run) => [run.taskId, run.state]));
  for (const task of plan.tasks) {
    const dependencies = task.dependencies.length > 0 ? `  after ${task.dependencies.join(', ')}` : '';
    const state = runState.get(task.id);
    lines.push(
      `  ${task.id.padEnd(5)} ${task.action ?? '?'.padEnd(6)} ${task.title}${dependencies}${state ? `  [${state}]` : ''}`,
    );
    if (task.files.length > 0) lines.push(`        files: ${task.files.join(', ')}`);
  }
  lines.push('');
  lines.push('Graph (tasks in one layer may run in parallel)');
  for (const [index, layer] of details.layers.entries())
    lines.push(`  layer ${index + 1}: ${layer.join(', ')}`);
  lines.push(
    `Critical path: ${details.criticalPath.length > 0 ? details.criticalPath.join(' → ') : '(none)'}`,
  );
  if (details.revision) {
    lines.push('');
    lines.push(`Revised ${formatTime(details.revision.at)}: ${details.revision.reason}`);
    lines.push(
      details.revision.diff === ''
        ? '  (no change yet against the approved text)'
        : `Changes since the approval by ${details.revision.approvedBy}:`,
    );
    if (details.revision.diff !== '') lines.push(details.revision.diff.trimEnd());
  }
  return lines;
}

export function register(program: Command): void {
  program
    .command('show')
    .description('show a plan: state, approval, tasks, the task graph in layers and the critical path')
    .argument('<id>', 'the plan id')
    .option('--json', 'print the plan as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const { planDetails } = await import('../plans/plan-details.ts');
      const { withContext } = await import('./context.ts');
      const { writeJson, writeLine } = await import('./output.ts');
      const { requirePlanArgument } = await import('./plan-argument.ts');
      await withContext(async (context) => {
        requirePlanArgument(context, id);
        const details = await planDetails(context.repositoryRoot, context.config, await context.store(), id);
        if (options.json) return writeJson({ ok: true, ...details });
        for (const line of describePlan(details)) writeLine(line);
      });
    });
}
