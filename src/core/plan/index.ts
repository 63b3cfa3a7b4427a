// The plan document, as the rest of baton uses it: parse, render, lint, the task graph and
// the template. Named exports only; the modules behind them are free to change.
export {
  formatDiagnostic,
  hasErrors,
  type PlanDiagnosticCode,
  planDiagnosticCodes,
  sortDiagnostics,
} from './diagnostics.ts';
export {
  criticalPath,
  dependsOnTransitively,
  estimateMinutes,
  findCycle,
  findCycles,
  remainingPathLength,
  taskLayers,
  taskWeights,
} from './graph.ts';
export { type LintOptions, lintPlan } from './lint.ts';
export {
  commandsIn,
  type Diagnostic,
  type ExtraSection,
  emptyPlan,
  type ParseResult,
  type Plan,
  type PlanMeta,
  type PlanPositions,
  type PlanRisk,
  type PlanTask,
  type Risk,
  riskLevels,
  type SectionKey,
  type Severity,
  type SourcePosition,
  type TaskAction,
  type TaskField,
  type TaskPositions,
  taskActions,
} from './model.ts';
export { parsePlan } from './parse.ts';
export { renderPlan, renderTask } from './render.ts';
export { type PlanTemplateOptions, planTemplate } from './template.ts';
