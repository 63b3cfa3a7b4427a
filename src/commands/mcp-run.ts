// The work of `baton mcp` (see mcp.ts).
import { type Role, roles } from '../agents/backend.ts';
import { isValidInstanceId, resolveInstance } from '../core/instance.ts';
import { assertPerson } from '../core/people/person-only.ts';
import { BatonError } from '../errors.ts';
import { assertPersonProcess } from '../workspace/people/person-process.ts';
import { writeJson, writeLine } from './output.ts';

export interface McpOptions {
  http?: boolean;
  port?: string;
  instance?: string;
  role?: string;
  tools?: string;
  dir?: string;
}

export interface McpInstallOptions {
  client?: string;
  scope?: string;
  instance?: string;
  role?: string;
  tools?: string;
  json?: boolean;
}

function readRole(value: string | undefined): Role | undefined {
  if (value === undefined) return undefined;
  if ((roles as readonly string[]).includes(value)) return value as Role;
  throw new BatonError('USAGE', `--role: unknown role "${value}"`, {
    hint: `Use one of: ${roles.join(', ')}.`,
  });
}

function readTools(value: string | undefined): 'default' | 'all' {
  if (value === undefined || value === 'default' || value === 'all') return value ?? 'default';
  throw new BatonError('USAGE', `--tools: "${value}" is neither default nor all`);
}

function readInstance(value: string): string {
  if (!isValidInstanceId(value)) throw new BatonError('USAGE', `--instance: invalid instance id "${value}"`);
  return value;
}

export async function serveCommand(options: McpOptions): Promise<void> {
  // Acting as another instance is a person's choice, as for `baton claude --instance`.
  if (options.instance !== undefined) {
    readInstance(options.instance);
    assertPersonProcess('baton mcp --instance');
  }
  const role = readRole(options.role);
  const toolSet = readTools(options.tools);
  const port = options.port === undefined ? 7331 : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new BatonError('USAGE', `--port: "${options.port}" is not a port number`);
  const path = await import('node:path');
  const { createContext } = await import('./context.ts');
  const { allTools, defaultTools } = await import('../integrations/mcp/session.ts');
  const context = await createContext(options.dir === undefined ? process.cwd() : path.resolve(options.dir));
  const session = { context, role, tools: toolSet === 'all' ? allTools : defaultTools };
  const closeAll = async () => {
    await context.close();
    process.exit(0);
  };
  if (options.http) {
    const { serveHttp } = await import('../integrations/mcp/http.ts');
    const server = await serveHttp(session, port);
    const address = server.address();
    const bound = typeof address === 'object' && address ? address.port : port;
    process.stderr.write(
      `baton mcp: listening on http://127.0.0.1:${bound}/mcp (bearer token from baton mcp token)\n`,
    );
    process.once('SIGINT', closeAll);
    process.once('SIGTERM', closeAll);
    return;
  }
  const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
  const { createBatonServer } = await import('../integrations/mcp/mcp-server.ts');
  const instance = options.instance ?? resolveInstance();
  const server = createBatonServer({ ...session, instance });
  const transport = new StdioServerTransport();
  transport.onclose = () => void closeAll();
  process.stdin.once('end', () => void closeAll());
  await server.connect(transport);
}

export async function tokenCommand(options: { instance: string; json?: boolean }): Promise<void> {
  const instance = readInstance(options.instance);
  // A token acts as its instance: minting one is a person's act.
  assertPersonProcess('baton mcp token');
  const { createContext } = await import('./context.ts');
  const { createToken } = await import('../integrations/mcp/tokens.ts');
  const context = await createContext();
  const token = createToken(context.repositoryRoot, instance);
  if (options.json) return writeJson({ ok: true, instance, token });
  writeLine(token);
  process.stderr.write(`baton: a token for instance ${instance}; it is shown only this once\n`);
}

export async function installCommand(
  action: 'install' | 'uninstall',
  options: McpInstallOptions,
): Promise<void> {
  if (action === 'uninstall') assertPerson('baton mcp uninstall', process.env);
  const { mcpClients, clientConfigFile, serverEntry, updateClientConfig } = await import(
    '../integrations/mcp/install.ts'
  );
  const client = options.client as (typeof mcpClients)[number];
  if (!mcpClients.includes(client))
    throw new BatonError('USAGE', `--client: unknown client "${options.client}"`, {
      hint: `One of ${mcpClients.join(', ')}.`,
    });
  const scope = options.scope ?? 'project';
  if (scope !== 'project' && scope !== 'user')
    throw new BatonError('USAGE', `--scope: "${scope}" is neither project nor user`);
  readRole(options.role);
  readTools(options.tools);
  if (options.instance !== undefined) readInstance(options.instance);
  const { requireRepositoryRoot } = await import('../workspace/repository.ts');
  const repositoryRoot = requireRepositoryRoot(process.cwd());
  const file = clientConfigFile(client, scope, repositoryRoot);
  const entry =
    action === 'install'
      ? serverEntry({
          ...(options.instance ? { instance: options.instance } : {}),
          ...(options.role ? { role: options.role } : {}),
          ...(options.tools ? { tools: options.tools } : {}),
        })
      : undefined;
  // A project-scope server runs in the repository; a user-scope one in whatever folder the client is.
  const change = updateClientConfig(file, client, entry);
  if (options.json) return writeJson({ ok: true, client, scope, ...change });
  writeLine(
    change.changed
      ? `${action === 'install' ? 'added baton to' : 'removed baton from'} ${file}`
      : `${file}: nothing to change`,
  );
}
