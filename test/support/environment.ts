// Tests that need a variable in their own process's environment (what git started from it
// inherits) set it for the test only.
import type { TestContext } from 'node:test';

/** Sets `variables` in process.env until the test ends, then puts back what was there. */
export function setEnvironment(t: TestContext, variables: Readonly<Record<string, string>>): void {
  const before = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  Object.assign(process.env, variables);
  t.after(() => {
    for (const [name, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
}
