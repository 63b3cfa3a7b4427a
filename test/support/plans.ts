// Plan texts for command tests: a canonical plan that lints clean, parameterised by id.
export function cleanPlanText(id: string, options: { title?: string; extraTask?: boolean } = {}): string {
  const title = options.title ?? 'Greeting module';
  const extra = options.extraTask
    ? `
### T3: Document the greeting
- **Action**: modify
- **Files**: \`README.md\`
- **Description**: Mention greet() in the README.
- **Success Criteria**:
  - README mentions greet()
- **Verify**:
  - \`grep -q greet README.md\`
- **Dependencies**: T1
`
    : '';
  return `---
id: ${id}
title: ${title}
created: 2026-11-22
author: test
risk: low
base: main
---

# Plan: ${title}

## Summary

Add a greeting module and its test.

## Tasks

### T1: Create the greeting
- **Action**: create
- **Files**: \`src/greet.js\`
- **Description**: Export greet(name) returning "Hello, name".
- **Success Criteria**:
  - greet('Ada') returns 'Hello, Ada'
- **Verify**:
  - \`node -e "require('./src/greet.js')"\`
- **Dependencies**: none

### T2: Test the greeting
- **Action**: create
- **Files**: \`test/greet.test.js\`
- **Description**: A node:test test for greet().
- **Success Criteria**:
  - the test passes
- **Verify**:
  - \`node --test\`
- **Dependencies**: T1
${extra}
## Verification

- [ ] \`node --test\`
`;
}
