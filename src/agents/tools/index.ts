// The sandboxed tools of the `model` backend: what a role's model may do, and nothing more.

export type { EndOutput } from './end-tools.ts';
export { createIgnoreRules, type IgnoreRules } from './gitignore.ts';
export { defaultToolLimits, type ToolLimits } from './limits.ts';
export {
  checkTaskFile,
  checkVerifyCommand,
  type Role,
  roleMayUse,
  roles,
  roleTools,
  type ToolName,
  toolNames,
} from './permissions.ts';
export type { WritePlanOutput } from './plan-tool.ts';
export type { ListFilesOutput, ReadFileOutput, SearchMatch, SearchOutput } from './read-tools.ts';
export {
  type RefusalContext,
  recordToolRefusal,
  refusalRecorder,
  toolRefusedEventKind,
} from './record-refusal.ts';
export {
  breaksARule,
  isRefusalDraft,
  isToolRefusal,
  type RefusalDraft,
  type ToolRefusal,
  type ToolRefusalCode,
} from './refusal.ts';
export type { RunCommandOutput } from './run-command-tool.ts';
export { createSandbox, type ResolvedPath, type Sandbox } from './sandbox.ts';
export type { RunCommandSettings, ToolsetOutcome } from './tool.ts';
export {
  type CreateToolsetOptions,
  createToolset,
  type Tool,
  type ToolAnswer,
  type ToolOutputs,
  type Toolset,
} from './toolset.ts';
export type { EditFileOutput, WriteFileOutput } from './write-tools.ts';
