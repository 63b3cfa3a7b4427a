// Structured plans as a model planner answers them (the JSON of structuredPlanSchema), for the
// planner tests: one that lints clean, and the same with a lint error in it.
export interface PlanAnswerOptions {
  title?: string;
  /** A dependency on a task that does not exist: PLAN_UNKNOWN_DEPENDENCY. */
  unknownDependency?: boolean;
  requirements?: string[];
}

export function structuredPlanAnswer(options: PlanAnswerOptions = {}): Record<string, unknown> {
  return {
    meta: { title: options.title ?? 'Greeting module', risk: 'low', effort: '1h' },
    summary: 'Add a greeting module and its test.',
    requirements: options.requirements ?? ['Assumption: CommonJS modules, as the repository uses.'],
    gapAnalysis: ['No test runner is configured: node --test is used.'],
    prerequisites: ['Node 22 or later'],
    tasks: [
      {
        id: 'T1',
        title: 'Create the greeting',
        action: 'create',
        files: ['src/greet.js'],
        description: 'Export greet(name) returning "Hello, name".',
        successCriteria: ["greet('Ada') returns 'Hello, Ada'"],
        verify: ['node -e "require(\'./src/greet.js\')"'],
        dependencies: [],
        estimate: '20m',
      },
      {
        id: 'T2',
        title: 'Test the greeting',
        action: 'create',
        files: ['test/greet.test.js'],
        description: 'A node:test test for greet().',
        successCriteria: ['the test passes'],
        verify: ['node --test'],
        dependencies: options.unknownDependency ? ['T9'] : ['T1'],
        estimate: '',
      },
    ],
    edgeCases: ['An empty name: greet returns "Hello, ".'],
    securityChecklist: ['No input reaches a shell'],
    risks: [{ risk: 'None worth naming', impact: 'low', mitigation: 'the test' }],
    questions: [],
    verification: ['`node --test`'],
  };
}

export const planAnswerText = (options: PlanAnswerOptions = {}): string =>
  JSON.stringify(structuredPlanAnswer(options));
