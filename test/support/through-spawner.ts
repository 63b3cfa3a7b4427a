// Preloaded (node --import) to run a test file with a ready git spawner, as `baton run` has one:
// the agent processes and commands the tests start then go through it.
import { startGitSpawner } from '../../src/workspace/git-spawner.ts';
import { spawnerReady } from './spawner.ts';

startGitSpawner();
await spawnerReady(process.cwd());
