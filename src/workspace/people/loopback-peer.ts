// Which processes hold the other end of a TCP connection made to this machine's loopback: the
// kernel lists every socket in /proc/net/tcp (and tcp6) with its addresses and inode, and every
// process's descriptors in /proc/<pid>/fd point at `socket:[<inode>]`. A server that takes a
// person's word (the page's approve button) asks this who sent the request, then whether that
// process runs under an agent (person-process.ts) — a token alone, read from the server's
// memory or the person's browser history, is then not enough.
//
// Linux only; elsewhere the caller gets `undefined` and says what it then cannot check.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';

function socketInodes(root: string, localPort: number, remotePort: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['tcp', 'tcp6']) {
    let text = '';
    try {
      text = readFileSync(path.join(root, 'net', table), 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [local, remote, inode] = [fields[1], fields[2], fields[9]];
      if (!local || !remote || !inode || inode === '0') continue;
      const port = (address: string) => Number.parseInt(address.slice(address.lastIndexOf(':') + 1), 16);
      if (port(local) === localPort && port(remote) === remotePort) inodes.add(inode);
    }
  }
  return inodes;
}

/**
 * The processes whose descriptors hold the client end of a connection from `clientPort` to
 * `serverPort` on this machine: usually one; several when the descriptor was inherited.
 * Empty when none is found (the client is gone, or runs as another user); undefined without /proc.
 */
export function loopbackPeers(clientPort: number, serverPort: number, root = '/proc'): number[] | undefined {
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return undefined;
  }
  const inodes = socketInodes(root, clientPort, serverPort);
  if (inodes.size === 0) return [];
  const targets = new Set([...inodes].map((inode) => `socket:[${inode}]`));
  const holders: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let descriptors: string[];
    try {
      descriptors = readdirSync(path.join(root, entry, 'fd'));
    } catch {
      continue; // gone, or another user's
    }
    for (const descriptor of descriptors) {
      let target = '';
      try {
        target = readlinkSync(path.join(root, entry, 'fd', descriptor));
      } catch {
        continue;
      }
      if (targets.has(target)) {
        holders.push(Number(entry));
        break;
      }
    }
  }
  return holders;
}
