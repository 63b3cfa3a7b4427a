// Signed approvals, as git signs commits with SSH keys: `ssh-keygen -Y sign` over the approval's
// text (the plan id and the SHA-256 of the approved plan) in baton's own namespace, and
// `ssh-keygen -Y verify` against a git-style allowed_signers file. The key never passes through
// baton: ssh-keygen reads it (or asks ssh-agent), and asks for its passphrase itself.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { approvalSignatureNamespace } from '../../core/people/approval-channel.ts';
import { BatonError } from '../../errors.ts';

const sshKeygen = 'ssh-keygen';

/** The armored SSH signature of `text` with `keyFile` (a private key, or a public key held by ssh-agent). */
export function signText(keyFile: string, text: string): string {
  const result = spawnSync(sshKeygen, ['-Y', 'sign', '-f', keyFile, '-n', approvalSignatureNamespace], {
    input: text,
    encoding: 'utf8',
    // The passphrase prompt goes to the person's terminal; the signature comes on stdout.
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const signature = result.stdout ?? '';
  if (result.error || result.status !== 0 || !signature.includes('BEGIN SSH SIGNATURE')) {
    throw new BatonError(
      'SIGNING_FAILED',
      `ssh-keygen could not sign with ${keyFile}: ${(result.error?.message ?? result.stderr ?? '').trim() || `exit ${result.status}`}`,
      {
        hint: 'Pass the private key file (or the public key of a key loaded in ssh-agent), e.g. --sign ~/.ssh/id_ed25519.',
      },
    );
  }
  return signature;
}

export type SignatureCheck = { valid: true; signer: string } | { valid: false; reason: string };

/**
 * Whether `signature` signs `text` in baton's namespace by a key `allowedSigners` lists. Every
 * failure (no ssh-keygen, an unreadable file, an unknown key) is an invalid signature.
 */
export function verifyText(allowedSigners: string, signature: string, text: string): SignatureCheck {
  const folder = mkdtempSync(path.join(tmpdir(), 'baton-signature-'));
  try {
    const signatureFile = path.join(folder, 'approval.sig');
    writeFileSync(signatureFile, signature);
    const found = spawnSync(sshKeygen, ['-Y', 'find-principals', '-s', signatureFile, '-f', allowedSigners], {
      encoding: 'utf8',
    });
    const principal = found.stdout?.split('\n')[0]?.trim();
    if (found.error || found.status !== 0 || !principal) {
      return {
        valid: false,
        reason: `the signing key is not among the allowed signers (${(found.error?.message ?? found.stderr ?? '').trim() || 'no principal'})`,
      };
    }
    const verified = spawnSync(
      sshKeygen,
      [
        '-Y',
        'verify',
        '-f',
        allowedSigners,
        '-I',
        principal,
        '-n',
        approvalSignatureNamespace,
        '-s',
        signatureFile,
      ],
      { input: text, encoding: 'utf8' },
    );
    if (verified.error || verified.status !== 0) {
      return {
        valid: false,
        reason: `the signature does not verify: ${(verified.error?.message ?? verified.stderr ?? verified.stdout ?? '').trim()}`,
      };
    }
    return { valid: true, signer: principal };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
