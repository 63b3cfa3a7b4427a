// HTTP bearer tokens: each belongs to one instance, so over HTTP the caller's identity is the
// token's, never a tool argument. Only a hash is kept, in the repository's git folder (never
// committed, outside every worktree), written whole through a rename.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BatonError } from '../../errors.ts';
import { writeFileAtomically } from '../../workspace/atomic-write.ts';
import { gitCommonDirectory } from '../../workspace/git-common-directory.ts';

interface TokenRecord {
  instance: string;
  sha256: string;
  createdAt: number;
}

function tokensFile(repositoryRoot: string): string {
  const gitDirectory = gitCommonDirectory(repositoryRoot);
  if (gitDirectory === undefined)
    throw new BatonError('NOT_A_GIT_REPO', `${repositoryRoot} has no git folder`);
  return path.join(gitDirectory, 'baton', 'mcp-tokens.json');
}

const hash = (token: string): string => createHash('sha256').update(token).digest('hex');

function readTokens(repositoryRoot: string): TokenRecord[] {
  try {
    const value: unknown = JSON.parse(readFileSync(tokensFile(repositoryRoot), 'utf8'));
    return Array.isArray(value) ? (value as TokenRecord[]) : [];
  } catch {
    return [];
  }
}

/** A new token for `instance` (returned once; only its hash is kept). */
export function createToken(repositoryRoot: string, instance: string): string {
  const token = `baton_${randomBytes(24).toString('base64url')}`;
  const file = tokensFile(repositoryRoot);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const records = [...readTokens(repositoryRoot), { instance, sha256: hash(token), createdAt: Date.now() }];
  writeFileAtomically(file, `${JSON.stringify(records, null, 2)}\n`, { mode: 0o600 });
  return token;
}

/** The instance a bearer token belongs to, or undefined for an unknown token. */
export function instanceOfToken(repositoryRoot: string, token: string): string | undefined {
  const wanted = Buffer.from(hash(token), 'hex');
  for (const record of readTokens(repositoryRoot)) {
    const stored = Buffer.from(record.sha256, 'hex');
    if (stored.length === wanted.length && timingSafeEqual(stored, wanted)) return record.instance;
  }
  return undefined;
}
