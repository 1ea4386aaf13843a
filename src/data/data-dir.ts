import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printable, UserError, userFsError } from '../errors.js';
import { assertTicker } from './symbols.js';

/**
 * The synthetic sample the package ships in its `data/` folder (beside `dist/` when installed;
 * this file is `dist/src/data/data-dir.js` there, `src/data/data-dir.ts` in the repository).
 */
export const BUNDLED_DATA = fileURLToPath(new URL(import.meta.url.endsWith('.js') ? '../../../data' : '../../data', import.meta.url));

/**
 * Data folder: `--data-dir`, else `DYNAQ_DATA_DIR`, else `./data`, resolved against `cwd`; where
 * there is no `./data` (a project that installed dynaq), the sample the package ships.
 */
export function resolveDataDir(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): string {
  const chosen = flag ?? (env.DYNAQ_DATA_DIR || undefined) ?? 'data';
  const useBundled = flag === undefined && !env.DYNAQ_DATA_DIR && !existsSync(resolve(cwd, 'data')) && existsSync(BUNDLED_DATA);
  const dir = useBundled ? BUNDLED_DATA : resolve(cwd, chosen);
  const source = flag !== undefined ? '--data-dir' : env.DYNAQ_DATA_DIR ? 'DYNAQ_DATA_DIR' : useBundled ? 'the sample dynaq ships, as there is no ./data' : 'the default ./data';
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UserError(`data folder ${dir} (from ${source}) does not exist or is not a folder.`, 2);
  }
  // A folder that cannot be listed would otherwise look empty ("has no SPY.csv") to every check after this one.
  try {
    accessSync(dir, constants.R_OK | constants.X_OK);
    readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new UserError(`data folder ${dir} (from ${source}) cannot be read: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : 'it cannot be listed'} (${code}); give a folder you can read.`);
  }
  return dir;
}

/** Symbols that have a `SYMBOL.csv` in the folder, sorted. */
export function listSymbols(dataDir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dataDir, { withFileTypes: true });
  } catch (error) {
    throw userFsError(error, dataDir, 'cannot list the data folder');
  }
  // A folder that happens to be named X.csv is not a price file.
  return entries
    .filter((entry) => !entry.isDirectory() && entry.name.toLowerCase().endsWith('.csv'))
    .map((entry) => entry.name.slice(0, -4))
    .sort();
}

/**
 * The file of a symbol: `SYMBOL.csv`, matched case-insensitively when the exact name is absent,
 * so `jpm` finds `JPM.csv`. A missing file is a user error naming the folder and what it holds.
 */
export function symbolFile(dataDir: string, symbol: string, available?: readonly string[]): string {
  assertTicker(symbol);
  const exact = join(dataDir, `${symbol}.csv`);
  if (existsSync(exact)) {
    if (statSync(exact).isDirectory()) throw new UserError(`the price file of '${symbol}', ${exact}, is a folder, not a file.`);
    return exact;
  }
  const symbols = available ?? listSymbols(dataDir);
  const match = symbols.find((name) => name.toLowerCase() === symbol.toLowerCase());
  if (match) return join(dataDir, `${match}.csv`);
  const shown = symbols.length > 12 ? `${symbols.slice(0, 12).join(', ')}, ... (${symbols.length} in all)` : symbols.join(', ');
  throw new UserError(
    `no price file for '${symbol}': ${exact} does not exist. ` +
      (symbols.length ? `The folder has: ${shown}.` : 'The folder has no .csv files.'),
  );
}

/** Name of the manifest a data folder may carry to name its calendar symbol. */
export const MANIFEST_FILE = 'dynaq-data.json';

/**
 * A symbol the folder's `dynaq-data.json` names in `field` (undefined when the folder has no
 * manifest or the manifest does not name one); a damaged manifest is a one-line error naming it.
 */
function manifestSymbol(dataDir: string, field: 'calendar' | 'defaultSymbol'): string | undefined {
  const manifestPath = join(dataDir, MANIFEST_FILE);
  if (!existsSync(manifestPath)) return undefined;
  let text: string;
  try {
    text = readFileSync(manifestPath, 'utf8');
  } catch (error) {
    throw userFsError(error, manifestPath, 'cannot read the data folder\'s manifest');
  }
  let manifest: unknown;
  try {
    // a byte-order mark (as some editors save) is not part of the JSON
    manifest = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UserError(`${manifestPath}: not valid JSON (${printable((error as Error).message)}); it is an object such as {"calendar": "SPY", "defaultSymbol": "JPM"}.`);
  }
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) {
    throw new UserError(`${manifestPath}: must be a JSON object such as {"calendar": "SPY", "defaultSymbol": "JPM"}, got ${manifest === null ? 'null' : Array.isArray(manifest) ? 'a list' : `a ${typeof manifest}`}.`);
  }
  const named = (manifest as Record<string, unknown>)[field];
  if (named === undefined) return undefined;
  if (typeof named !== 'string') throw new UserError(`${manifestPath}: field '${field}' must be a symbol name, e.g. "SPY".`);
  const symbol = assertTicker(named, `${MANIFEST_FILE} ${field}`);
  if (!listSymbols(dataDir).some((candidate) => candidate.toLowerCase() === symbol.toLowerCase())) {
    throw new UserError(`${manifestPath} names the ${field === 'calendar' ? 'calendar' : 'default symbol'} '${symbol}', but ${dataDir} has no ${symbol}.csv; fix the manifest or add the file.`);
  }
  return symbol;
}

/**
 * The calendar symbol when none is given: `SPY` where the folder has it, else the `calendar`
 * named in the folder's `dynaq-data.json` (the bundled synthetic sample has one).
 */
export function defaultCalendar(dataDir: string): string {
  if (existsSync(join(dataDir, 'SPY.csv'))) return 'SPY';
  const named = manifestSymbol(dataDir, 'calendar');
  if (named !== undefined) return named;
  throw new UserError(`${dataDir} has no SPY.csv to serve as the trading calendar: name one with --calendar SYMBOL.`, 2);
}

/**
 * The symbol a command trades when none is named: the `defaultSymbol` of the folder's
 * `dynaq-data.json` (the bundled sample names one), else JPM (the course's) where the folder has
 * it; otherwise the user must name one, and the message lists what the folder holds.
 */
export function defaultSymbol(dataDir: string, flag = '--symbol'): string {
  const named = manifestSymbol(dataDir, 'defaultSymbol');
  if (named !== undefined) return named;
  if (existsSync(join(dataDir, 'JPM.csv'))) return 'JPM';
  const symbols = listSymbols(dataDir);
  const shown = symbols.length > 12 ? `${symbols.slice(0, 12).join(', ')}, ... (${symbols.length} in all)` : symbols.join(', ');
  throw new UserError(`name the symbol to trade with ${flag} SYMBOL; ${dataDir} has ${shown || 'no .csv files'}.`, 2);
}
