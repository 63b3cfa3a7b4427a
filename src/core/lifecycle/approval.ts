// Approval rules. An approval is bound to the SHA-256 of the exact text approved: a plan edited
// after approval is no longer approved, and must be approved again before it may run.
import { createHash } from 'node:crypto';
import { type ApprovalChannel, channelOf } from '../people/approval-channel.ts';

export interface PlanEventRecord {
  kind: string;
  at: number;
  instance: string | null;
  data: Record<string, unknown>;
}

export interface Approval {
  by: string;
  at: number;
  sha256: string;
  /** The approved text, so `show` can diff a revised plan against it. */
  text: string;
  /** How the person approved (an event from before channels reads as `terminal`). */
  channel: ApprovalChannel | 'unknown';
  /** For `signature`: the SSH signature (armored) of approvalSignedText. */
  signature?: string;
}

export interface ApprovalStatus {
  /** The latest approval, if the plan was ever approved and not revised or rejected since. */
  approval?: Approval;
  /** The approval that a revision withdrew: `show` diffs against its text. */
  withdrawn?: Approval & { reason: string; revisedAt: number };
  rejection?: { reason: string; at: number; by: string };
  /** True when there is an approval and the current text still hashes to it. */
  current: boolean;
}

export const planEventKinds = [
  'plan-created',
  'plan-approved',
  'plan-revised',
  'plan-rejected',
  'plan-completed',
] as const;

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function approvalFrom(event: PlanEventRecord): Approval {
  return {
    by: String(event.data.by ?? event.instance ?? 'unknown'),
    at: event.at,
    sha256: String(event.data.sha256 ?? ''),
    text: String(event.data.text ?? ''),
    channel: channelOf(event.data),
    ...(typeof event.data.signature === 'string' ? { signature: event.data.signature } : {}),
  };
}

/** Folds a plan's events (oldest first) into its approval status for `currentText`. */
export function approvalStatus(
  events: readonly PlanEventRecord[],
  currentText: string | undefined,
): ApprovalStatus {
  let approval: Approval | undefined;
  let withdrawn: ApprovalStatus['withdrawn'];
  let rejection: ApprovalStatus['rejection'];
  for (const event of events) {
    if (event.kind === 'plan-approved') {
      approval = approvalFrom(event);
      withdrawn = undefined;
      rejection = undefined;
    } else if (event.kind === 'plan-revised') {
      if (approval) withdrawn = { ...approval, reason: String(event.data.reason ?? ''), revisedAt: event.at };
      approval = undefined;
    } else if (event.kind === 'plan-rejected') {
      approval = undefined;
      rejection = {
        reason: String(event.data.reason ?? ''),
        at: event.at,
        by: String(event.data.by ?? event.instance ?? 'unknown'),
      };
    } else if (event.kind === 'plan-created') {
      // A plan created again under the same id starts a new history.
      approval = undefined;
      withdrawn = undefined;
      rejection = undefined;
    }
  }
  const current =
    approval !== undefined && currentText !== undefined && sha256(currentText) === approval.sha256;
  return { approval, withdrawn, rejection, current };
}
