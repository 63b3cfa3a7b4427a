// Differential fuzzing of the planner's read-only check against real bash: commands are made from
// a grammar mixing honest pieces and hostile ones (writers, ANSI-C quoting, control characters,
// comments, substitutions, here-documents, globs over files named like options, assignments …),
// and every command the check allows is run by bash in a throwaway repository with a private
// HOME and TMPDIR. None of the three may change, and the fake baton on PATH may only have been
// asked to read. The seed is printed; BATON_FUZZ_SEED and BATON_FUZZ_RUNS repeat or widen a run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isReadOnlyCommand } from '../../../src/core/shell/read-only.ts';
import { bashSandboxes } from '../../support/bash-sandbox.ts';
import { commandLine, readingBatonCommands } from './hostile-grammar.ts';

test('every command the check allows leaves the repository, HOME and TMPDIR unchanged under real bash', (t) => {
  const seed = Number(process.env.BATON_FUZZ_SEED ?? Date.now() % 2 ** 31);
  const numRuns = Number(process.env.BATON_FUZZ_RUNS ?? 300);
  t.diagnostic(`seed ${seed} (BATON_FUZZ_SEED=${seed} repeats this run)`);
  const sandbox = bashSandboxes(t)();
  let allowed = 0;
  let denied = 0;
  fc.assert(
    fc.property(commandLine, (line) => {
      if (!isReadOnlyCommand(line).readOnly) {
        denied += 1;
        return;
      }
      allowed += 1;
      sandbox.run(line);
      const changes = sandbox.changes();
      assert.deepEqual(changes, [], `seed ${seed}: ${JSON.stringify(line)} changed ${changes.join(', ')}`);
      const writes = sandbox
        .batonCalls()
        .filter(
          (call) =>
            call.length > 0 && !readingBatonCommands.has(call[0] === 'pool' ? `pool ${call[1]}` : call[0]!),
        );
      assert.deepEqual(
        writes,
        [],
        `seed ${seed}: ${JSON.stringify(line)} asked baton to ${JSON.stringify(writes)}`,
      );
    }),
    { seed, numRuns, endOnFailure: true },
  );
  t.diagnostic(`${allowed} commands allowed and run by bash, ${denied} denied`);
  // The grammar must reach allowed commands often enough for the run to mean something.
  assert.ok(allowed >= numRuns / 4, `only ${allowed} of ${numRuns} commands were allowed`);
});
