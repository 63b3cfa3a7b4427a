// baton's MCP server: a few tools that each take an action, the plans and the pool digest as
// resources, and a prompt for the planner. Each tool lists only the actions this session may
// call (its role), and the handler checks again: the schema is what the client sees, the check
// is what holds. Definitions stay short: every client pays for them in every turn's context.
// Each tool's module loads on its first call: a client waits for the server's start-up (some,
// like Codex, start the model's first turn without it), and the task steps load the most.
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { allowedActions, assertAllowed, type McpSession, type ToolName } from './session.ts';
import { answer } from './tool-result.ts';

const text = z.string();
const paths = z.array(z.string());

// Each tool: what it is for, and its arguments besides `action`.
const toolShapes: Record<
  ToolName,
  {
    description: string;
    shape: z.ZodRawShape; // biome-ignore lint/suspicious/noExplicitAny: each tool reads its own arguments
    run: (session: McpSession, args: any) => Promise<unknown>;
  }
> = {
  plans: {
    description:
      "Plans: list; show (tasks, graph, state, progress); lint a plan text; write a plan into review. Approving is a person's.",
    shape: { id: text.optional(), text: text.optional().describe('plan Markdown'), state: text.optional() },
    run: async (session, args) => (await import('./plans-tool.ts')).plansTool(session, args),
  },
  tasks: {
    description:
      'Tasks of active plans: ready; start (claims its files, returns its worktree); progress|blocked (note); done submits it: verify, scope, review, merge.',
    shape: { plan: text.optional(), task: text.optional(), note: text.optional() },
    run: async (session, args) => (await import('./tasks-tool.ts')).tasksTool(session, args),
  },
  pool: {
    description: 'The shared pool: post an entry as you (kind, topic, summary); query recent ones.',
    shape: {
      kind: text.optional().describe('completed|researched|blocked|started|note'),
      topic: text.optional(),
      summary: text.optional(),
      affects: paths.optional(),
      plan: text.optional(),
      task: text.optional(),
      since: text.optional().describe('30m, 2h, 1d or ISO'),
      instance: text.optional(),
      limit: z.number().int().min(0).optional(),
    },
    run: async (session, args) => (await import('./pool-tool.ts')).poolTool(session, args),
  },
  claims: {
    description: "File leases of your instance: claim, release, list (everyone's).",
    shape: {
      paths: paths.optional(),
      ttl: text.optional(),
      shared: z.boolean().optional(),
      reason: text.optional(),
      plan: text.optional(),
      task: text.optional(),
    },
    run: async (session, args) => (await import('./claims-tool.ts')).claimsTool(session, args),
  },
  context: {
    description: 'Your attention: attention (HOT/WARM files); touch a file.',
    shape: { path: text.optional() },
    run: async (session, args) => (await import('./context-tool.ts')).contextTool(session, args),
  },
  cost: {
    description: 'Model cost by task.',
    shape: { plan: text.optional() },
    run: async (session, args) => (await import('./more-tools.ts')).costTool(session, args),
  },
  events: {
    description: 'The event log, newest first.',
    shape: { plan: text.optional(), since: text.optional(), limit: z.number().int().min(1).optional() },
    run: async (session, args) => (await import('./more-tools.ts')).eventsTool(session, args),
  },
  handoff: {
    description: "Write a task's BUILD file.",
    shape: { plan: text.optional(), task: text.optional() },
    run: async (session, args) => (await import('./more-tools.ts')).handoffTool(session, args),
  },
};

export function createBatonServer(session: McpSession): McpServer {
  const server = new McpServer({ name: 'baton', version: '0.1.0' });
  for (const name of session.tools) {
    const actions = allowedActions(session, name);
    if (actions.length === 0) continue;
    const tool = toolShapes[name];
    server.registerTool(
      name,
      {
        description: tool.description,
        inputSchema: { action: z.enum(actions as [string, ...string[]]), ...tool.shape },
      },
      (args: { action: string }) =>
        answer(async () => {
          assertAllowed(session, name, args.action);
          return tool.run(session, args as never);
        }),
    );
  }
  registerResources(server, session);
  if (allowedActions(session, 'plans').includes('write')) registerPlannerPrompt(server);
  return server;
}

function registerResources(server: McpServer, session: McpSession): void {
  const { context } = session;
  server.registerResource(
    'plan',
    new ResourceTemplate('baton://plans/{id}', {
      list: async () => {
        const { listPlanFiles } = await import('../../plans/plan-files.ts');
        const { planFolders } = await import('../../plans/plan-folders.ts');
        return {
          resources: listPlanFiles(planFolders(context.repositoryRoot, context.config)).map((plan) => ({
            uri: `baton://plans/${plan.id}`,
            name: plan.id,
            mimeType: 'application/json',
          })),
        };
      },
    }),
    { description: 'A plan: tasks, graph, state, progress', mimeType: 'application/json' },
    async (uri, variables) => {
      const { planDetails } = await import('../../plans/plan-details.ts');
      const { planView } = await import('./plans-tool.ts');
      const details = await planDetails(
        context.repositoryRoot,
        context.config,
        await context.store(),
        String(variables.id),
      );
      return {
        contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(planView(details)) }],
      };
    },
  );
  server.registerResource(
    'pool',
    'baton://pool',
    { description: 'The pool digest: the latest entries of every instance', mimeType: 'text/plain' },
    async (uri) => {
      const { queryPool } = await import('../../store/pool-entries.ts');
      const { formatEntries } = await import('../../core/pool/format.ts');
      const entries = await queryPool(await context.store(), { limit: 30 });
      return { contents: [{ uri: uri.href, mimeType: 'text/plain', text: formatEntries(entries) }] };
    },
  );
}

function registerPlannerPrompt(server: McpServer): void {
  server.registerPrompt(
    'plan',
    { description: 'Write a baton plan for a goal', argsSchema: { goal: z.string() } },
    ({ goal }) => ({
      messages: [
        {
          role: 'user',
          content: {
            type: 'text',
            text: [
              `Write a baton plan for: ${goal}`,
              'Read the code first. Each task names its files, its dependencies, its success criteria and the',
              'commands that verify it. Check the text with plans lint until it has no errors, then plans write',
              'puts it into review. A person approves it; you never do.',
            ].join('\n'),
          },
        },
      ],
    }),
  );
}
