// The repository's refs as baton watches them around an agent's work: branches, tags, notes and
// replace refs (a replace ref rewrites what history shows), and the main checkout's HEAD. An
// executor that moves one behind baton's back (plumbing such as `update-ref`, `commit-tree`)
// fails its round; baton puts the ref back and keeps what it pointed at under refs/baton/moved/,
// so nothing is lost.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gitScript } from './git-async.ts';
import { gitCommonDirectory } from './git-common-directory.ts';

/** `git` arguments that list the watched refs, `<name> <object id>` a line. */
export const refListingArguments: readonly string[] = [
  'for-each-ref',
  '--format=%(refname) %(objectname)',
  'refs/heads',
  'refs/tags',
  'refs/notes',
  'refs/replace',
];

/**
 * Ref name → object id from that listing, plus `HEAD` → what the main checkout's HEAD file says
 * (in `common`, the repository's shared git directory, which its caller already knows).
 */
export function parseRefListing(listing: string, common: string | undefined): Map<string, string> {
  const refs = new Map<string, string>();
  for (const line of listing.split('\n')) {
    const space = line.lastIndexOf(' ');
    if (space > 0) refs.set(line.slice(0, space), line.slice(space + 1));
  }
  if (common !== undefined) {
    try {
      refs.set('HEAD', readFileSync(path.join(common, 'HEAD'), 'utf8').trim());
    } catch {
      // No HEAD file: nothing to watch there.
    }
  }
  return refs;
}

export interface RefChange {
  ref: string;
  /** undefined: the ref did not exist before (created) / does not exist after (deleted). */
  before: string | undefined;
  after: string | undefined;
}

export function refChanges(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
  ignore: (ref: string) => boolean,
): RefChange[] {
  const names = [...new Set([...before.keys(), ...after.keys()])].filter((ref) => !ignore(ref)).sort();
  return names
    .filter((ref) => before.get(ref) !== after.get(ref))
    .map((ref) => ({ ref, before: before.get(ref), after: after.get(ref) }));
}

// Given (ref, before or -, after or -) triples as arguments: keeps each moved value under
// refs/baton/moved/<stamp>/, then puts the ref back (or deletes a created one), all in one
// `update-ref --stdin` transaction.
const restoreScript = `stamp=$1; shift
{
while [ $# -ge 3 ]; do
  ref=$1 before=$2 after=$3; shift 3
  case $ref in HEAD) continue ;; esac
  if [ "$after" != - ]; then printf 'update refs/baton/moved/%s/%s %s\\n' "$stamp" "\${ref#refs/}" "$after"; fi
  if [ "$before" = - ]; then printf 'delete %s %s\\n' "$ref" "$after"
  elif [ "$after" = - ]; then printf 'create %s %s\\n' "$ref" "$before"
  else printf 'update %s %s %s\\n' "$ref" "$before" "$after"; fi
done
} | git update-ref --stdin`;

/**
 * Undoes `changes`; returns the folder of refs where the moved values are kept. HEAD (a
 * symbolic ref) is written back as it was.
 */
export async function restoreRefs(repositoryRoot: string, changes: readonly RefChange[]): Promise<string> {
  const stamp = `${Date.now()}`;
  const args = changes.flatMap((change) => [change.ref, change.before ?? '-', change.after ?? '-']);
  const result = await gitScript(repositoryRoot, restoreScript, [stamp, ...args]);
  if (result.exitCode !== 0) throw new Error(`could not put the refs back: ${result.stderr.trim()}`);
  const head = changes.find((change) => change.ref === 'HEAD');
  if (head?.before !== undefined) {
    const common = gitCommonDirectory(repositoryRoot);
    if (common !== undefined) {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(path.join(common, 'HEAD'), `${head.before}\n`);
    }
  }
  return `refs/baton/moved/${stamp}/`;
}

export function describeRefChange(change: RefChange): string {
  const short = (value: string | undefined) =>
    value === undefined ? 'nothing' : value.replace(/^ref: /, '').slice(0, 12);
  if (change.before === undefined) return `${change.ref} created at ${short(change.after)}`;
  if (change.after === undefined) return `${change.ref} deleted (was ${short(change.before)})`;
  return `${change.ref} moved from ${short(change.before)} to ${short(change.after)}`;
}
