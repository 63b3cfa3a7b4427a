// A scripted reviewer for the `command` backend: reads the review request on stdin and prints
// the judge's JSON, every criterion at TEST_REVIEW_SCORE (default 95: approved at 90). A task
// with "reviewFails": n in TEST_SCENARIO gets a reviewer that fails outright (exit 3) n times.
// With TEST_REVIEW_LOG set, each request it read is appended to that file. "duringReview": a bash
// command it runs in its working folder before answering (something acting while the review is
// under way, such as a process the executor left behind).
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

let input = '';
for await (const chunk of process.stdin) input += chunk;
// TEST_REVIEW_LOG: every review request is appended there, for tests that read what it said.
if (process.env.TEST_REVIEW_LOG) appendFileSync(process.env.TEST_REVIEW_LOG, `${input}\n`);
const task = process.env.BATON_TASK;
const scenario = process.env.TEST_SCENARIO ? JSON.parse(readFileSync(process.env.TEST_SCENARIO, 'utf8')) : {};
const failures = scenario[task]?.reviewFails ?? 0;
if (failures > 0) {
  const counter = `${process.env.TEST_SCENARIO}.reviews-${task}`;
  const calls = existsSync(counter) ? readFileSync(counter, 'utf8').length : 0;
  appendFileSync(counter, 'x');
  if (calls < failures) {
    process.stderr.write('reviewer crashed: the judge model is unreachable\n');
    process.exit(3);
  }
}
if (scenario[task]?.duringReview)
  execFileSync('bash', ['-c', scenario[task].duringReview], { stdio: 'ignore' });
const score = Number(process.env.TEST_REVIEW_SCORE ?? 95);
const scores = Object.fromEntries(
  ['adherence', 'correctness', 'architecture', 'readability', 'security', 'performance'].map((key) => [
    key,
    score,
  ]),
);
process.stdout.write(JSON.stringify({ scores, issues: [], summary: `reviewed ${input.length} bytes` }));
