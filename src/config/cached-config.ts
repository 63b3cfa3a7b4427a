// The configuration without its cost. Loading it the normal way (load-config.ts) costs the yaml
// and zod imports, about twice Node's own start, on every command and every hook. So the
// validated result is cached per user and per repository, and reused while the text of
// .baton/config.yaml (or its absence) and baton's config schema files are all unchanged. On
// any miss the normal loader runs, so a bad config fails exactly as it always does; a failure
// is never cached.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from './config-schema.ts';

// The shape of a cached config. Raise it whenever what a validated config holds changes
// (2: durations are milliseconds, no longer their text), so an entry of an older shape is
// never handed to code that expects the new one.
const cacheShape = 2;

interface CacheFile {
  shape: number;
  root: string;
  /** The config file's text; null when there is none (the defaults). */
  text: string | null;
  /** The schema files' modification times and sizes, or the build's id: a new baton means new defaults. */
  schema: string;
  config: Config;
}

// Every module whose code decides what a config text validates to (and its defaults).
// Paths from this folder, without the extension (.ts in a checkout).
const schemaModules = ['config-schema', 'agents-schema', 'duration-setting', '../core/duration'];

function cacheFile(repositoryRoot: string): string {
  const base = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  // The repository path spelt as a file name (no hashing: node:crypto costs a few ms to load).
  const key = repositoryRoot.replace(/[^A-Za-z0-9._-]/g, '-').slice(-180);
  // baton from its TypeScript sources (a checkout) and compiled (installed) keep separate
  // entries, so running both in one repository does not invalidate one with the other.
  const flavour = sourceExtension() === '.ts' ? '.source' : '';
  return path.join(base, 'baton', 'config', `${key}${flavour}.json`);
}

function sourceExtension(): string {
  return path.extname(fileURLToPath(import.meta.url));
}

// Set by scripts/build.ts in the bundle: a hash of the sources the build was made from.
declare const BATON_BUILD_ID: string | undefined;

function schemaStamp(): string {
  // Bundled: the build's id (npm gives installed files one fixed modification time, so file
  // times cannot tell two versions apart).
  if (typeof BATON_BUILD_ID === 'string') return `build:${BATON_BUILD_ID}`;
  const extension = sourceExtension();
  // A checkout: the schema sources next to this file.
  return schemaModules
    .map((name) => {
      const stat = statSync(fileURLToPath(new URL(`./${name}${extension}`, import.meta.url)));
      return `${name}:${stat.mtimeMs}:${stat.size}`;
    })
    .join(';');
}

/**
 * The repository's configuration, validated, as `loadConfig` returns it (and failing as it
 * fails); fast when neither the config file nor baton's schema changed since the last load.
 */
export async function loadConfigCached(repositoryRoot: string): Promise<Config> {
  let text: string | null;
  try {
    text = readFileSync(path.join(repositoryRoot, '.baton', 'config.yaml'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      // Unreadable: the normal loader reports it as it always does.
      const { loadConfig } = await import('./load-config.ts');
      return loadConfig(repositoryRoot);
    }
    text = null;
  }
  const file = cacheFile(repositoryRoot);
  let schema: string | undefined;
  try {
    schema = schemaStamp();
    const cached = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
    if (
      cached.shape === cacheShape &&
      cached.root === repositoryRoot &&
      cached.text === text &&
      cached.schema === schema
    )
      return cached.config;
  } catch {
    // No cache yet, or an unreadable one: load normally below.
  }
  const { defaultConfig, loadConfig } = await import('./load-config.ts');
  // Throws for a bad config, before anything is written.
  const config = text === null ? defaultConfig() : loadConfig(repositoryRoot);
  if (schema !== undefined) {
    try {
      // Written whole then renamed, as workspace/atomic-write.ts does (a layer above this one).
      mkdirSync(path.dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(
        temporary,
        JSON.stringify({ shape: cacheShape, root: repositoryRoot, text, schema, config } satisfies CacheFile),
      );
      renameSync(temporary, file);
    } catch {
      // A cache that cannot be written only costs time.
    }
  }
  return config;
}
