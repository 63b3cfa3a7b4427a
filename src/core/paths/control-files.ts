// Where baton and the agent clients keep the files that decide what an agent may do: git's
// folder, baton's folder, Claude Code's settings (baton's hooks) and each MCP client's
// configuration (baton's server, hence its tools). One list, so that the places that keep agents
// away from them agree, each reading it its own way:
//   - the edit gate's protected paths (protected-paths.ts): the folders whole, the settings and
//     MCP files one by one;
//   - the sandbox's read-only entries (workspace/sandbox/protected-mounts.ts): wider, `.claude/`
//     whole, since a confined command gets folders, not file rules;
//   - the Bash guard's enforcement files (integrations/claude/bash-guard/guarded-files.ts):
//     single files compared before and after a command;
//   - where `baton mcp install` writes (integrations/mcp/install.ts).
// Repository-relative, `/`-separated, lower case (the protected-path rules fold case). Pure data:
// the Bash guard imports it on every hook call.

/** git's folder: refs, config (core.hooksPath, aliases) and hooks run programs. */
export const gitFolder = '.git';

/** baton's own folder: its configuration, the default store, plans, the hook log. */
export const batonFolder = '.baton';

/** baton's configuration: claims, sandbox and roles are set there. */
export const batonConfigFile = `${batonFolder}/config.yaml`;

/** Claude Code's project folder. */
export const claudeFolder = '.claude';

/** Claude Code's project and local settings, where `baton hooks install` puts baton's hooks. */
export const claudeSettingsFiles = [`${claudeFolder}/settings.json`, `${claudeFolder}/settings.local.json`];

/** Each MCP client's project configuration: where `baton mcp install` puts baton's server. */
export const mcpClientFiles = {
  'claude-code': '.mcp.json',
  codex: '.codex/config.toml',
  cursor: '.cursor/mcp.json',
  gemini: '.gemini/settings.json',
} as const;

export type McpClientName = keyof typeof mcpClientFiles;

/**
 * VS Code's MCP configuration: baton installs nothing there, but a server listed in it starts
 * with the agent and adds tools baton does not know.
 */
export const vscodeMcpFile = '.vscode/mcp.json';

/** Every MCP configuration file of a checkout. */
export const mcpConfigFiles: readonly string[] = [...Object.values(mcpClientFiles), vscodeMcpFile];

/**
 * The folders of the MCP clients whose file is in one (`.codex`, `.cursor`, `.gemini`): protected
 * whole, since each client reads more than its MCP servers from there (Codex's config.toml sets
 * its sandbox and approvals too).
 */
export const agentClientFolders: readonly string[] = Object.values(mcpClientFiles)
  .filter((file) => file.includes('/'))
  .map((file) => file.slice(0, file.indexOf('/')));

/** The MCP files that lie in no agent client's folder (`.mcp.json`, `.vscode/mcp.json`). */
export const looseMcpConfigFiles: readonly string[] = mcpConfigFiles.filter(
  (file) => !agentClientFolders.some((folder) => file.startsWith(`${folder}/`)),
);
