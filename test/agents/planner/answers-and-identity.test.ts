// The answers file (YAML or JSON, a list or a map) and the identity baton writes into a
// planner's front matter.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { readAnswersFile } from '../../../src/agents/planner/answers-file.ts';
import { planIdFromRequest, withPlanIdentity } from '../../../src/agents/planner/plan-identity.ts';
import { makeTemporaryDirectory } from '../../support/repository.ts';

test('answers files: a YAML map, a JSON list; anything else is a usage error', (t) => {
  const directory = makeTemporaryDirectory(t);
  const yaml = path.join(directory, 'a.yaml');
  writeFileSync(yaml, 'Which database?: Postgres\nHow many users?: 200\n');
  assert.deepEqual(readAnswersFile(yaml), [
    { question: 'Which database?', answer: 'Postgres' },
    { question: 'How many users?', answer: '200' },
  ]);
  const json = path.join(directory, 'a.json');
  writeFileSync(json, JSON.stringify([{ question: 'Scope?', answer: 'API only' }]));
  assert.deepEqual(readAnswersFile(json), [{ question: 'Scope?', answer: 'API only' }]);
  const bad = path.join(directory, 'bad.yaml');
  writeFileSync(bad, '- just a line\n');
  assert.throws(() => readAnswersFile(bad), /not a list of \{question, answer\} nor a map/);
  assert.throws(() => readAnswersFile(path.join(directory, 'missing.yaml')), /cannot read the answers file/);
});

test("the plan's id is baton's; created, author and base are filled in when missing; the body is kept", () => {
  const written = withPlanIdentity('---\nid: other\ntitle: T\nauthor: Model\n---\n\n# Plan: T\n\nBody.\n', {
    id: 'greeting',
    created: '2026-11-22',
    author: 'Ada',
    base: 'main',
  });
  assert.equal(
    written,
    '---\nid: greeting\ntitle: T\ncreated: 2026-11-22\nauthor: Model\nbase: main\n---\n\n# Plan: T\n\nBody.\n',
  );
  assert.equal(
    withPlanIdentity('# Plan: T\n', { id: 'x', created: '2026-11-22' }),
    '---\nid: x\ncreated: 2026-11-22\n---\n\n# Plan: T\n',
  );
  const broken = '---\nid: [unclosed\n---\n# Plan\n';
  assert.equal(withPlanIdentity(broken, { id: 'x', created: '2026-11-22' }), broken);
  assert.equal(planIdFromRequest('Add JWT authentication to the API, please!'), 'add-jwt-authentication-api');
  assert.equal(planIdFromRequest('???'), 'plan');
});
