// A planner's answer as models write it: the plan fenced, alone or with words around it. The
// fenced plan is taken when it is the one plan in the answer; anything else is left as written,
// for the linter to judge.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unwrapMarkdown } from '../../src/agents/prompts.ts';
import { cleanPlanText } from '../support/plans.ts';

const plan = cleanPlanText('greeting');
const fenced = (info: string, body = plan, fence = '```') => `${fence}${info}\n${body.trim()}\n${fence}`;

test('a plan that is the whole answer, fenced or not, comes out as the plan', () => {
  assert.equal(unwrapMarkdown(plan), plan);
  assert.equal(unwrapMarkdown(`${fenced('markdown')}\n`), plan);
  assert.equal(unwrapMarkdown(fenced('')), plan);
});

test('words before and after the one fenced plan are dropped', () => {
  for (const info of ['markdown', 'md', '', 'Markdown'])
    assert.equal(
      unwrapMarkdown(`Here is the plan:\n\n${fenced(info)}\n\nLet me know if you want changes.\n`),
      plan,
      `info string "${info}"`,
    );
  assert.equal(unwrapMarkdown(`Here is the plan:\n${fenced('markdown', plan, '~~~~')}\n`), plan);
});

test('a plan fenced with nested fences inside it keeps them', () => {
  const withExample = plan.replace('## Tasks', 'Run it:\n\n```bash\nnode --test\n```\n\n## Tasks');
  assert.equal(unwrapMarkdown(`Here it is:\n${fenced('markdown', withExample)}\nDone.`), withExample);
  // A longer outer fence holds a bare inner one, as CommonMark reads it.
  const bareInner = plan.replace('## Tasks', '```\nnode --test\n```\n\n## Tasks');
  assert.equal(unwrapMarkdown(`Here it is:\n${fenced('md', bareInner, '````')}\n`), bareInner);
});

test('no plan in a fence, two plans, or a plan in a code block: the answer as written', () => {
  const prose = 'Here is the plan:\n```markdown\n# Notes\nno tasks here\n```\n';
  assert.equal(unwrapMarkdown(prose), prose);
  const two = `First:\n${fenced('markdown')}\nOr:\n${fenced('markdown')}\n`;
  assert.equal(unwrapMarkdown(two), two);
  const inCode = `Here:\n${fenced('yaml')}\n`;
  assert.equal(unwrapMarkdown(inCode), inCode);
});
