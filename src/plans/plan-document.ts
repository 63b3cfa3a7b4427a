// Reading a plan file into its model and its diagnostics, with the file named in each one.
import { lintPlan } from '../core/plan/lint-plan.ts';
import type { Diagnostic, ParseResult } from '../core/plan/model.ts';
import { parsePlan } from '../core/plan/parse.ts';
import { makeSymlinkEscapeCheck } from '../workspace/path-escape.ts';
import { type PlanLocation, readPlanText } from './plan-files.ts';

export interface PlanDocument {
  location: PlanLocation;
  text: string;
  parsed: ParseResult;
  diagnostics: Diagnostic[];
}

export function lintText(
  text: string,
  file: string,
  repositoryRoot: string,
): { parsed: ParseResult; diagnostics: Diagnostic[] } {
  const parsed = parsePlan(text);
  const diagnostics = lintPlan(parsed, {
    escapesThroughSymlink: makeSymlinkEscapeCheck(repositoryRoot),
    fileName: file,
  }).map((diagnostic) => ({ ...diagnostic, file }));
  return { parsed, diagnostics };
}

export function readPlanDocument(location: PlanLocation, repositoryRoot: string): PlanDocument {
  const text = readPlanText(location.file);
  return { location, text, ...lintText(text, location.file, repositoryRoot) };
}

export const errorsIn = (diagnostics: readonly Diagnostic[]): Diagnostic[] =>
  diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
