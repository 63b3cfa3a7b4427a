// MCP figures (issue 12): the token size of the default tool list (js-tiktoken, o200k_base;
// target < 3,000) and the median round trip of a `pool query` tool call over stdio, from the
// client's request to its answer, once the server runs (target ≤ 5 ms).
//
//   node bench/mcp.ts [--calls 200]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { getEncoding } from 'js-tiktoken';

const argumentsGiven = process.argv.slice(2);
const calls = Number(argumentsGiven[argumentsGiven.indexOf('--calls') + 1] ?? 200) || 200;
const bin = path.resolve(import.meta.dirname, '..', 'bin', 'baton.js');

const repository = mkdtempSync(path.join(tmpdir(), 'baton-bench-mcp-'));
const home = mkdtempSync(path.join(tmpdir(), 'baton-bench-home-'));
const env = { ...process.env, HOME: home, BATON_FROM_SOURCE: '1', BATON_INSTANCE: 'bench' } as Record<
  string,
  string
>;
delete env.BATON_DATABASE_URL;
const git = (...args: string[]) => execFileSync('git', args, { cwd: repository, stdio: 'ignore' });
git('init', '-q', '-b', 'main');
git(
  '-c',
  'user.name=bench',
  '-c',
  'user.email=bench@example.com',
  'commit',
  '-q',
  '--allow-empty',
  '-m',
  'initial',
);
execFileSync(process.execPath, [bin, 'init'], { cwd: repository, env, stdio: 'ignore' });

async function connect(args: string[]): Promise<Client> {
  const client = new Client({ name: 'bench', version: '0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [bin, 'mcp', ...args],
      cwd: repository,
      env,
    }),
  );
  return client;
}

try {
  const encoding = getEncoding('o200k_base');
  const tokensOf = async (args: string[]) => {
    const client = await connect(args);
    const { tools } = await client.listTools();
    await client.close();
    return { tools: tools.length, tokens: encoding.encode(JSON.stringify(tools)).length };
  };
  const plain = await tokensOf([]);
  const all = await tokensOf(['--tools', 'all']);
  console.log(
    `tool definitions, default set: ${plain.tools} tools, ${plain.tokens} tokens (o200k_base; target < 3,000)`,
  );
  console.log(`tool definitions, --tools all: ${all.tools} tools, ${all.tokens} tokens`);

  const client = await connect([]);
  await client.callTool({
    name: 'pool',
    arguments: { action: 'post', kind: 'note', topic: 'bench', summary: 'one entry' },
  });
  for (let warm = 0; warm < 20; warm++)
    await client.callTool({ name: 'pool', arguments: { action: 'query' } });
  const times: number[] = [];
  for (let call = 0; call < calls; call++) {
    const started = performance.now();
    const result = await client.callTool({ name: 'pool', arguments: { action: 'query', since: '1h' } });
    times.push(performance.now() - started);
    if (result.isError) throw new Error(JSON.stringify(result.content));
  }
  await client.close();
  times.sort((left, right) => left - right);
  const median = times[Math.floor(times.length / 2)]!;
  const p90 = times[Math.floor(times.length * 0.9)]!;
  console.log(
    `pool query over stdio: median ${median.toFixed(2)} ms, p90 ${p90.toFixed(2)} ms over ${calls} calls (target ≤ 5 ms)`,
  );
} finally {
  rmSync(repository, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
}
