// write_plan: the planner's only way to write anything, and only the one plan file the caller
// chose (a path in the plans' review folder). The planner names no path of its own.
import path from 'node:path';
import { z } from 'zod';
import { writeTextFile } from './file-access.ts';
import { isRefusalDraft, type RefusalDraft, refuse } from './refusal.ts';
import { defineTool } from './tool.ts';

export interface WritePlanOutput {
  path: string;
  bytesWritten: number;
}

export const writePlanTool = defineTool({
  name: 'write_plan',
  description:
    'Write the plan, as Markdown, to the plan file of this run (you do not choose the path). Writing again replaces it.',
  inputSchema: z.object({
    content: z.string().min(1),
    /** Optional; when given it must be the plan file of this run. */
    path: z.string().optional(),
  }),
  async execute(input, context): Promise<WritePlanOutput | RefusalDraft> {
    if (context.planPath === undefined) {
      return refuse('NOT_PERMITTED', 'No plan file was set for this run, so no plan can be written.');
    }
    const target = context.sandbox.resolveForWrite(context.planPath);
    if (isRefusalDraft(target)) return target;
    if (input.path !== undefined) {
      const asked = context.sandbox.resolveForRead(input.path);
      if (isRefusalDraft(asked) || asked.absolute !== target.absolute) {
        return refuse(
          'NOT_THE_PLAN_PATH',
          `The plan is written to ${target.relative} only; leave out path or use that one.`,
          {
            path: input.path,
          },
        );
      }
    }
    if (path.extname(target.relative) !== '.md') {
      return refuse('NOT_THE_PLAN_PATH', `The plan file ${target.relative} is not a Markdown file.`);
    }
    const written = await writeTextFile(target, input.path ?? target.relative, input.content);
    if (isRefusalDraft(written)) return written;
    return { path: target.relative, bytesWritten: written.bytesWritten };
  },
});
