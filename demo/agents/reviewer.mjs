// baton demo's scripted reviewer: no model is called. Run by baton's `command` backend, it
// reads the review request on stdin (the task, its diff, its verification) and answers the
// judge's JSON, as a model reviewer would; baton weighs the scores and decides. It checks
// two things for real in the diff: every exported function a task adds has a doc comment
// (the plan asks for one), and every test file it adds holds at least two tests.
let input = '';
for await (const chunk of process.stdin) input += chunk;
const request = JSON.parse(input);

/** The lines each file gains in a unified diff. */
function addedLinesByFile(diff) {
  const files = new Map();
  let current;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ')) {
      current = line.slice(4).replace(/^b\//, '');
      files.set(current, []);
    } else if (current && line.startsWith('+')) files.get(current).push(line.slice(1));
    else if (line.startsWith('diff --git')) current = undefined;
  }
  return files;
}

const issues = [];
const scores = {
  adherence: 95,
  correctness: 95,
  architecture: 95,
  readability: 95,
  security: 95,
  performance: 95,
};
for (const [file, lines] of addedLinesByFile(request.diff ?? '')) {
  if (/\.test\.js$/.test(file)) {
    const tests = lines.filter((line) => /^test\(/.test(line)).length;
    if (tests < 2) {
      issues.push({ severity: 'medium', file, message: `only ${tests} test(s); cover at least two cases` });
      scores.correctness = 70;
    }
    continue;
  }
  lines.forEach((line, index) => {
    const exported = /^export (?:async )?function (\w+)/.exec(line);
    if (!exported) return;
    if (index > 0 && /\*\/\s*$/.test(lines[index - 1])) return;
    issues.push({
      severity: 'medium',
      file,
      message: `\`${exported[1]}\` is exported without a doc comment; the plan asks for a doc comment with an example on every exported function`,
    });
    scores.readability = 50;
    scores.adherence = 75;
  });
}
const failed = (request.verification ?? []).filter((result) => !result.passed);
if (failed.length > 0) scores.correctness = 0;
const summary =
  issues.length === 0
    ? `Task ${request.task.id} does what its success criteria ask; every verify command passed.`
    : `Task ${request.task.id} works and its tests pass, but: ${issues.map((issue) => issue.message).join('; ')}.`;
process.stdout.write(`${JSON.stringify({ scores, issues, summary })}\n`);
