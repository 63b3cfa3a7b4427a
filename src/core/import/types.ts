// Shapes shared by the importers and the public entry point.

import type { Diagnostic, Plan } from '../plan/model.ts';

export const importFormats = ['baton', 'seed-template', 'spec-kit', 'task-master'] as const;
export type ImportFormat = (typeof importFormats)[number];

export interface ImportOptions {
  /** Read the input as this format; detected from the text and file name when absent. */
  format?: ImportFormat;
  /** The plan id (`meta.id`) of the imported plan. */
  id: string;
  /** Task Master: the tag to import (default `master`). */
  tag?: string;
  /** The input's file name, for detection and messages. */
  fileName?: string;
  /** ISO date used for `meta.created` when the input has none. */
  now?: string;
}

/**
 * The outcome of an import. `ok: true` carries the plan and every guess made on the way
 * (warnings, each with the source line when known); `ok: false` means nothing could be imported
 * and carries errors saying why. Importing never throws.
 */
export type ImportResult =
  | { ok: true; plan: Plan; format: ImportFormat; warnings: Diagnostic[] }
  | { ok: false; format?: ImportFormat; diagnostics: Diagnostic[] };

/** What one format's importer returns; `importPlan` adds the format. */
export type FormatResult =
  | { ok: true; plan: Plan; warnings: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };
