// The fake Messages server itself: scripted turns, side calls, streamed and plain JSON answers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startFakeAnthropic } from '../../support/fake-anthropic.ts';

interface Answer {
  content: Array<{ text: string }>;
  stop_reason: string;
}

async function post(url: string, body: unknown): Promise<Response> {
  return fetch(`${url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function answer(url: string, body: unknown): Promise<Answer> {
  return (await (await post(url, body)).json()) as Answer;
}

test('replays the script to conversation requests only, streamed or not', async (t) => {
  const server = await startFakeAnthropic({
    turns: [
      { content: [{ type: 'tool_use', name: 'Write', input: { file_path: '/x', content: 'é"' } }] },
      (request) => ({ content: [{ type: 'text', text: `saw ${request.body?.messages?.length} messages` }] }),
    ],
  });
  t.after(() => server.close());
  const tools = [{ name: 'Write' }];

  const side = await answer(server.url, { model: 'haiku', messages: [{ role: 'user', content: 'title?' }] });
  assert.equal(side.content[0]!.text, 'Side answer');

  const streamed = await (
    await post(server.url, { model: 'm', stream: true, tools, messages: [{ role: 'user', content: 'go' }] })
  ).text();
  const events = streamed
    .split('\n')
    .filter((line) => line.startsWith('event: '))
    .map((line) => line.slice(7));
  assert.deepEqual(events, [
    'message_start',
    'content_block_start',
    'content_block_delta',
    'content_block_delta',
    'content_block_stop',
    'message_delta',
    'message_stop',
  ]);
  const partials = [...streamed.matchAll(/"partial_json":("(?:[^"\\]|\\.)*")/g)].map(
    (match) => JSON.parse(match[1]!) as string,
  );
  assert.deepEqual(JSON.parse(partials.join('')), { file_path: '/x', content: 'é"' });
  assert.match(streamed, /"stop_reason":"tool_use"/);

  const plain = await answer(server.url, {
    model: 'm',
    tools,
    messages: [
      { role: 'user', content: 'a' },
      { role: 'assistant', content: 'b' },
      { role: 'user', content: 'c' },
    ],
  });
  assert.equal(plain.content[0]!.text, 'saw 3 messages');
  assert.equal(plain.stop_reason, 'end_turn');
  assert.equal(server.remainingTurns(), 0);
  const last = await answer(server.url, { model: 'm', tools, messages: [] });
  assert.equal(last.content[0]!.text, 'Done.');
  assert.equal(server.conversationRequests().length, 3);
  assert.equal(server.requests.length, 4);
});
