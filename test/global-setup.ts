import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    newest = Math.max(newest, stat.isDirectory() ? newestSource(path) : name.endsWith('.ts') ? stat.mtimeMs : 0);
  }
  return newest;
}

/**
 * Tests that run the CLI as a process, the pool's worker threads and the user-strategy sandbox run
 * the compiled dist/. It is rebuilt here when any source is newer than the last build, so no test
 * ever reads a stale dist/.
 */
export default function setup(): void {
  const marker = join(ROOT, 'dist', '.tsbuildinfo');
  const built = existsSync(marker) ? statSync(marker).mtimeMs : 0;
  const newest = Math.max(newestSource(join(ROOT, 'src')), newestSource(join(ROOT, 'strategies')), statSync(join(ROOT, 'tsconfig.json')).mtimeMs);
  if (newest <= built) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
  chmodSync(join(ROOT, 'dist', 'src', 'cli', 'main.js'), 0o755);
}
