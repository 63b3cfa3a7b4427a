// What goes wrong reading a judge's answer or the review settings: results carry these
// instead of throwing (DESIGN: expected failures are results with diagnostics).

export interface ReviewDiagnostic {
  severity: 'error' | 'warning';
  /** Stable, e.g. JUDGE_MISSING_CRITERIA. */
  code: string;
  message: string;
}

export function hasErrors(diagnostics: readonly ReviewDiagnostic[]): boolean {
  return diagnostics.some((diagnostic) => diagnostic.severity === 'error');
}

/**
 * The diagnostics as lines a person (or the judge, on its one retry) can act on:
 * `error JUDGE_MISSING_CRITERIA: no score for security, performance`.
 */
export function formatReviewDiagnostics(diagnostics: readonly ReviewDiagnostic[]): string {
  return diagnostics
    .map((diagnostic) => `${diagnostic.severity} ${diagnostic.code}: ${diagnostic.message}`)
    .join('\n');
}
