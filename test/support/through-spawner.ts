// Preloaded (node --import) to run a test file with ready spawners, as `baton run` has them: the
// agent processes and commands the tests start then go through theirs.
import { startGitSpawner } from '../../src/workspace/git-spawner.ts';
import { groupSpawnerReady, spawnerReady } from './spawner.ts';

startGitSpawner();
await spawnerReady(process.cwd());
await groupSpawnerReady(process.cwd());
