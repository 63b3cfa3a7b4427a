// `baton dashboard [--out FILE]`: seed 002's PROJECT_DASHBOARD.md, written on demand (baton run
// writes it at the end of every run too).
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('dashboard')
    .description(
      'write PROJECT_DASHBOARD.md: plans by state, task tables with status, rounds and scores, blocked items, next actions, cost',
    )
    .option('--out <file>', 'where to write it, relative to the repository root', 'PROJECT_DASHBOARD.md')
    .option('--json', 'print what was written, and the next actions, as JSON')
    .action(async (options: { out: string; json?: boolean }) => {
      const { withContext } = await import('./context.ts');
      const { dashboardData, nextActions, renderDashboard } = await import('../runner/project-dashboard.ts');
      const { writeFileSync } = await import('node:fs');
      const path = await import('node:path');
      const { writeJson, writeLine } = await import('./output.ts');
      await withContext(async (context) => {
        const data = await dashboardData(context.repositoryRoot, context.config, await context.store());
        const file = path.resolve(context.repositoryRoot, options.out);
        writeFileSync(file, renderDashboard(data));
        if (options.json) return writeJson({ ok: true, file, nextActions: nextActions(data) });
        writeLine(`wrote ${path.relative(process.cwd(), file) || file}`);
      });
    });
}
