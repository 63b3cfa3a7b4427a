// Turning other people's plan formats into baton's plan model: the seed 000 template, spec-kit's
// tasks.md and Task Master's tasks.json — and plans already in baton's own Markdown (seed 003's
// form included), which need no conversion. Pure: the caller reads the file and hands over its text.

import type { Diagnostic } from '../plan/model.ts';
import { importBatonMarkdown, looksLikeBatonPlan } from './baton-markdown.ts';
import { error, importCodes, warning } from './helpers.ts';
import { importSeedTemplate } from './seed-template.ts';
import { importSpecKit } from './spec-kit.ts';
import { importTaskMaster, looksLikeTaskMaster } from './task-master.ts';
import { type ImportFormat, type ImportOptions, type ImportResult, importFormats } from './types.ts';

export { importCodes } from './helpers.ts';
export type { ImportFormat, ImportOptions, ImportResult } from './types.ts';
export { importFormats };

/**
 * Which format a text is written in, from its content and (as a hint) its file name; undefined
 * when it looks like none of them.
 */
export function detectFormat(text: string, fileName?: string): ImportFormat | undefined {
  const name = (fileName ?? '').toLowerCase();
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || name.endsWith('.json')) {
    if (looksLikeTaskMaster(text)) return 'task-master';
    // A JSON file we cannot read is most likely a damaged tasks.json: let its import say where.
    return name.endsWith('.json') && !isJson(text) ? 'task-master' : undefined;
  }
  if (/^[ \t]*[-*+][ \t]+\[[ xX]\][ \t]+T\d+\b/m.test(text)) return 'spec-kit';
  if (/^#{1,3}[ \t]+(implementation steps|files to create|files to modify)\b/im.test(text))
    return 'seed-template';
  if (name.endsWith('tasks.md') && /^[ \t]*[-*+][ \t]+T\d+\b/m.test(text)) return 'spec-kit';
  // Last: the other formats' markers win over a `## Tasks` section they may also have.
  if (looksLikeBatonPlan(text)) return 'baton';
  return undefined;
}

/** Imports a plan written in another format. Never throws; see ImportResult. */
export function importPlan(text: string, options: ImportOptions): ImportResult {
  const format = options.format ?? detectFormat(text, options.fileName);
  if (!format) {
    return {
      ok: false,
      diagnostics: [
        error(
          importCodes.unknownFormat,
          `${options.fileName ?? 'the input'} is not in a format baton can import`,
          1,
          1,
          `name the format: ${importFormats.join(', ')}`,
        ),
      ],
    };
  }
  if (!importFormats.includes(format)) {
    return {
      ok: false,
      diagnostics: [
        error(
          importCodes.unknownFormat,
          `unknown import format "${format}"`,
          1,
          1,
          `use ${importFormats.join(', ')}`,
        ),
      ],
    };
  }
  try {
    const result =
      format === 'baton'
        ? importBatonMarkdown(text, options)
        : format === 'seed-template'
          ? importSeedTemplate(text, options)
          : format === 'spec-kit'
            ? importSpecKit(text, options)
            : importTaskMaster(text, options);
    return result.ok
      ? { ok: true, plan: result.plan, format, warnings: summariseCriteriaGuesses(result.warnings) }
      : { ok: false, format, diagnostics: result.diagnostics };
  } catch (cause) {
    // A bug in an importer must not take the command down: report it as what it is.
    const message = cause instanceof Error ? cause.message : String(cause);
    return {
      ok: false,
      format,
      diagnostics: [error(importCodes.malformed, `could not import as ${format}: ${message}`)],
    };
  }
}

/**
 * The importers guess success criteria task by task; said once per task, the same warning
 * buries the others. One warning, at the first such task, lists them all.
 */
function summariseCriteriaGuesses(warnings: readonly Diagnostic[]): Diagnostic[] {
  const guessed = warnings.filter((each) => each.code === importCodes.criteriaGuessed);
  if (guessed.length <= 1) return [...warnings];
  const tasks = guessed.map((each) => /^(T[\w.]+)\b/.exec(each.message)?.[1] ?? `line ${each.line}`);
  const summary = warning(
    importCodes.criteriaGuessed,
    `${guessed.length} tasks have no success criteria of their own in the source; baton derived them (from each task's title): ${tasks.join(', ')}`,
    guessed[0]!.line,
    guessed[0]!.hint ?? 'write criteria a reviewer can check for each of these tasks',
  );
  const first = warnings.indexOf(guessed[0]!);
  return warnings.flatMap((each, index) =>
    index === first ? [summary] : each.code === importCodes.criteriaGuessed ? [] : [each],
  );
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
