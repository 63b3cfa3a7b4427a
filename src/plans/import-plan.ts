// Importing a plan file: read, convert (pure, in core/import), render canonically, write into
// review as one atomic create, then lint the written text so diagnostics point at its lines.
// A plan already in baton's Markdown (seed 003's form too) is not converted: linted first, as it
// would be in review, it is written as it is (its id set) or, with lint errors, refused with them
// pointing into the source file and nothing written.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { frontMatterId, withPlanId } from '../core/import/baton-markdown.ts';
import { detectFormat, type ImportFormat, importFormats, importPlan } from '../core/import/import-formats.ts';
import { formatDiagnostic } from '../core/plan/diagnostics.ts';
import type { Diagnostic } from '../core/plan/model.ts';
import { renderPlan } from '../core/plan/render.ts';
import { BatonError } from '../errors.ts';
import { createPlanInReview } from './create-plan.ts';
import type { LifecycleContext } from './lifecycle.ts';
import { lintText } from './plan-document.ts';
import { planFile } from './plan-files.ts';
import { planFolders } from './plan-folders.ts';

const formats: readonly ImportFormat[] = importFormats;

export interface ImportIntoReviewResult {
  id: string;
  file: string;
  format: ImportFormat;
  tasks: number;
  /** What the import had to guess, pointing into the source file. */
  warnings: Diagnostic[];
  /** Lint of the written plan, pointing into the new file. */
  diagnostics: Diagnostic[];
}

export function planIdFromFileName(file: string): string {
  const base = path.basename(file).replace(/\.(md|markdown|json)$/i, '');
  const id = base
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/-+$/, '');
  return id || 'imported-plan';
}

/** `tasks.md` (spec-kit) and `tasks.json` (Task Master) say nothing about the plan they hold. */
export function isGenericPlanFileName(file: string): boolean {
  return /^tasks\.(?:md|markdown|json)$/i.test(path.basename(file));
}

/** A plan id from a title: `Tasks: User Registration API` → `user-registration-api`, at most 60 characters. */
export function planIdFromTitle(title: string): string | undefined {
  const slug = title
    .replace(/^(?:tasks|plan)\s*:\s*/i, '')
    .replace(/^imported from\s+/i, '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug === '') return undefined;
  if (slug.length <= 60) return slug;
  const cut = slug.slice(0, 61);
  return (cut.lastIndexOf('-') > 20 ? cut.slice(0, cut.lastIndexOf('-')) : slug.slice(0, 60)).replace(
    /-+$/,
    '',
  );
}

export async function importIntoReview(
  context: LifecycleContext,
  file: string,
  options: { format?: string; as?: string; tag?: string },
): Promise<ImportIntoReviewResult> {
  if (options.format !== undefined && !formats.includes(options.format as ImportFormat)) {
    throw new BatonError(
      'USAGE',
      `unknown import format "${options.format}"; use one of ${formats.join(', ')}`,
    );
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new BatonError('USAGE', `cannot read ${file}: ${(error as Error).message}`);
  }
  const format = (options.format as ImportFormat | undefined) ?? detectFormat(text, path.basename(file));
  if (format === 'baton') return importBatonPlan(context, file, text, options.as);
  let id = options.as ?? planIdFromFileName(file);
  const result = importPlan(text, {
    id,
    format: options.format as ImportFormat | undefined,
    tag: options.tag,
    fileName: path.basename(file),
    now: new Date().toISOString().slice(0, 10),
  });
  if (!result.ok) {
    throw new BatonError(
      'IMPORT_FAILED',
      `cannot import ${file}: ${result.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('; ')}`,
      {
        data: { diagnostics: result.diagnostics.map((diagnostic) => ({ ...diagnostic, file })) },
      },
    );
  }
  // Every spec-kit feature has a tasks.md and every Task Master project a tasks.json: named after
  // the file, each would be the plan `tasks`. The title says which plan it is.
  if (options.as === undefined && isGenericPlanFileName(file)) {
    const fromTitle = planIdFromTitle(result.plan.meta.title);
    if (fromTitle !== undefined) {
      id = fromTitle;
      result.plan.meta.id = id;
    }
  }
  const rendered = renderPlan(result.plan);
  const location = await createPlanInReview(context, id, rendered, {
    source: 'import',
    format: result.format,
    from: path.resolve(file),
  });
  return {
    id,
    file: location.file,
    format: result.format,
    tasks: result.plan.tasks.length,
    warnings: result.warnings.map((warning) => ({ ...warning, file })),
    diagnostics: lintText(rendered, location.file, context.repositoryRoot).diagnostics,
  };
}

/** A plan in baton's own Markdown: linted as it would be in review, then written as it is. */
async function importBatonPlan(
  context: LifecycleContext,
  file: string,
  source: string,
  as: string | undefined,
): Promise<ImportIntoReviewResult> {
  const id = as ?? frontMatterId(source) ?? planIdFromFileName(file);
  const text = withPlanId(source, id);
  const target = planFile(planFolders(context.repositoryRoot, context.config), 'review', id);
  const { parsed, diagnostics } = lintText(text, target, context.repositoryRoot);
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  if (errors.length > 0) {
    // The id line is replaced one for one, so the lines are the source file's.
    const inSource = errors.map((diagnostic) => ({ ...diagnostic, file }));
    throw new BatonError(
      'PLAN_INVALID',
      `${file} does not lint clean (${errors.length} error${errors.length === 1 ? '' : 's'}); nothing was imported:\n${inSource.map((diagnostic) => `  ${formatDiagnostic(diagnostic)}`).join('\n')}`,
      {
        hint: `Fix ${file} and import it again (baton lint reads the same rules).`,
        data: { diagnostics: inSource },
      },
    );
  }
  const location = await createPlanInReview(context, id, text, {
    source: 'import',
    format: 'baton',
    from: path.resolve(file),
  });
  return {
    id,
    file: location.file,
    format: 'baton',
    tasks: parsed.plan.tasks.length,
    warnings: [],
    diagnostics: diagnostics.map((diagnostic) => ({ ...diagnostic, file: location.file })),
  };
}
