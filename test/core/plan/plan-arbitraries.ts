// fast-check generators of plans, for the render → parse round trip.
//
// What "a plan" is here, i.e. what the model promises (docs/plan-format.md says the same):
// - every string is one line of inline Markdown, trimmed, with single spaces (parse
//   normalises whitespace), that starts with a word (not with a block marker such as `-`,
//   `1.`, `#`, `>` or `[ ]`) and, for headings, does not end with `#`;
// - a success criterion or dependency-like value is never just "none", "n/a" or "-", which
//   the parser reads as "nothing";
// - paths and commands are trimmed and single-line; paths have no backticks or spaces;
//   commands may contain backticks (render picks a longer code span fence);
// - punctuation is welcome: , . ! ? ( ) ' " / : ; & % + = @ $ ~ < > * - | \ { } ^ _ [ ]
//   and code spans, bold and emphasis as whole tokens; letters beyond ASCII and emoji too;
// - notes and extra section bodies are Markdown blocks without headings of level 1–3 (4+ in
//   extra sections is fine) whose paragraphs do not start with a field label;
// - extra section titles are not names of canonical sections;
// - an unknown Action (`actionText`) and unreadable Dependencies are texts parse cannot read
//   as an action or a task id; the prose under `## Tasks` (`tasksIntro`) is a block that is
//   not a heading.
import fc from 'fast-check';
import type { ExtraSection, Plan, PlanMeta, PlanRisk, PlanTask } from '../../../src/core/plan/model.ts';
import { riskLevels, taskActions } from '../../../src/core/plan/model.ts';

const nothingWords = /^(?:none\.?|nothing|n\/a|na|-+|—|–)$/i;

const word = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z0-9]{1,8}$/) },
  { weight: 1, arbitrary: fc.constantFrom('é', 'Übung', '中文', 'Ωmega', '🙂', 'naïve', 'Straße') },
);

const punctuation = fc.constantFrom(
  ',',
  '.',
  '!',
  '?',
  '(',
  ')',
  "'",
  '"',
  '/',
  ':',
  ';',
  '&',
  '%',
  '+',
  '=',
  '@',
  '$',
  '~',
  '<',
  '>',
  '*',
  '-',
  '|',
  '\\',
  '{',
  '}',
  '^',
  '_',
  '[',
  ']',
  '...',
  '->',
  '1.',
  '#1',
);

const formatted = fc.oneof(
  word.map((text) => `\`${text}\``),
  fc.constant('`a | b`'),
  word.map((text) => `**${text}**`),
  word.map((text) => `_${text}_`),
  fc.constant('https://example.com/a?b=c'),
);

const token = fc.oneof(
  { weight: 8, arbitrary: word },
  { weight: 3, arbitrary: punctuation },
  { weight: 1, arbitrary: formatted },
);

/** A line of inline Markdown that starts with a word. */
export const text = fc
  .tuple(word, fc.array(token, { maxLength: 8 }))
  .map(([first, rest]) => [first, ...rest].join(' '))
  .filter((value) => !nothingWords.test(value));

const pathSegment = fc.oneof(
  { weight: 5, arbitrary: fc.stringMatching(/^[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,10}$/) },
  { weight: 1, arbitrary: fc.constantFrom('*', '**', '*.ts', '{a,b}', 'file?.md', '[ab].js') },
);
export const repositoryPath = fc
  .array(pathSegment, { minLength: 1, maxLength: 4 })
  .map((segments) => segments.join('/'));

const command = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .array(fc.stringMatching(/^[a-z0-9./=_:-]{1,10}$/), { minLength: 1, maxLength: 5 })
      .map((parts) => parts.join(' ')),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'echo `date`',
      '`which node` --version',
      'a ``b`` c',
      'grep -c "x|y" file',
      'npm test -- --grep "a b"',
    ),
  },
);

const notes = fc.oneof(
  text.map((value) => `Note ${value}`),
  fc.tuple(text, text).map(([a, b]) => `Note ${a}\n\nAlso ${b}`),
  text.map((value) => `\`\`\`sh\n${value}\n\`\`\``),
);

function taskFor(id: string, allIds: readonly string[]): fc.Arbitrary<PlanTask> {
  return fc
    .record(
      {
        id: fc.constant(id),
        title: fc.oneof({ weight: 9, arbitrary: text }, { weight: 1, arbitrary: fc.constant('') }),
        action: fc.constantFrom(...taskActions),
        files: fc.array(repositoryPath, { maxLength: 3 }),
        description: fc.oneof(text, fc.constant('')),
        successCriteria: fc.array(text, { maxLength: 3 }),
        verify: fc.array(command, { maxLength: 3 }),
        dependencies: fc.shuffledSubarray([...allIds], { maxLength: Math.min(3, allIds.length) }),
        estimate: text,
        notes,
        // Kept as written when parse cannot read them: an unknown Action, unreadable Dependencies.
        actionText: fc.constantFrom('frobnicate', 'Deploy to staging', 'migrate the database'),
        unreadableDependencies: fc.array(
          fc.constantFrom('after the database exists', 'when the API is live', 'once review is done'),
          { minLength: 1, maxLength: 2 },
        ),
      },
      {
        requiredKeys: ['id', 'title', 'files', 'description', 'successCriteria', 'verify', 'dependencies'],
        noNullPrototype: true,
      },
    )
    .map((task) => {
      // An action parse can read wins over the text: a task has one or the other.
      if (task.actionText !== undefined) delete task.action;
      return task;
    });
}

const tasks = fc
  .uniqueArray(fc.integer({ min: 1, max: 200 }), { maxLength: 7 })
  .chain((numbers) => {
    const ids = numbers.map((number) => `T${number}`);
    return fc.tuple(...ids.map((id) => taskFor(id, ids)));
  })
  .map((list): PlanTask[] => [...list]);

const meta: fc.Arbitrary<PlanMeta> = fc.record(
  {
    id: fc.oneof(fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,20}$/), fc.constant('')),
    title: fc.oneof({ weight: 9, arbitrary: text }, { weight: 1, arbitrary: fc.constant('') }),
    created: fc
      .date({
        min: new Date('2000-01-01T00:00:00Z'),
        max: new Date('2099-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString().slice(0, 10)),
    author: text,
    risk: fc.constantFrom(...riskLevels),
    effort: text,
    base: fc.stringMatching(/^[a-z][a-z0-9/_-]{0,15}$/),
  },
  { requiredKeys: ['id', 'title'], noNullPrototype: true },
);

const risk: fc.Arbitrary<PlanRisk> = fc.record(
  {
    risk: text,
    impact: fc.oneof(fc.constantFrom('High', 'Medium', 'Low'), text, fc.constant('')),
    mitigation: fc.oneof(text, fc.constant('')),
  },
  { noNullPrototype: true },
);

const extraSection: fc.Arbitrary<ExtraSection> = fc.record(
  {
    title: fc.constantFrom('Notes', 'Files to Create', 'Estimated Effort Breakdown', 'Rollout', 'Background'),
    body: fc.oneof(
      fc.constant(''),
      text,
      fc.tuple(text, text).map(([a, b]) => `${a}\n\n### Details\n\n- ${b}`),
      fc.tuple(text, text).map(([a, b]) => `${a}\n\n#### Deeper\n\n\`\`\`\n${b}\n\`\`\``),
    ),
  },
  { noNullPrototype: true },
);

const summary = fc.array(text, { maxLength: 3 }).map((paragraphs) => paragraphs.join('\n\n'));

export const plan: fc.Arbitrary<Plan> = fc.record(
  {
    meta,
    summary,
    requirements: fc.array(text, { maxLength: 3 }),
    prerequisites: fc.array(text, { maxLength: 3 }),
    tasksIntro: fc.oneof(
      text.map((value) => `Intro ${value}`),
      fc.tuple(text, text).map(([a, b]) => `Intro ${a}\n\n\`\`\`sh\n${b}\n\`\`\``),
    ),
    tasks,
    edgeCases: fc.array(text, { maxLength: 3 }),
    securityChecklist: fc.array(text, { maxLength: 3 }),
    risks: fc.array(risk, { maxLength: 3 }),
    questions: fc.array(text, { maxLength: 3 }),
    verification: fc.array(text, { maxLength: 3 }),
    extraSections: fc.array(extraSection, { maxLength: 2 }),
  },
  {
    requiredKeys: [
      'meta',
      'summary',
      'requirements',
      'prerequisites',
      'tasks',
      'edgeCases',
      'securityChecklist',
      'risks',
      'questions',
      'verification',
      'extraSections',
    ],
    noNullPrototype: true,
  },
);
