// Short ways to write the scripted turns of the fake Anthropic server: a tool call Claude Code
// will run for real (Write, Edit, Read, Bash), or a text answer that ends the session.
import type { ScriptedTurn } from './fake-anthropic.ts';

export const writeTurn = (filePath: string, content: string): ScriptedTurn => ({
  content: [{ type: 'tool_use', name: 'Write', input: { file_path: filePath, content } }],
});

export const readTurn = (filePath: string): ScriptedTurn => ({
  content: [{ type: 'tool_use', name: 'Read', input: { file_path: filePath } }],
});

export const bashTurn = (command: string): ScriptedTurn => ({
  content: [{ type: 'tool_use', name: 'Bash', input: { command, description: 'scripted command' } }],
});

export const sayTurn = (text: string): ScriptedTurn => ({ content: [{ type: 'text', text }] });
