// `baton new <id>`: a plan from the template, in review.
import type { Command } from 'commander';

interface NewOptions {
  title?: string;
  author?: string;
  base?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('new')
    .description('write a new plan from the template into review, for a person or a planner to fill in')
    .argument('<id>', 'the plan id, e.g. auth-jwt (letters, digits, ".", "_", "-")')
    .option('--title <title>', 'the plan title')
    .option('--author <name>', 'who writes the plan (default: git user.name)')
    .option('--base <branch>', 'the branch the plan applies to (default: the current branch)')
    .option('--json', 'print the result as JSON')
    .action(async (id: string, options: NewOptions) => {
      const { planTemplate } = await import('../core/plan/template.ts');
      const { createPlanInReview } = await import('../plans/create-plan.ts');
      const { currentBranch, personName } = await import('../workspace/git.ts');
      const { withLifecycle } = await import('./plan-context.ts');
      const { writeJson, writeLine } = await import('./output.ts');
      const path = await import('node:path');
      await withLifecycle(async (context) => {
        const text = planTemplate({
          id,
          title: options.title,
          created: new Date().toISOString().slice(0, 10),
          author: options.author ?? personName(context.repositoryRoot),
          base: options.base ?? currentBranch(context.repositoryRoot) ?? 'main',
        });
        const location = await createPlanInReview(context, id, text, { source: 'template' });
        if (options.json) return writeJson({ ok: true, id, state: location.state, file: location.file });
        writeLine(`created ${path.relative(process.cwd(), location.file)} (in review)`);
        writeLine('Fill in the [placeholders], then: baton lint ' + id + ' && baton approve ' + id);
      });
    });
}
