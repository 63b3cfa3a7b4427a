// Shared by the import tests: fixtures, lines in them, and the lint of an imported plan.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { lintPlan } from '../../../src/core/plan/lint-plan.ts';
import type { Diagnostic, Plan } from '../../../src/core/plan/model.ts';
import { parsePlan } from '../../../src/core/plan/parse.ts';
import { renderPlan } from '../../../src/core/plan/render.ts';

const fixtures = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'import');

export function fixture(name: string): string {
  return readFileSync(path.join(fixtures, name), 'utf8');
}

/** 1-based line of the first line of `text` that contains `needle`. */
export function lineContaining(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`"${needle}" is not in the fixture`);
  return index + 1;
}

/** Lints an imported plan the way `baton import` does: render, parse, lint. */
export function lintImported(plan: Plan): Diagnostic[] {
  return lintPlan(parsePlan(renderPlan(plan)));
}

export function errorsOf(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics
    .filter((diagnostic) => diagnostic.severity === 'error')
    .map((diagnostic) => `${diagnostic.line}:${diagnostic.column} ${diagnostic.code} ${diagnostic.message}`);
}
