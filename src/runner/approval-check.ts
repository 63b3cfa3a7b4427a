// `baton run` starts agents on a plan only when a person approved it, through a person's channel
// (core/people/approval-channel.ts). With `approvals.allowed_signers` configured, only a signed
// approval counts, and its signature must verify against that file for the approved hash: an
// approval recorded in the store by anything else (an agent that reached the store, a forged
// event) has no signature a listed key made.
import { homedir } from 'node:os';
import path from 'node:path';
import type { Config } from '../config/load-config.ts';
import type { Approval } from '../core/lifecycle/approval.ts';
import { approvalChannelProblem, approvalSignedText } from '../core/people/approval-channel.ts';
import { BatonError } from '../errors.ts';
import { verifyText } from '../workspace/people/ssh-signature.ts';

/** The allowed_signers file as configured: relative to the repository, absolute, or `~/…`. */
export function allowedSignersPath(repositoryRoot: string, configured: string): string {
  if (configured === '~' || configured.startsWith('~/')) return path.join(homedir(), configured.slice(1));
  return path.resolve(repositoryRoot, configured);
}

/** Throws unless `approval` came from a person (and, when required, is signed by an allowed key). */
export function assertPersonApproval(
  repositoryRoot: string,
  config: Config,
  id: string,
  approval: Approval,
): void {
  const problem = approvalChannelProblem(approval.channel);
  if (problem !== undefined) {
    throw new BatonError('PLAN_NOT_APPROVED', `plan "${id}" has no approval by a person: ${problem}`, {
      hint: `A person approves it: baton approve ${id} at a terminal.`,
      data: { channel: approval.channel },
    });
  }
  const configured = config.approvals.allowed_signers;
  if (configured === undefined) return;
  const signers = allowedSignersPath(repositoryRoot, configured);
  if (approval.channel !== 'signature' || approval.signature === undefined) {
    throw new BatonError(
      'APPROVAL_UNSIGNED',
      `plan "${id}" was approved by ${approval.by} through the ${approval.channel} without a signature, and this repository accepts only signed approvals (approvals.allowed_signers: ${configured})`,
      { hint: `Approve it with your SSH key: baton approve ${id} --sign ~/.ssh/id_ed25519.` },
    );
  }
  const check = verifyText(signers, approval.signature, approvalSignedText(id, approval.sha256));
  if (!check.valid) {
    throw new BatonError(
      'APPROVAL_SIGNATURE_INVALID',
      `the signature on plan "${id}"'s approval by ${approval.by} is not valid: ${check.reason}`,
      {
        hint: `Approve it again with a key listed in ${signers}: baton approve ${id} --sign <key>.`,
        data: { allowedSigners: signers },
      },
    );
  }
}
