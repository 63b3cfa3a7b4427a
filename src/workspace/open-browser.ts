// `baton ui --open`: the default browser opens a one-visit launch address
// (integrations/ui/page-server.ts), never the address with the token, which would then sit on a
// command line other processes can read.
import { spawn } from 'node:child_process';

export function openInBrowser(address: string): void {
  const opener =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(opener, [address], { stdio: 'ignore', detached: true });
  child.on('error', () =>
    process.stderr.write(`baton ui: could not start ${opener}; open the address above yourself\n`),
  );
  child.unref();
}
