// The configuration as the hook handlers load it. Loading it the normal way (src/config.ts)
// costs the yaml and zod imports, about twice Node's own start, on every tool call. So the
// validated result is cached per user and per repository, and reused while both the text of
// .baton/config.yaml (or its absence) and baton's config schema file are unchanged; only then
// does the normal loader run (and its errors are reported as usual).
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../config-schema.ts';

interface CacheFile {
  root: string;
  /** The config file's text; null when there is none (the defaults). */
  text: string | null;
  /** The schema file's modification time and size: a new baton version means new defaults. */
  schema: string;
  config: Config;
}

function cacheFile(repositoryRoot: string): string {
  const base = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  // The repository path spelt as a file name (no hashing: node:crypto costs a few ms to load).
  const key = repositoryRoot.replace(/[^A-Za-z0-9._-]/g, '-').slice(-180);
  return path.join(base, 'baton', 'hook-config', `${key}.json`);
}

function schemaStamp(): string {
  // config-schema.ts in a checkout, config-schema.js when compiled: next to this file's layer.
  const extension = path.extname(fileURLToPath(import.meta.url));
  const file = fileURLToPath(new URL(`../../config-schema${extension}`, import.meta.url));
  const stat = statSync(file);
  return `${stat.mtimeMs}:${stat.size}`;
}

/** The repository's configuration, validated; fast when unchanged since the last hook. */
export async function loadHookConfig(repositoryRoot: string): Promise<Config> {
  let text: string | null;
  try {
    text = readFileSync(path.join(repositoryRoot, '.baton', 'config.yaml'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    text = null;
  }
  const file = cacheFile(repositoryRoot);
  const schema = schemaStamp();
  try {
    const cached = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
    if (cached.root === repositoryRoot && cached.text === text && cached.schema === schema)
      return cached.config;
  } catch {
    // No cache yet, or an unreadable one: load normally below.
  }
  const { defaultConfig, loadConfig } = await import('../../config.ts');
  const config = text === null ? defaultConfig() : loadConfig(repositoryRoot);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(
      temporary,
      JSON.stringify({ root: repositoryRoot, text, schema, config } satisfies CacheFile),
    );
    renameSync(temporary, file);
  } catch {
    // A cache that cannot be written only costs time.
  }
  return config;
}
