// The process at the other end of a loopback connection is found through /proc: this test's own
// process for a connection it opened; nobody for ports no connection has; undefined without /proc.
import assert from 'node:assert/strict';
import { createConnection, createServer } from 'node:net';
import { test } from 'node:test';
import { loopbackPeers } from '../../../src/workspace/people/loopback-peer.ts';

test('the process holding the client end of a loopback connection', {
  skip: process.platform !== 'linux',
}, async (t) => {
  const server = createServer(() => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const port = (server.address() as { port: number }).port;
  const client = createConnection({ port, host: '127.0.0.1' });
  await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  t.after(() => client.destroy());
  assert.deepEqual(loopbackPeers(client.localPort!, port), [process.pid]);
  // The server's end of the same connection is not the client's.
  assert.deepEqual(loopbackPeers(port, client.localPort! + 1), []);
});

test('without /proc, nothing is known', () => {
  assert.equal(loopbackPeers(1, 2, '/nonexistent-proc'), undefined);
});
