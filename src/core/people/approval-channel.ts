// How a person approved a plan. `baton run` starts agents on an approved plan, so the approval
// must come from a person, through a way an agent cannot use:
//   terminal   `baton approve` at a terminal: stdin and stdout are TTYs and neither the
//              environment nor the processes above carry an agent marker
//   page       the approve button of baton's web page (its token is the person's)
//   signature  `baton approve --sign <key>`: an SSH signature of the plan's SHA-256, verified
//              against `approvals.allowed_signers` when the repository configures it
// An approval event recorded before channels existed has none; it is read as `terminal`, since
// the only way to approve then was the terminal command.
export const approvalChannels = ['terminal', 'page', 'signature'] as const;
export type ApprovalChannel = (typeof approvalChannels)[number];

/** The SSH signature namespace: a signature made for anything else never verifies as an approval. */
export const approvalSignatureNamespace = 'baton-approval';

/** What is signed for an approval: the plan and the exact text's hash, one line. */
export function approvalSignedText(planId: string, sha256: string): string {
  return `baton approval of plan ${planId} sha256 ${sha256}\n`;
}

/** The channel an approval event records; an event from before channels is `terminal`. */
export function channelOf(data: Readonly<Record<string, unknown>>): ApprovalChannel | 'unknown' {
  const channel = data.channel;
  if (channel === undefined || channel === null) return 'terminal';
  return (approvalChannels as readonly unknown[]).includes(channel)
    ? (channel as ApprovalChannel)
    : 'unknown';
}

/** Why `baton run` must not accept this approval, or undefined when a person's channel gave it. */
export function approvalChannelProblem(channel: ApprovalChannel | 'unknown'): string | undefined {
  if (channel === 'unknown') return 'it was recorded through no channel a person uses';
  return undefined;
}
