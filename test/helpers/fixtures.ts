import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes `files` (name -> content) into a fresh temporary folder and returns its path. */
export function fixtureDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dynaq-test-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** A course-format file from `[date, adjClose]` rows (open/high/low/close = adjClose). */
export function simpleFile(rows: readonly (readonly [string, number | string])[]): string {
  const lines = rows.map(([date, price]) => `${date},${price},${price},${price},${price},1000,${price}`);
  return ['Date,Open,High,Low,Close,Volume,Adj Close', ...lines].join('\n') + '\n';
}
