// `baton lint [plan-id | file]...`: compiler-style diagnostics; exit 1 on errors.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('lint')
    .description('check plans: tasks, dependencies, cycles, declared files, placeholders (exit 1 on errors)')
    .argument('[plans...]', 'plan ids or Markdown files (default: every plan in review and active)')
    .option('--json', 'print diagnostics as JSON')
    .addHelpText(
      'after',
      '\nOutput: file:line:col severity code message. Codes are listed in docs/plan-format.md.\n',
    )
    .action(async (targets: string[], options: { json?: boolean }) => {
      const { lintTargets } = await import('../plans/lint-targets.ts');
      const { createContext } = await import('./context.ts');
      const { formatDiagnostic } = await import('../core/plan/diagnostics.ts');
      const { setExitCode, writeJson, writeLine } = await import('./output.ts');
      const { ExitCode } = await import('../errors.ts');
      const path = await import('node:path');
      const context = await createContext();
      const results = lintTargets(context.repositoryRoot, context.config, targets);
      const errorCount = results.reduce(
        (sum, result) => sum + result.diagnostics.filter((d) => d.severity === 'error').length,
        0,
      );
      const warningCount = results.reduce(
        (sum, result) => sum + result.diagnostics.filter((d) => d.severity === 'warning').length,
        0,
      );
      if (errorCount > 0) setExitCode(ExitCode.failed);
      if (options.json) {
        return writeJson({
          ok: errorCount === 0,
          errors: errorCount,
          warnings: warningCount,
          plans: results.map((result) => ({
            id: result.id,
            file: result.file,
            diagnostics: result.diagnostics,
          })),
        });
      }
      for (const result of results) {
        for (const diagnostic of result.diagnostics) {
          writeLine(
            formatDiagnostic({
              ...diagnostic,
              file: path.relative(process.cwd(), result.file) || result.file,
            }),
          );
        }
      }
      const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
      writeLine(
        `${plural(results.length, 'plan')} checked: ${plural(errorCount, 'error')}, ${plural(warningCount, 'warning')}`,
      );
    });
}
