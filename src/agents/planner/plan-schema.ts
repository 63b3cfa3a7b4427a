// The plan as a structured object: what a model planner answers (the AI SDK's structured
// output), mirroring the plan model of src/core/plan/model.ts. baton fills in what the model
// should not choose (id, created, author, base), turns the object into a Plan and renders the
// canonical Markdown, which is then linted like any plan. Every field is required (empty
// strings and lists say "none"), because strict structured-output modes want it so.
import { z } from 'zod';
import { type Plan, type PlanMeta, riskLevels, taskActions } from '../../core/plan/model.ts';

const line = (description: string) => z.string().min(1).describe(description);

export const structuredTaskSchema = z.object({
  id: line('T1, T2, … in order'),
  title: line('what the task does, in a few words'),
  action: z.enum(taskActions).describe('create, modify, delete, run or test'),
  files: z
    .array(z.string().min(1))
    .describe('repository-relative paths or globs the task may change: its whole scope'),
  description: line('one line: exactly what to do'),
  successCriteria: z.array(z.string().min(1)).min(1).describe('how a reviewer knows the task is done'),
  verify: z.array(z.string().min(1)).describe('shell commands that must pass, e.g. npm test'),
  dependencies: z.array(z.string().min(1)).describe('ids of tasks that must be done first'),
  estimate: z.string().describe('e.g. 30m or 2h; empty when unknown'),
});

export const structuredPlanSchema = z.object({
  meta: z.object({
    title: line('the plan title'),
    risk: z.enum(riskLevels).describe('low, medium or high'),
    effort: z.string().describe('e.g. 3h; empty when unknown'),
  }),
  summary: line('one paragraph: what will be built and why'),
  requirements: z
    .array(z.string().min(1))
    .describe('Requirements Clarified: what the interview settled, and every assumption made'),
  gapAnalysis: z
    .array(z.string().min(1))
    .describe(
      'what the request left out: implicit requirements, integration points, conflicts, missing infrastructure',
    ),
  prerequisites: z.array(z.string().min(1)),
  tasks: z.array(structuredTaskSchema).min(1),
  edgeCases: z.array(z.string().min(1)).describe('each: the case, and how it is handled'),
  securityChecklist: z.array(z.string().min(1)),
  risks: z.array(
    z.object({ risk: line('the risk'), impact: line('its impact'), mitigation: line('the mitigation') }),
  ),
  questions: z.array(z.string().min(1)).describe('questions left for the implementer'),
  verification: z
    .array(z.string().min(1))
    .describe('plan-level checks; a command in backticks is run, e.g. `npm test`'),
});

export type StructuredPlan = z.output<typeof structuredPlanSchema>;

/** What baton, not the planner, decides. */
export type PlanIdentity = Required<Pick<PlanMeta, 'id'>> & Pick<PlanMeta, 'created' | 'author' | 'base'>;

const single = (text: string): string => text.replace(/\s*\n\s*/g, ' ').trim();
const lines = (items: readonly string[]): string[] => items.map(single).filter((item) => item !== '');

export function structuredPlanToPlan(structured: StructuredPlan, identity: PlanIdentity): Plan {
  const meta: PlanMeta = {
    id: identity.id,
    title: single(structured.meta.title),
    ...(identity.created ? { created: identity.created } : {}),
    ...(identity.author ? { author: identity.author } : {}),
    risk: structured.meta.risk,
    ...(structured.meta.effort.trim() ? { effort: single(structured.meta.effort) } : {}),
    ...(identity.base ? { base: identity.base } : {}),
  };
  const gaps = lines(structured.gapAnalysis);
  return {
    meta,
    summary: single(structured.summary),
    requirements: lines(structured.requirements),
    prerequisites: lines(structured.prerequisites),
    tasks: structured.tasks.map((task) => ({
      id: single(task.id).toUpperCase(),
      title: single(task.title),
      action: task.action,
      files: lines(task.files),
      description: single(task.description),
      successCriteria: lines(task.successCriteria),
      verify: lines(task.verify),
      dependencies: lines(task.dependencies).map((dependency) => dependency.toUpperCase()),
      ...(task.estimate.trim() ? { estimate: single(task.estimate) } : {}),
    })),
    edgeCases: lines(structured.edgeCases),
    securityChecklist: lines(structured.securityChecklist),
    risks: structured.risks.map((risk) => ({
      risk: single(risk.risk),
      impact: single(risk.impact),
      mitigation: single(risk.mitigation),
    })),
    questions: lines(structured.questions),
    verification: lines(structured.verification),
    extraSections:
      gaps.length > 0 ? [{ title: 'Gap Analysis', body: gaps.map((gap) => `- ${gap}`).join('\n') }] : [],
  };
}

/** The interview: at most five questions (none when the request is already clear). */
export const interviewAnswerSchema = z.object({
  questions: z.array(z.string().min(1)).max(5).describe('at most five questions for the person asking'),
});
