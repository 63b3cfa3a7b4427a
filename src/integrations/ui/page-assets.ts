// The page's files and its HTML shell. Every asset is served from this server: the page makes no
// request elsewhere, and its Content Security Policy says so too.
import { readdirSync, readFileSync } from 'node:fs';
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

/** The libraries the page's modules import by name (its import map), each by its asset's name. */
const importMap: Record<string, string> = {
  preact: 'preact.mjs',
  'preact/hooks': 'hooks.mjs',
  htm: 'htm.mjs',
  dagre: 'dagre.mjs',
};

interface Asset {
  file: string;
  type: string;
}

const types: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css' };

/**
 * baton's own files: each module and stylesheet of the client folder, by its file name. A
 * request's name is only looked up in this table, never joined to a path, so no name reaches a
 * file outside it. first-load.js is not served: the HTML inlines it.
 */
function clientAssets(): Array<[string, Asset]> {
  return readdirSync(clientDirectory, { withFileTypes: true })
    .filter(
      (entry) =>
        entry.isFile() && /^[a-z0-9-]+\.(js|css)$/.test(entry.name) && entry.name !== 'first-load.js',
    )
    .map((entry) => [
      entry.name,
      { file: path.join(clientDirectory, entry.name), type: types[path.extname(entry.name)]! },
    ]);
}

/** The libraries' browser builds, each by a fixed name. */
function libraryAssets(): Array<[string, Asset]> {
  return [
    ['preact.mjs', { file: packageFile('preact', 'dist/preact.mjs'), type: 'text/javascript' }],
    ['hooks.mjs', { file: packageFile('preact', 'hooks/dist/hooks.mjs'), type: 'text/javascript' }],
    ['htm.mjs', { file: packageFile('htm', 'dist/htm.module.js'), type: 'text/javascript' }],
    ['dagre.mjs', { file: packageFile('@dagrejs/dagre', 'dist/dagre.esm.js'), type: 'text/javascript' }],
    ['chart.js', { file: packageFile('chart.js', 'dist/chart.umd.min.js'), type: 'text/javascript' }],
    [
      'highlight.css',
      {
        file: path.join(path.dirname(require.resolve('highlight.js')), '..', 'styles', 'github.css'),
        type: 'text/css',
      },
    ],
  ];
}

// Listed and read once: the files are fixed for the life of the server.
let assets: Map<string, Asset> | undefined;
const assetBodies = new Map<string, string>();
let firstLoadScript: string | undefined;
let first: { preloads: string[]; views: Record<string, string[]> } | undefined;

function assetTable(): Map<string, Asset> {
  assets ??= new Map([...clientAssets(), ...libraryAssets()]);
  return assets;
}

/** An asset the page may load, by its name: its text and type, or undefined for any other name. */
export function pageAsset(name: string): { body: string; type: string } | undefined {
  const asset = assetTable().get(name);
  if (!asset) return undefined;
  let body = assetBodies.get(name);
  if (body === undefined) {
    body = readFileSync(asset.file, 'utf8');
    assetBodies.set(name, body);
  }
  return { body, type: asset.type };
}

/**
 * The assets `entry` imports statically, itself or through the modules it imports, but for
 * `known` (already asked for). Lazy imports (`import('./x.js')`, `import('dagre')`) are not
 * among them: the page asks for those when it needs them.
 */
function staticImports(entry: string, known: readonly string[]): string[] {
  const found: string[] = [];
  const visit = (name: string) => {
    for (const [, specifier] of pageAsset(name)!.body.matchAll(
      /^import\s(?:[^;'"]*?\sfrom\s*)?['"]([^'"]+)['"]/gm,
    )) {
      const imported = specifier!.startsWith('./') ? specifier!.slice(2) : importMap[specifier!];
      if (!imported || !pageAsset(imported))
        throw new Error(`${name} imports ${specifier}, which the page does not serve`);
      if (imported === entry || known.includes(imported) || found.includes(imported)) continue;
      found.push(imported);
      if (!Object.values(importMap).includes(imported)) visit(imported);
    }
  };
  visit(entry);
  return found;
}

/**
 * What a first load asks for at once: every module app.js imports statically (the board's), in
 * the HTML; and, for each other view (<view>-view.js, which app.js imports when it is shown), its
 * module and those it imports beyond app.js's, which first-load.js asks for when it is the first.
 */
function firstModules(): { preloads: string[]; views: Record<string, string[]> } {
  const preloads = staticImports('app.js', []);
  const views: Record<string, string[]> = {};
  for (const name of assetTable().keys()) {
    const view = /^([a-z]+)-view\.js$/.exec(name)?.[1];
    if (view && !preloads.includes(name)) views[view] = [name, ...staticImports(name, preloads)];
  }
  return { preloads, views };
}

/** The page's Content Security Policy: its own files, and inline scripts only with this nonce. */
export function contentSecurityPolicy(nonce: string): string {
  return `default-src 'none'; script-src 'self' 'nonce-${nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
}

export function pageHtml(csrf: string, nonce: string): string {
  // Inlined into every page's HTML, with the page's nonce.
  firstLoadScript ??= readFileSync(path.join(clientDirectory, 'first-load.js'), 'utf8');
  first ??= firstModules();
  const imports = Object.fromEntries(
    Object.entries(importMap).map(([specifier, name]) => [specifier, `./assets/${name}`]),
  );
  // The first view's data and modules are asked for before anything else (an inline script after
  // the stylesheets would wait for them), and the modules app.js imports with them, not after.
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="baton-csrf" content="${csrf}">
<title>baton</title>
<link rel="icon" href="data:,">
<script nonce="${nonce}">window.batonViewModules = ${JSON.stringify(first.views)};
${firstLoadScript}</script>
<script type="importmap" nonce="${nonce}">${JSON.stringify({ imports })}</script>
<script type="module" src="assets/app.js"></script>
${first.preloads.map((name) => `<link rel="modulepreload" href="assets/${name}">\n`).join('')}<link rel="stylesheet" href="assets/style.css">
<link rel="stylesheet" href="assets/highlight.css">
</head>
<body><div id="app"><p class="loading">Loading…</p></div></body>
</html>
`;
}
