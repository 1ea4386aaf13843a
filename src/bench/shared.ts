import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest folder above this module holding package.json. */
export function findRepoRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(from);
    dir = parent;
  }
}

/** `../shared/data` next to the repository root, or null when it is absent. */
export function sharedDataDir(repoRoot: string = findRepoRoot()): string | null {
  const dir = resolve(repoRoot, '..', 'shared', 'data');
  return existsSync(dir) ? dir : null;
}
