// A scripted reviewer for the `command` backend: reads the review request on stdin and prints
// the judge's JSON, every criterion at TEST_REVIEW_SCORE (default 95: approved at 90).
let input = '';
for await (const chunk of process.stdin) input += chunk;
const score = Number(process.env.TEST_REVIEW_SCORE ?? 95);
const scores = Object.fromEntries(
  ['adherence', 'correctness', 'architecture', 'readability', 'security', 'performance'].map((key) => [
    key,
    score,
  ]),
);
process.stdout.write(JSON.stringify({ scores, issues: [], summary: `reviewed ${input.length} bytes` }));
