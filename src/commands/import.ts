// `baton import <file>`: another tool's plan (seed 000 template, spec-kit tasks.md, Task Master
// tasks.json) into review, in baton's canonical form; a plan already in baton's Markdown (or seed
// 003's form) as it is, once it lints clean.
import type { Command } from 'commander';

interface ImportCommandOptions {
  format?: string;
  as?: string;
  tag?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('import')
    .description('import a plan written for another tool into review, in canonical form')
    .argument('<file>', 'the file to import')
    .option(
      '--format <format>',
      "baton (baton's own Markdown, seed 003's plan form too), seed-template, spec-kit or task-master (default: detected)",
    )
    .option('--as <id>', 'the plan id (default: from the file name)')
    .option('--tag <tag>', 'Task Master: the tag to import (default: master)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nWhat the import had to guess is printed as warnings; lint errors say what to fix before approval.\n',
    )
    .action(async (file: string, options: ImportCommandOptions) => {
      const { importIntoReview } = await import('../plans/import-plan.ts');
      const { withLifecycle } = await import('./plan-context.ts');
      const { formatDiagnostic } = await import('../core/plan/diagnostics.ts');
      const { setExitCode, writeJson, writeLine } = await import('./output.ts');
      const { ExitCode } = await import('../errors.ts');
      const path = await import('node:path');
      await withLifecycle(async (context) => {
        const result = await importIntoReview(context, file, options);
        const errors = result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
        if (errors.length > 0) setExitCode(ExitCode.failed);
        if (options.json) return writeJson({ ok: errors.length === 0, ...result });
        const relative = path.relative(process.cwd(), result.file);
        for (const warning of result.warnings)
          writeLine(formatDiagnostic({ ...warning, file: path.relative(process.cwd(), path.resolve(file)) }));
        for (const diagnostic of result.diagnostics)
          writeLine(formatDiagnostic({ ...diagnostic, file: relative }));
        writeLine(
          `imported ${result.tasks} task${result.tasks === 1 ? '' : 's'} from ${file} (${result.format}) as ${result.id}: ${relative} (in review)`,
        );
        writeLine(
          errors.length > 0
            ? `${errors.length} lint error${errors.length === 1 ? '' : 's'} to fix before it can be approved (see above).`
            : `It lints clean. Review it, then: baton approve ${result.id}`,
        );
      });
    });
}
