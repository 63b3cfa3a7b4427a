// `baton handoff` in a real repository: a complete BUILD file.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runBaton } from '../support/cli.ts';
import { cleanPlanText } from '../support/plans.ts';
import { makeRepository } from '../support/repository.ts';

test('handoff writes BUILD_<task>.md with the task, context, file contents, criteria, verify commands and rules', (t) => {
  const repository = makeRepository(t);
  assert.equal(runBaton(repository, ['init']).status, 0);
  writeFileSync(path.join(repository, '.baton/plans/review/greeting.md'), cleanPlanText('greeting'));
  mkdirSync(path.join(repository, 'src'));
  writeFileSync(path.join(repository, 'src/greet.js'), 'exports.greet = () => "draft";\n');

  const result = runBaton(repository, ['handoff', 'greeting', 't1', '--json']);
  assert.equal(result.status, 0, result.stderr);
  const answer = JSON.parse(result.stdout);
  assert.equal(answer.file, path.join(repository, '.baton/handoff/greeting/BUILD_T1.md'));
  assert.deepEqual(answer.files, ['src/greet.js']);
  assert.equal(answer.withFeedback, false);
  const text = readFileSync(answer.file, 'utf8');
  assert.match(text, /^# BUILD T1: Create the greeting$/m);
  assert.match(text, /Export greet\(name\) returning "Hello, name"\./);
  assert.match(text, /### Summary\n\nAdd a greeting module and its test\./);
  assert.match(text, /### `src\/greet\.js`\n\n```js\nexports\.greet = \(\) => "draft";\n```/);
  assert.match(text, /- greet\('Ada'\) returns 'Hello, Ada'/);
  assert.match(text, /node -e "require\('\.\/src\/greet\.js'\)"/);
  assert.match(text, /Touch only the declared files/);

  // From the second round on, the review's feedback is in it; --out puts it where asked.
  mkdirSync(path.join(repository, '.baton/feedback/greeting'), { recursive: true });
  writeFileSync(
    path.join(repository, '.baton/feedback/greeting/T2.md'),
    '# Review feedback: changes requested\n\n- add a test for an empty name\n',
  );
  const second = runBaton(repository, ['handoff', 'greeting', 'T2', '--out', 'BUILD_T2.md']);
  assert.equal(second.status, 0, second.stderr);
  assert.match(
    second.stdout,
    /wrote BUILD_T2\.md\n {2}1 declared file inlined, with the last review feedback/,
  );
  const withFeedback = readFileSync(path.join(repository, 'BUILD_T2.md'), 'utf8');
  assert.match(withFeedback, /### `test\/greet\.test\.js`\n\nDoes not exist yet\./);
  assert.match(withFeedback, /## Feedback from the last review[\s\S]*- add a test for an empty name/);
  assert.match(withFeedback, /### Done before this task\n\n- T1: Create the greeting/);

  const missing = runBaton(repository, ['handoff', 'greeting', 'T7']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /TASK_NOT_FOUND/);
});
