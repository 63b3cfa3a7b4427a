// `baton handoff <plan> <task>`: BUILD_<task>.md for a person or any other tool (seed 002).
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('handoff')
    .description(
      "write BUILD_<task>.md: the task, the plan's context, the declared files' contents, success criteria, verify commands and the rules",
    )
    .argument('<plan>', 'the plan id')
    .argument('<task>', 'the task id, e.g. T2')
    .option('--out <file>', 'where to write it (default .baton/handoff/<plan>/BUILD_<task>.md)')
    .option('--dir <path>', 'read the declared files from here, e.g. a worktree (default: the repository)')
    .option('--json', 'print the result as JSON')
    .action(
      async (planId: string, taskId: string, options: { out?: string; dir?: string; json?: boolean }) => {
        const path = await import('node:path');
        const { writeHandoff } = await import('../agents/build-handoff.ts');
        const { createContext } = await import('./context.ts');
        const { writeJson, writeLine } = await import('./output.ts');
        const context = await createContext();
        const result = writeHandoff({
          repositoryRoot: context.repositoryRoot,
          config: context.config,
          planId,
          taskId,
          ...(options.out ? { out: options.out } : {}),
          ...(options.dir ? { dir: path.resolve(options.dir) } : {}),
        });
        if (options.json) return writeJson({ ok: true, ...result });
        writeLine(`wrote ${path.relative(process.cwd(), result.file) || result.file}`);
        writeLine(
          `  ${result.files.length} declared file${result.files.length === 1 ? '' : 's'} inlined${result.withFeedback ? ', with the last review feedback' : ''}`,
        );
        writeLine(
          `Hand it to whoever builds ${result.taskId}; when the work is in place: baton submit ${planId} ${result.taskId}`,
        );
      },
    );
}
