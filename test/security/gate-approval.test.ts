// Forged approvals: `baton run` accepts an approval only through a person's channel, and with
// `approvals.allowed_signers` only one signed (ssh-keygen -Y sign) by a listed key over this
// plan's exact hash. Each forgery is written straight into the store, as an agent that reached
// it would; the controls are a person's own approvals, and an approval recorded before channels
// existed (read as terminal).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, type TestContext, test } from 'node:test';
import type { Config } from '../../src/config/config-schema.ts';
import { defaultConfig } from '../../src/config/load-config.ts';
import { sha256 } from '../../src/core/lifecycle/approval.ts';
import { approvalSignedText } from '../../src/core/people/approval-channel.ts';
import { approvePlan, currentPlanText } from '../../src/plans/lifecycle.ts';
import { loadRunnablePlan } from '../../src/runner/runnable-plan.ts';
import { insertEvent } from '../../src/store/event-log.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { signText } from '../../src/workspace/people/ssh-signature.ts';
import { cleanPlanText } from '../support/plans.ts';
import { makeRepository, makeTemporaryDirectory } from '../support/repository.ts';

interface Keys {
  person: string;
  stranger: string;
  allowedSigners: string;
}

let keys: Keys;

before(() => {
  const folder = makeTemporaryDirectory(undefined, 'baton-keys-');
  const make = (name: string) => {
    const file = path.join(folder, name);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', file]);
    return file;
  };
  const person = make('ada');
  const stranger = make('mallory');
  const allowedSigners = path.join(folder, 'allowed_signers');
  const publicKey = execFileSync('ssh-keygen', ['-y', '-f', person], { encoding: 'utf8' }).trim();
  writeFileSync(allowedSigners, `ada@example.com ${publicKey}\n`);
  keys = { person, stranger, allowedSigners };
});

interface Setup {
  repository: string;
  store: Store;
  config: Config;
  id: string;
}

async function setUp(t: TestContext, signed: boolean): Promise<Setup> {
  const repository = makeRepository(t);
  const store = await openStore({ url: path.join(repository, '.baton', 'baton.db') });
  t.after(() => store.close());
  const config: Config = signed
    ? { ...defaultConfig(), approvals: { allowed_signers: keys.allowedSigners } }
    : defaultConfig();
  const id = 'gated';
  for (const state of ['review', 'active', 'completed', 'rejected'])
    mkdirSync(path.join(repository, '.baton', 'plans', state), { recursive: true });
  writeFileSync(path.join(repository, '.baton', 'plans', 'review', `${id}.md`), cleanPlanText(id));
  return { repository, store, config, id };
}

/** The plan moved to active with an approval event written straight into the store. */
async function forge({ repository, store, id }: Setup, data: Record<string, unknown>): Promise<void> {
  const text = currentPlanText({ repositoryRoot: repository, config: defaultConfig(), store }, id);
  renameSync(
    path.join(repository, '.baton', 'plans', 'review', `${id}.md`),
    path.join(repository, '.baton', 'plans', 'active', `${id}.md`),
  );
  await insertEvent(store, {
    kind: 'plan-approved',
    planId: id,
    instance: null,
    data: { from: 'review', to: 'active', by: 'Ada', sha256: sha256(text), text, ...data },
  });
}

/** Rejects with the BatonError `code`, its message matching `message` when given. */
async function refused(promise: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: { code?: string; message?: string }) => {
    assert.equal(error.code, code, error.message);
    if (message) assert.match(error.message ?? '', message);
    return true;
  });
}

const load = ({ repository, config, store, id }: Setup) => loadRunnablePlan(repository, config, store, id);
const context = ({ repository, config, store }: Setup) => ({ repositoryRoot: repository, config, store });

function signature(key: string, id: string, text: string, namespace?: string): string {
  if (namespace === undefined) return signText(key, approvalSignedText(id, sha256(text)));
  return execFileSync('ssh-keygen', ['-Y', 'sign', '-f', key, '-n', namespace], {
    input: approvalSignedText(id, sha256(text)),
    encoding: 'utf8',
  });
}

describe('without allowed signers', () => {
  test('refused: an approval event with a channel no person uses', async (t) => {
    const setup = await setUp(t, false);
    await forge(setup, { channel: 'agent' });
    await refused(load(setup), 'PLAN_NOT_APPROVED', /no approval by a person/);
  });

  test('refused: an approval event naming an invented channel', async (t) => {
    const setup = await setUp(t, false);
    await forge(setup, { channel: 'mcp' });
    await refused(load(setup), 'PLAN_NOT_APPROVED', /no channel a person uses/);
  });

  test('control: an approval from before channels is read as a terminal approval and runs', async (t) => {
    const setup = await setUp(t, false);
    await forge(setup, {});
    const runnable = await load(setup);
    assert.equal(runnable.id, setup.id);
  });

  test('control: a terminal approval recorded by the lifecycle runs', async (t) => {
    const setup = await setUp(t, false);
    const result = await approvePlan(context(setup), setup.id, { by: 'Ada', channel: 'terminal' });
    assert.equal(result.approval?.channel, 'terminal');
    assert.equal((await load(setup)).id, setup.id);
  });
});

describe('with approvals.allowed_signers', () => {
  test('refused: a terminal approval without a signature', async (t) => {
    const setup = await setUp(t, true);
    await approvePlan(context(setup), setup.id, { by: 'Ada', channel: 'terminal' });
    await refused(load(setup), 'APPROVAL_UNSIGNED', /accepts only signed approvals/);
  });

  test('refused: a forged event claiming the signature channel without a signature', async (t) => {
    const setup = await setUp(t, true);
    await forge(setup, { channel: 'signature' });
    await refused(load(setup), 'APPROVAL_UNSIGNED', /without a signature/);
  });

  test('refused: a signature by a key that is not listed', async (t) => {
    const setup = await setUp(t, true);
    const text = cleanPlanText(setup.id);
    await forge(setup, { channel: 'signature', signature: signature(keys.stranger, setup.id, text) });
    await refused(load(setup), 'APPROVAL_SIGNATURE_INVALID', /not among the allowed signers/);
  });

  test("refused: a listed key's signature made for another plan, copied over", async (t) => {
    const setup = await setUp(t, true);
    await forge(setup, {
      channel: 'signature',
      signature: signature(keys.person, 'another-plan', cleanPlanText('another-plan')),
    });
    await refused(load(setup), 'APPROVAL_SIGNATURE_INVALID', /does not verify/);
  });

  test("refused: a listed key's signature of an older text of the same plan", async (t) => {
    const setup = await setUp(t, true);
    await forge(setup, {
      channel: 'signature',
      signature: signature(keys.person, setup.id, `${cleanPlanText(setup.id)}\nan older line\n`),
    });
    await refused(load(setup), 'APPROVAL_SIGNATURE_INVALID', /does not verify/);
  });

  test("refused: a listed key's signature made in git's namespace, not baton's", async (t) => {
    const setup = await setUp(t, true);
    await forge(setup, {
      channel: 'signature',
      signature: signature(keys.person, setup.id, cleanPlanText(setup.id), 'git'),
    });
    await refused(load(setup), 'APPROVAL_SIGNATURE_INVALID');
  });

  test('refused: text that only looks like a signature', async (t) => {
    const setup = await setUp(t, true);
    await forge(setup, {
      channel: 'signature',
      signature: '-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----\n',
    });
    await refused(load(setup), 'APPROVAL_SIGNATURE_INVALID');
  });

  test('refused: the plan edited after a valid signed approval', async (t) => {
    const setup = await setUp(t, true);
    const text = cleanPlanText(setup.id);
    const signed = { sha256: sha256(text), signature: signature(keys.person, setup.id, text) };
    await approvePlan(context(setup), setup.id, { by: 'Ada', channel: 'signature', signed });
    writeFileSync(path.join(setup.repository, '.baton/plans/active', `${setup.id}.md`), `${text}\nmore\n`);
    await refused(load(setup), 'PLAN_CHANGED_SINCE_APPROVAL');
  });

  test('refused: signing a text other than the plan under the lock', async (t) => {
    const setup = await setUp(t, true);
    const other = `${cleanPlanText(setup.id)}\nchanged\n`;
    const signed = { sha256: sha256(other), signature: signature(keys.person, setup.id, other) };
    await refused(
      approvePlan(context(setup), setup.id, { by: 'Ada', channel: 'signature', signed }),
      'PLAN_CONCURRENT_CHANGE',
      /changed while it was being signed/,
    );
  });

  test('control: a signed approval by a listed key runs', async (t) => {
    const setup = await setUp(t, true);
    const text = cleanPlanText(setup.id);
    const signed = { sha256: sha256(text), signature: signature(keys.person, setup.id, text) };
    const result = await approvePlan(context(setup), setup.id, { by: 'Ada', channel: 'signature', signed });
    assert.equal(result.approval?.channel, 'signature');
    assert.equal((await load(setup)).id, setup.id);
  });

  test('control: an unsigned approval signed afterwards runs', async (t) => {
    const setup = await setUp(t, true);
    await approvePlan(context(setup), setup.id, { by: 'Ada', channel: 'terminal' });
    const text = cleanPlanText(setup.id);
    const signed = { sha256: sha256(text), signature: signature(keys.person, setup.id, text) };
    await approvePlan(context(setup), setup.id, { by: 'Ada', channel: 'signature', signed });
    assert.equal((await load(setup)).id, setup.id);
  });
});
