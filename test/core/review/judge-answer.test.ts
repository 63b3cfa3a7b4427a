import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseJudgeAnswer } from '../../../src/core/review/judge-answer.ts';

const fullScores = {
  adherence: 90,
  correctness: 80,
  architecture: 70,
  readability: 60,
  security: 100,
  performance: 50,
};
const json = JSON.stringify({
  scores: fullScores,
  issues: [{ severity: 'high', file: 'src/a.ts', message: 'The error path is untested.' }],
  summary: 'Mostly right.',
});

test('a plain JSON answer is read as it is', () => {
  const result = parseJudgeAnswer(json);
  assert.ok(result.ok);
  assert.deepEqual(result.answer, {
    scores: fullScores,
    evidence: {},
    issues: [{ severity: 'high', file: 'src/a.ts', message: 'The error path is untested.' }],
    summary: 'Mostly right.',
  });
  assert.deepEqual(result.diagnostics, []);
});

test('a fenced ```json block and leading prose are tolerated', () => {
  const fenced = parseJudgeAnswer(`Here is my review.\n\n\`\`\`json\n${json}\n\`\`\`\n\nThanks!`);
  assert.ok(fenced.ok);
  assert.equal(fenced.answer.scores.performance, 50);

  const prose = parseJudgeAnswer(`I looked at the diff {carefully}. My answer: ${json} — that is all.`);
  assert.ok(prose.ok);
  assert.equal(prose.answer.summary, 'Mostly right.');

  // A brace inside a string does not end the object early.
  const braces = parseJudgeAnswer(
    `Answer: ${JSON.stringify({ scores: fullScores, issues: [], summary: 'uses } and { in text' })}`,
  );
  assert.ok(braces.ok);
  assert.equal(braces.answer.summary, 'uses } and { in text');
});

test('scores as strings or as {score, evidence} are read; out-of-range scores are clamped with a warning', () => {
  const result = parseJudgeAnswer(
    JSON.stringify({
      scores: {
        Adherence: { score: 95, evidence: 'All success criteria are met.' },
        correctness: '85',
        architecture: 120,
        readability: -5,
        security: 70.5,
        performance: 60,
        style: 40,
      },
    }),
  );
  assert.ok(result.ok);
  assert.deepEqual(result.answer.scores, {
    adherence: 95,
    correctness: 85,
    architecture: 100,
    readability: 0,
    security: 70.5,
    performance: 60,
  });
  assert.deepEqual(result.answer.evidence, { adherence: 'All success criteria are met.' });
  assert.deepEqual(result.answer.issues, []);
  assert.equal(result.answer.summary, '');
  assert.deepEqual(
    result.diagnostics.map((diagnostic) => `${diagnostic.severity} ${diagnostic.code}`),
    ['warning JUDGE_SCORE_CLAMPED', 'warning JUDGE_SCORE_CLAMPED', 'warning JUDGE_UNKNOWN_CRITERION'],
  );
});

test('missing criteria are an error that lists them', () => {
  const result = parseJudgeAnswer(
    JSON.stringify({ scores: { adherence: 90, correctness: 80, readability: 70 } }),
  );
  assert.equal(result.ok, false);
  const missing = result.diagnostics.find((diagnostic) => diagnostic.code === 'JUDGE_MISSING_CRITERIA');
  assert.equal(missing?.severity, 'error');
  assert.equal(missing?.message, 'no score for architecture, security, performance');
});

test('a score that is not a number is an error of its own, not also "missing"', () => {
  const result = parseJudgeAnswer(JSON.stringify({ scores: { ...fullScores, security: 'excellent' } }));
  assert.equal(result.ok, false);
  assert.deepEqual(
    result.diagnostics.map((diagnostic) => diagnostic.code),
    ['JUDGE_SCORE_INVALID'],
  );
  assert.match(result.diagnostics[0]!.message, /security/);
});

test('malformed answers come back as diagnostics, never as exceptions', () => {
  const cases: Array<[string, string]> = [
    ['I think the change is fine.', 'JUDGE_NO_JSON'],
    ['```json\n{"scores": {"adherence": 90,}}\n```', 'JUDGE_INVALID_JSON'],
    ['{"score": 90}', 'JUDGE_SCHEMA'],
    ['{"scores": [90, 80]}', 'JUDGE_SCHEMA'],
    ['[1, 2, 3]', 'JUDGE_NO_JSON'],
    ['', 'JUDGE_NO_JSON'],
  ];
  for (const [text, code] of cases) {
    const result = parseJudgeAnswer(text);
    assert.equal(result.ok, false, text);
    assert.equal(result.diagnostics[0]?.code, code, text);
    assert.equal(result.diagnostics[0]?.severity, 'error');
  }
});

test('bad issues are dropped or read leniently, with warnings', () => {
  const result = parseJudgeAnswer(
    JSON.stringify({
      scores: fullScores,
      issues: [
        { severity: 'HIGH', file: ' src/a.ts ', message: 'Upper-case severity.' },
        { severity: 'critical', message: 'Unknown severity.' },
        { severity: 'low' },
        'just a string',
        { message: 'No severity, no file.' },
      ],
    }),
  );
  assert.ok(result.ok);
  assert.deepEqual(result.answer.issues, [
    { severity: 'high', file: 'src/a.ts', message: 'Upper-case severity.' },
    { severity: 'medium', message: 'Unknown severity.' },
    { severity: 'medium', message: 'No severity, no file.' },
  ]);
  assert.deepEqual(
    result.diagnostics.map((diagnostic) => diagnostic.code),
    ['JUDGE_SEVERITY_UNKNOWN', 'JUDGE_ISSUE_DROPPED', 'JUDGE_ISSUE_DROPPED', 'JUDGE_SEVERITY_UNKNOWN'],
  );
});
