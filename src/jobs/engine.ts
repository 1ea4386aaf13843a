import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The engine's fingerprint: a sha256 over the code of the engine itself (every module of src/ and
 * strategies/ as it runs here, compiled or not). A job's id covers it, so a result computed by
 * another engine (an upgrade, a local edit) is never taken for this one's. Computed once, lazily.
 */
let fingerprint: string | null = null;

function codeFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return codeFiles(path);
    return /\.(js|ts|mjs)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

export function engineFingerprint(): string {
  if (fingerprint === null) {
    // this file is src/jobs/engine.(ts|js): src/ is one folder up, strategies/ two
    const src = fileURLToPath(new URL('../', import.meta.url));
    const strategies = fileURLToPath(new URL('../../strategies/', import.meta.url));
    const hash = createHash('sha256');
    for (const root of [src, strategies]) {
      for (const file of codeFiles(root)) hash.update(file.slice(root.length)).update('\0').update(readFileSync(file)).update('\0');
    }
    fingerprint = hash.digest('hex').slice(0, 16);
  }
  return fingerprint;
}
