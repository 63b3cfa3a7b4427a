// Seed 001, several instances on one repository, end to end with the real Claude Code CLI and
// baton's hooks installed (`baton hooks install`): instance A edits a file and so holds it;
// instance B's edit of it is denied, and the model is told why; the ```pool block of A's final
// message (posted by the Stop hook) is in B's next SessionStart digest; the attention header of
// UserPromptSubmit is in the model's request. Each instance's model server is its own: what B's
// model reads is what baton's hooks gave it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { claudeUnavailable, describeRun, runClaude } from '../support/claude-code.ts';
import {
  type FakeAnthropicServer,
  lastToolResults,
  requestText,
  startFakeAnthropic,
  type TurnScript,
} from '../support/fake-anthropic.ts';
import { makeScratch, type Scratch } from '../support/scratch-project.ts';
import { sayTurn, writeTurn } from '../support/scripted-turns.ts';

const sentences = [
  'exports.words = (text) => text.split(/\\s+/).filter(Boolean);',
  'exports.sentences = (text) => text.split(/(?<=[.!?])\\s+/).filter(Boolean);',
  '',
].join('\n');

const poolBlock = [
  '```pool',
  'INSTANCE: A',
  'ACTION: completed',
  'TOPIC: Sentence splitting',
  'SUMMARY: Added sentences(text) to src/text.js',
  'AFFECTS: src/text.js',
  'BLOCKS: Can now count sentences',
  '```',
].join('\n');

/** One headless session of `instance` against a model server of its own, run to its end. */
async function session(
  t: Parameters<typeof makeScratch>[0],
  scratch: Scratch,
  instance: string,
  prompt: string,
  turns: TurnScript[],
): Promise<FakeAnthropicServer> {
  const server = await startFakeAnthropic({ turns });
  t.after(() => server.close());
  const run = await runClaude({
    cwd: scratch.repository,
    home: scratch.home,
    server,
    prompt,
    env: { ...scratch.env, BATON_INSTANCE: instance },
  });
  assert.equal(run.status, 0, describeRun(run));
  assert.equal(server.remainingTurns(), 0, describeRun(run));
  return server;
}

test("seed 001: A holds the file it edits, B is denied it with the reason, and A's pool entry and the attention header reach B's model", {
  skip: claudeUnavailable,
  timeout: 180_000,
}, async (t) => {
  const scratch = await makeScratch(t, { hooks: true });
  const original = scratch.read('src/text.js');

  // B starts first: nothing of A's work in its digest yet.
  const before = await session(t, scratch, 'B', 'What is going on here?', [sayTurn('Nothing yet.')]);
  const beforeText = requestText(before.conversationRequests()[0]!);
  assert.match(beforeText, /baton: state of this repository for instance B/);
  assert.doesNotMatch(beforeText, /Sentence splitting/);

  // A edits src/text.js (and so holds it), and ends with a pool block.
  await session(t, scratch, 'A', 'Add sentences(text) to src/text.js.', [
    writeTurn(scratch.file('src/text.js'), sentences),
    sayTurn(`Added sentences(text).\n\n${poolBlock}`),
  ]);
  assert.equal(scratch.read('src/text.js'), sentences);
  const claims = JSON.parse((await scratch.batonOk(['claims', '--json'])).stdout) as {
    claims: Array<{ instance: string; pattern: string }>;
  };
  assert.deepEqual(
    claims.claims.map((claim) => [claim.instance, claim.pattern]),
    [['A', 'src/text.js']],
  );

  // B's next session: the digest carries A's entry and A's hold, the attention header the file
  // B's prompt names; B's edit of A's file is denied and the model is told why.
  const after = await session(t, scratch, 'B', 'Tidy up src/text.js please.', [
    writeTurn(scratch.file('src/text.js'), `${original}// tidied by B\n`),
    sayTurn('I could not edit src/text.js: instance A holds it.'),
  ]);
  const [first, second] = after.conversationRequests();
  const firstText = requestText(first!);
  assert.match(firstText, /baton: state of this repository for instance B/);
  assert.match(firstText, /A completed: Sentence splitting — Added sentences\(text\) to src\/text\.js/);
  assert.match(firstText, /src\/text\.js held by A/);
  assert.match(firstText, /ATTENTION STATE \[Turn 2\]/);
  assert.match(firstText, /### src\/text\.js/);
  assert.match(firstText, /exports\.sentences = /, 'the HOT file is given whole, as A left it');
  const [denial] = lastToolResults(second!);
  assert.ok(denial?.isError, `B's Write should come back to the model as an error: ${denial?.text}`);
  assert.match(denial.text, /src\/text\.js is held by instance A .*until/);
  assert.equal(scratch.read('src/text.js'), sentences, "B's edit reached the file");

  // What a person sees: the denial among the events, with its reason; the entry in the pool.
  const denials = JSON.parse((await scratch.batonOk(['events', '--kind', 'denials', '--json'])).stdout) as {
    events: Array<{ kind: string; instance: string; description: string }>;
  };
  assert.deepEqual(
    denials.events.map((event) => [event.kind, event.instance]),
    [['edit-denied', 'B']],
  );
  assert.match(denials.events[0]!.description, /^Write src\/text\.js: .*held by instance A/);
  const pool = JSON.parse((await scratch.batonOk(['pool', 'query', '--instance', 'A', '--json'])).stdout) as {
    entries: Array<Record<string, unknown>>;
  };
  assert.deepEqual(
    pool.entries.map((entry) => [entry.action, entry.topic, entry.affects, entry.blocks]),
    [['completed', 'Sentence splitting', ['src/text.js'], 'Can now count sentences']],
  );
});
