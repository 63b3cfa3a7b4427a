// The planner's read-only Bash check against every known way around it (planner-bash-attempts.ts):
// each attempt is refused with a reason, each control (an honest read-only command the planner
// needs) is allowed, each attempt really writes when bash runs it, and each control leaves the
// repository, HOME and TMPDIR unchanged under bash.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isReadOnlyCommand } from '../../src/core/shell/read-only.ts';
import { type BashSandbox, bashSandboxes } from '../support/bash-sandbox.ts';
import { attempts } from './planner-bash-attempts.ts';

const controls = [...new Set(attempts.map((entry) => entry.control))];
const readingBaton = new Set(['show', 'lint', 'plans', 'status', 'cost', 'claims', 'pool query']);

/** What running a command did: files changed, and baton asked to do more than read. */
function effects(sandbox: BashSandbox): string[] {
  const acted = sandbox
    .batonCalls()
    .map((call) => (call[0] === '--debug' ? call.slice(1) : call))
    .filter((call) => call.length > 0 && !readingBaton.has(call[0] === 'pool' ? `pool ${call[1]}` : call[0]!))
    .map((call) => `baton ${call.join(' ')}`);
  return [...sandbox.changes(), ...acted];
}

describe("the planner's Bash: attempts to write get no further than the check", () => {
  test('the table', (t) => {
    const kinds = new Set(attempts.map((entry) => entry.kind));
    t.diagnostic(`${attempts.length} attempts in ${kinds.size} classes, ${controls.length} controls`);
    assert.ok(attempts.length >= 60);
  });

  for (const { kind, attempt } of attempts) {
    test(`${kind}: refuses ${JSON.stringify(attempt)}`, () => {
      const verdict = isReadOnlyCommand(attempt);
      assert.equal(verdict.readOnly, false, `allowed ${JSON.stringify(attempt)}`);
      if (!verdict.readOnly) assert.ok(verdict.reason.length > 10, 'the reason says what was refused');
    });
  }

  for (const command of controls) {
    test(`control: allows ${JSON.stringify(command)}`, () => {
      assert.deepEqual(isReadOnlyCommand(command), { readOnly: true });
    });
  }

  test('each attempt really writes or acts when bash runs it', (t) => {
    const fresh = bashSandboxes(t);
    const harmless: string[] = [];
    for (const { attempt, effect } of attempts) {
      if (effect === false || attempt.includes('\u0000')) continue;
      const sandbox = fresh();
      sandbox.run(attempt);
      if (effects(sandbox).length === 0) harmless.push(attempt);
    }
    assert.deepEqual(
      harmless,
      [],
      'these attempts did nothing under bash: the table does not test what it says',
    );
  });

  test('the controls change nothing when bash runs them', (t) => {
    const sandbox = bashSandboxes(t)();
    for (const command of controls) {
      sandbox.run(command);
      assert.deepEqual(effects(sandbox), [], command);
    }
  });
});
