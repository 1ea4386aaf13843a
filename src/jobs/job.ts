import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { runBacktest } from '../backtest/run.js';
import { backtestSummary } from '../backtest/summary.js';
import type { TradingSetup } from '../broker/setup.js';
import { loadPrices } from '../data/load.js';
import { symbolFile } from '../data/data-dir.js';
import type { PriceTable } from '../data/types.js';
import type { DateRange } from '../data/window.js';
import { UserError } from '../errors.js';
import type { PortfolioStats } from '../metrics/stats.js';
import { buyAndHold, manual, type DynaQSettings } from '../../strategies/index.js';
import { resolveStrategy } from '../../strategies/user.js';
import { runWalkForward } from './walkforward.js';

/** Walk-forward folds of a job (see dynaq walkforward). */
export interface WalkForwardSpec {
  readonly start: string;
  readonly end: string;
  readonly trainDays: number;
  readonly testDays: number;
  readonly stepDays?: number;
  readonly anchored?: boolean;
}

/**
 * One unit of a sweep, as plain data that can cross a thread or a machine: everything a worker
 * needs to run it and to check it runs on the same data. Its id is a hash of its content, so a
 * resumed or retried sweep recognizes a job it has already done.
 */
export interface JobSpec {
  readonly id: string;
  readonly kind: 'backtest' | 'walkforward';
  readonly symbol: string;
  readonly seed: number;
  /** The grid values of this job (e.g. { dyna: 0 }); the rest of the settings are in `settings`. */
  readonly params: Readonly<Record<string, string | number>>;
  /** Built-in strategy name, or the absolute path of a user's strategy file. */
  readonly strategy: string;
  readonly settings: Partial<DynaQSettings>;
  readonly setup: TradingSetup;
  readonly windows: { readonly train: DateRange; readonly test: DateRange } | null;
  readonly walkforward: WalkForwardSpec | null;
  readonly dataDir: string;
  readonly calendar: string;
  /** sha256 of the symbol's and the calendar's price files. */
  readonly dataHashes: Readonly<Record<string, string>>;
}

export type RoleStats = { readonly strategy: PortfolioStats; readonly benchmark: PortfolioStats; readonly manual: PortfolioStats };

/** What a job produced, as plain data: one line of results.jsonl. */
export interface JobResult {
  readonly id: string;
  readonly symbol: string;
  readonly seed: number;
  readonly params: Readonly<Record<string, string | number>>;
  readonly inSample: RoleStats;
  readonly outOfSample: RoleStats;
  readonly trainSeconds: number;
}

/** A stable id: the sha256 of the job's content with its keys sorted. */
export function jobId(job: Omit<JobSpec, 'id'>): string {
  return createHash('sha256').update(canonicalJson(job)).digest('hex').slice(0, 24);
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, v]) => `${JSON.stringify(key)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** sha256 of a symbol's price file in a folder. */
export function fileHash(dataDir: string, symbol: string): string {
  return createHash('sha256').update(readFileSync(symbolFile(dataDir, symbol))).digest('hex');
}

/** Price tables a worker has loaded, by folder and symbol: each is read once per worker. */
export class TableCache {
  private readonly tables = new Map<string, PriceTable>();

  get(dataDir: string, symbol: string, calendar: string): PriceTable {
    const key = `${dataDir}\u0000${symbol}\u0000${calendar}`;
    let table = this.tables.get(key);
    if (!table) {
      table = loadPrices({ symbols: [symbol], dataDir, calendar });
      this.tables.set(key, table);
    }
    return table;
  }
}

/** Fails the job when this machine's price files differ from the ones the sweep planned with. */
function checkHashes(job: JobSpec, table: PriceTable): void {
  for (const [symbol, expected] of Object.entries(job.dataHashes)) {
    const actual = table.sources.get(symbol)?.sha256;
    if (actual !== expected) {
      throw new UserError(`job ${job.id} (${job.symbol}): this worker's ${symbol}.csv in ${job.dataDir} has sha256 ${actual?.slice(0, 12) ?? 'none'}, the sweep planned with ${expected.slice(0, 12)}; give every worker the same data.`);
    }
  }
}

/** Runs one job in this thread. */
export async function runJob(job: JobSpec, cache: TableCache): Promise<JobResult> {
  const table = cache.get(job.dataDir, job.symbol, job.calendar);
  checkHashes(job, table);
  const makeStrategy = await resolveStrategy(job.strategy, { ...job.settings, seed: job.seed }, '/');
  if (job.kind === 'walkforward') {
    const spec = job.walkforward!;
    const result = runWalkForward({ symbol: job.symbol, ...spec, dataDir: job.dataDir, calendar: job.calendar, setup: job.setup, makeStrategy }, table);
    return { id: job.id, symbol: job.symbol, seed: job.seed, params: job.params, inSample: result.inSample, outOfSample: result.outOfSample, trainSeconds: result.trainSeconds };
  }
  const windows = job.windows!;
  const result = runBacktest(
    { symbol: job.symbol, ...windows, dataDir: job.dataDir, calendar: job.calendar, setup: job.setup },
    { subject: makeStrategy(), benchmark: buyAndHold(), comparisons: [manual()] },
    table,
  );
  const summary = backtestSummary(result);
  const roles = (window: Record<string, PortfolioStats>): RoleStats => ({ strategy: window.strategy!, benchmark: window.benchmark!, manual: window.manual! });
  return { id: job.id, symbol: job.symbol, seed: job.seed, params: job.params, inSample: roles(summary.inSample), outOfSample: roles(summary.outOfSample), trainSeconds: result.trainSeconds };
}
