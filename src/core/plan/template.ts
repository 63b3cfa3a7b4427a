// The plan a person (or a planner) starts from: every section of the canonical form, with
// `[Placeholders]` where the content goes. It parses like any plan, and lint reports each
// placeholder still there (PLAN_PLACEHOLDER), so an unfinished plan cannot be approved.
import { stringify } from 'yaml';
import { escapeTitle } from './heading-text.ts';

export interface PlanTemplateOptions {
  id: string;
  title?: string | undefined;
  /** ISO date, e.g. 2026-02-04. */
  created: string;
  author?: string | undefined;
  /** The branch the plan applies to. */
  base?: string | undefined;
}

export function planTemplate(options: PlanTemplateOptions): string {
  const title = options.title?.trim();
  const frontMatter: Record<string, string> = { id: options.id };
  if (title) frontMatter['title'] = title;
  frontMatter['created'] = options.created;
  if (options.author?.trim()) frontMatter['author'] = options.author.trim();
  if (options.base?.trim()) frontMatter['base'] = options.base.trim();

  // risk is left to the author, as a comment: a default would be a claim nobody made.
  return `---
${stringify(frontMatter, { lineWidth: 0 })}# risk: low | medium | high
---

# Plan: ${title ? escapeTitle(title) : '[Feature Name]'}

## Summary

[Two or three sentences: what this plan builds and why.]

## Requirements Clarified

- [Requirement]: [Answer confirmed with the requester]

## Prerequisites

- [ ] [What must be true before the first task starts]

## Tasks

### T1: [Task title]

- **Action**: create
- **Files**: [path]
- **Description**: [what to do]
- **Success Criteria**:
  - [How a reviewer knows it is done]
- **Verify**:
  - [Command, e.g. npm test]
- **Dependencies**: none
- **Estimate**: [Estimate, e.g. 30m]

### T2: [Task title]

- **Action**: modify
- **Files**: [path]
- **Description**: [what to do]
- **Success Criteria**:
  - [How a reviewer knows it is done]
- **Verify**:
  - [Command]
- **Dependencies**: T1
- **Estimate**: [Estimate]

## Edge Cases

- [Edge case]: [how to handle it]

## Security Checklist

- [ ] [Security item, or delete this section]

## Risks & Mitigation

| Risk | Impact | Mitigation |
| --- | --- | --- |
| [Risk] | [High/Medium/Low] | [How to prevent or handle it] |

## Questions for Implementer

1. [Scenario]: [Guidance]

## Verification

- [ ] [Build command in backticks] passes
- [ ] [Test command in backticks] passes
`;
}
