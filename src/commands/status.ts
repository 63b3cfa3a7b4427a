// `baton status [<plan>]`: where every task of every active plan stands.
import type { Command } from 'commander';
import { describeRunner, type PlanStatus, type TaskStatus } from '../runner/run-status.ts';

function duration(milliseconds: number | null): string {
  if (milliseconds === null) return '';
  const seconds = Math.round(milliseconds / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60
    ? `${minutes}m${String(seconds % 60).padStart(2, '0')}s`
    : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** Shown under a task: the last few things baton refused its sessions, and where the rest are. */
const shownDenials = 3;

function deniedLines(planId: string, task: TaskStatus): string[] {
  const denials = task.denials ?? [];
  if (denials.length === 0) return [];
  const lines = denials
    .slice(-shownDenials)
    .map((denial) => `         refused (round ${denial.round}, ${denial.role}): ${denial.text}`);
  if (denials.length > shownDenials)
    lines.unshift(
      `         ${denials.length - shownDenials} more refusal(s): baton events --kind denials --plan ${planId} --task ${task.taskId}`,
    );
  return lines;
}

export function describeStatus(statuses: readonly PlanStatus[]): string[] {
  if (statuses.length === 0) return ['No active plans.'];
  const lines: string[] = [];
  for (const status of statuses) {
    const runner = describeRunner(status.runner, { where: true });
    lines.push(
      `${status.planId}: ${status.title} [${status.state}] — ${runner}, cost $${status.costUsd.toFixed(4)}`,
    );
    for (const task of status.tasks) {
      const columns = [
        `  ${task.taskId.padEnd(6)}`,
        task.state.padEnd(9),
        (task.round > 0 ? `round ${task.round}` : '').padEnd(8),
        (task.score !== null ? `score ${task.score}` : '').padEnd(10),
        duration(task.elapsedMs).padEnd(7),
        (task.costUsd !== null ? `$${task.costUsd.toFixed(4)}` : '').padEnd(9),
        task.by ? `by ${task.by}` : '',
      ];
      lines.push(
        `${columns.join(' ').trimEnd()}${task.reason && task.state === 'blocked' ? ` — ${task.reason}` : ''}`,
      );
      lines.push(...deniedLines(status.planId, task));
    }
  }
  return lines;
}

export function register(program: Command): void {
  program
    .command('status')
    .description('where every task of every active plan stands: state, by whom, for how long, cost so far')
    .argument('[plan]', 'one plan only (in any state)')
    .option('--json', 'print the status as JSON')
    .action(async (planId: string | undefined, options: { json?: boolean }) => {
      const { withContext } = await import('./context.ts');
      const { planStatuses } = await import('../runner/run-status.ts');
      const { writeJson, writeLine } = await import('./output.ts');
      const { requirePlanArgument } = await import('./plan-argument.ts');
      await withContext(async (context) => {
        if (planId !== undefined) requirePlanArgument(context, planId);
        const statuses = await planStatuses(
          context.repositoryRoot,
          context.config,
          await context.store(),
          planId,
        );
        if (options.json) return writeJson({ ok: true, plans: statuses });
        for (const line of describeStatus(statuses)) writeLine(line);
      });
    });
}
