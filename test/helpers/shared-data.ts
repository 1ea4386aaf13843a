import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `../shared/data` beside the repository: real reference data, absent on a bare clone. */
export const SHARED_DATA = fileURLToPath(new URL('../../../shared/data', import.meta.url));
export const SHARED_PRICES = `${SHARED_DATA}/prices`;
export const SHARED_ORDERS = `${SHARED_DATA}/orders`;
export const SHARED_WORLDS = `${SHARED_DATA}/worlds`;

/** True when the folder exists; otherwise prints a visible notice that `suite` is skipped. */
export function hasSharedData(folder: string, suite: string): boolean {
  if (existsSync(folder)) return true;
  console.warn(`SKIPPED ${suite}: ${folder} not found (the real reference data is not beside this clone).`);
  return false;
}
