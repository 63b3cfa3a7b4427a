import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Claim } from '../../../src/core/claims/claim.ts';
import { decideEditClaim } from '../../../src/core/claims/edit-decision.ts';

function claim(fields: Partial<Claim> & Pick<Claim, 'instance' | 'pattern'>): Claim {
  return {
    id: 1,
    exclusive: true,
    reason: null,
    acquiredAt: 0,
    expiresAt: 1_000,
    planId: null,
    taskId: null,
    sessionId: null,
    ...fields,
  };
}

test("an edit is held by another instance's exclusive claim over the path", () => {
  const held = claim({ instance: 'B', pattern: 'src/**' });
  assert.deepEqual(decideEditClaim([held], { instance: 'A' }, 'src/a.ts'), { kind: 'held', claim: held });
});

test("the claimant's own claims over the path are renewed, not claimed again", () => {
  const own = claim({ instance: 'A', pattern: 'src/*.ts' });
  const elsewhere = claim({ id: 2, instance: 'A', pattern: 'docs/a.md' });
  assert.deepEqual(decideEditClaim([own, elsewhere], { instance: 'A' }, 'src/a.ts'), {
    kind: 'renew',
    own: [own],
  });
});

test('the same instance from another session is another holder', () => {
  const held = claim({ instance: 'A', pattern: 'src/a.ts', sessionId: 'first' });
  assert.equal(decideEditClaim([held], { instance: 'A', sessionId: 'second' }, 'src/a.ts').kind, 'held');
});

test("a free path is claimed exclusively, or shared beside another holder's shared claim", () => {
  assert.deepEqual(decideEditClaim([], { instance: 'A' }, 'src/a.ts'), { kind: 'claim', exclusive: true });
  const shared = claim({ instance: 'B', pattern: 'src/**', exclusive: false });
  assert.deepEqual(decideEditClaim([shared], { instance: 'A' }, 'src/a.ts'), {
    kind: 'claim',
    exclusive: false,
  });
});
