// The page's files and its HTML shell. Every asset is served from this server: the page makes no
// request elsewhere, and its Content Security Policy says so too.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { batonBinPath } from '../../installation.ts';

const require = createRequire(import.meta.url);
// The page's own files stay in src/ (the package ships it): from the installation's root, since
// this module runs from src/ in a checkout and from a chunk under dist/ when bundled.
const clientDirectory = path.join(
  path.dirname(path.dirname(batonBinPath())),
  'src',
  'integrations',
  'ui',
  'client',
);

/** A file of an installed package, by its path inside the package (the browser builds). */
function packageFile(name: string, file: string): string {
  // The package's folder: up from its main entry (not every package exports its package.json).
  let folder = path.dirname(require.resolve(name));
  while (!folder.endsWith(`${path.sep}node_modules${path.sep}${name.split('/').join(path.sep)}`)) {
    const parent = path.dirname(folder);
    if (parent === folder) throw new Error(`cannot find the folder of the package ${name}`);
    folder = parent;
  }
  return path.join(folder, file);
}

/** The files the page loads: baton's own and the libraries', each by a fixed name. */
export const assets: Record<string, { file: string; type: string }> = {
  'app.js': { file: path.join(clientDirectory, 'app.js'), type: 'text/javascript' },
  'style.css': { file: path.join(clientDirectory, 'style.css'), type: 'text/css' },
  'preact.mjs': { file: packageFile('preact', 'dist/preact.mjs'), type: 'text/javascript' },
  'hooks.mjs': { file: packageFile('preact', 'hooks/dist/hooks.mjs'), type: 'text/javascript' },
  'htm.mjs': { file: packageFile('htm', 'dist/htm.module.js'), type: 'text/javascript' },
  'dagre.mjs': { file: packageFile('@dagrejs/dagre', 'dist/dagre.esm.js'), type: 'text/javascript' },
  'chart.js': { file: packageFile('chart.js', 'dist/chart.umd.min.js'), type: 'text/javascript' },
  'highlight.css': {
    file: path.join(path.dirname(require.resolve('highlight.js')), '..', 'styles', 'github.css'),
    type: 'text/css',
  },
};

// Read once: inlined into every page's HTML, with the page's nonce.
let firstLoadScript: string | undefined;
const assetBodies = new Map<string, string>();

/** An asset's text, read once: the files are fixed for the life of the server. */
export function assetBody(name: string): string | undefined {
  const asset = assets[name];
  if (!asset) return undefined;
  let body = assetBodies.get(name);
  if (body === undefined) {
    body = readFileSync(asset.file, 'utf8');
    assetBodies.set(name, body);
  }
  return body;
}

/** The page's Content Security Policy: its own files, and inline scripts only with this nonce. */
export function contentSecurityPolicy(nonce: string): string {
  return `default-src 'none'; script-src 'self' 'nonce-${nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
}

export function pageHtml(csrf: string, nonce: string): string {
  firstLoadScript ??= readFileSync(path.join(clientDirectory, 'first-load.js'), 'utf8');
  // The first view's data is asked for before anything else (an inline script after the
  // stylesheets would wait for them), and the modules app.js imports with it, not after it.
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="baton-csrf" content="${csrf}">
<title>baton</title>
<link rel="icon" href="data:,">
<script nonce="${nonce}">${firstLoadScript}</script>
<script type="importmap" nonce="${nonce}">{"imports":{"preact":"./assets/preact.mjs","preact/hooks":"./assets/hooks.mjs","htm":"./assets/htm.mjs","dagre":"./assets/dagre.mjs"}}</script>
<link rel="modulepreload" href="assets/preact.mjs">
<link rel="modulepreload" href="assets/hooks.mjs">
<link rel="modulepreload" href="assets/htm.mjs">
<script type="module" src="assets/app.js"></script>
<link rel="stylesheet" href="assets/style.css">
<link rel="stylesheet" href="assets/highlight.css">
</head>
<body><div id="app"><p class="loading">Loading…</p></div></body>
</html>
`;
}
