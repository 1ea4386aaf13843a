import { createHash } from 'node:crypto';
import { runBacktest } from '../backtest/run.js';
import { backtestSummary } from '../backtest/summary.js';
import type { TradingSetup } from '../broker/setup.js';
import { fileSha256, loadPrices, PriceFileCache } from '../data/load.js';
import { symbolFile } from '../data/data-dir.js';
import type { PriceTable } from '../data/types.js';
import type { DateRange } from '../data/window.js';
import { UserError } from '../errors.js';
import { strategyFactory, type StrategySource } from '../loader/load.js';
import type { CallMonitor } from '../strategy/instance.js';
import type { ParamValue } from '../strategy/contract.js';
import { threadCpuSeconds } from './cpu.js';
import { runWalkForward, type RoleStats } from './walkforward.js';
import { canonicalJson } from '../values.js';

export type { RoleStats } from './walkforward.js';

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
 * needs to run it and to check it runs on the same inputs. The strategy travels as what it is (a
 * built-in's name, or a user file's bundled code with its sha256), never as a path to import. The
 * id is a hash of every input: the strategy's code, its parameters, the setup, the windows, the
 * price files' sha256 and the engine's fingerprint; other inputs, another id.
 */
export interface JobSpec {
  readonly id: string;
  readonly kind: 'backtest' | 'walkforward';
  readonly symbol: string;
  /** The seed parameter of this job, or null for a strategy without one. */
  readonly seed: number | null;
  /** The grid values of this job (e.g. { dyna: 0 }); the rest of the parameters are in `params`. */
  readonly grid: Readonly<Record<string, ParamValue>>;
  readonly strategy: StrategySource;
  /** Every parameter given to the strategy (grid values and seed included), over its defaults. */
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly setup: TradingSetup;
  readonly windows: { readonly train: DateRange; readonly test: DateRange } | null;
  readonly walkforward: WalkForwardSpec | null;
  readonly dataDir: string;
  readonly calendar: string;
  /** sha256 of the symbol's and the calendar's price files. */
  readonly dataHashes: Readonly<Record<string, string>>;
  /** The engine's fingerprint (src/jobs/engine.ts). */
  readonly engine: string;
}

/** What a job produced, as plain data: one line of results.jsonl. */
export interface JobResult {
  readonly id: string;
  readonly symbol: string;
  readonly seed: number | null;
  /** The grid values of the job. */
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly inSample: RoleStats;
  readonly outOfSample: RoleStats;
  readonly trainSeconds: number;
  /** CPU seconds the job took in its thread (user + system). */
  readonly cpuSeconds: number;
}

/** A stable id: the sha256 of the job's inputs with keys sorted (a file strategy by its code's sha256). */
export function jobId(job: Omit<JobSpec, 'id'>): string {
  const strategy = job.strategy.kind === 'file' ? { kind: 'file', sha256: job.strategy.sha256 } : job.strategy;
  return createHash('sha256').update(canonicalJson({ ...job, strategy })).digest('hex').slice(0, 24);
}

/**
 * sha256 of a symbol's price file in a folder. Hashed once per thread: loading the same unchanged
 * file later takes this hash (data/load.ts fileSha256).
 */
export function fileHash(dataDir: string, symbol: string): string {
  return fileSha256(symbolFile(dataDir, symbol));
}

/**
 * Price tables a worker has loaded, by folder and symbol. Jobs come symbol by symbol (each
 * symbol's seeds and grid values in a row), so the last few tables are kept and older ones
 * dropped: memory stays flat in the number of symbols. The calendar's parsed file is kept with
 * them, so it is read once, not once a symbol.
 */
export class TableCache {
  private readonly tables = new Map<string, PriceTable>();
  private readonly files = new PriceFileCache(3);

  constructor(private readonly limit = 2) {}

  get(dataDir: string, symbol: string, calendar: string): PriceTable {
    const key = `${dataDir}\u0000${symbol}\u0000${calendar}`;
    let table = this.tables.get(key);
    if (table) {
      this.tables.delete(key);
    } else {
      table = loadPrices({ symbols: [symbol], dataDir, calendar, files: this.files });
    }
    this.tables.set(key, table);
    while (this.tables.size > this.limit) this.tables.delete(this.tables.keys().next().value!);
    return table;
  }

  /** Tables held now (at most the limit). */
  get size(): number {
    return this.tables.size;
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

/** Runs one job in this thread, with a fresh instance of every strategy. */
export async function runJob(job: JobSpec, cache: TableCache, monitor?: CallMonitor): Promise<JobResult> {
  const cpuAtStart = threadCpuSeconds();
  const timing = () => ({ cpuSeconds: threadCpuSeconds() - cpuAtStart });
  const table = cache.get(job.dataDir, job.symbol, job.calendar);
  checkHashes(job, table);
  const makeStrategy = await strategyFactory(job.strategy, job.params, monitor);
  const makeBenchmark = await strategyFactory({ kind: 'built-in', name: 'buy-and-hold' });
  const makeManual = await strategyFactory({ kind: 'built-in', name: 'manual' });
  const base = { id: job.id, symbol: job.symbol, seed: job.seed, params: job.grid };
  if (job.kind === 'walkforward') {
    const spec = job.walkforward!;
    const result = runWalkForward({ symbol: job.symbol, ...spec, dataDir: job.dataDir, calendar: job.calendar, setup: job.setup, makeStrategy, makeBenchmark, makeManual }, table);
    return { ...base, inSample: result.inSample, outOfSample: result.outOfSample, trainSeconds: result.trainSeconds, ...timing() };
  }
  const windows = job.windows!;
  const result = runBacktest(
    { symbol: job.symbol, ...windows, dataDir: job.dataDir, calendar: job.calendar, setup: job.setup },
    { subject: makeStrategy(), benchmark: makeBenchmark(), comparisons: [makeManual()] },
    table,
  );
  const summary = backtestSummary(result);
  const roles = (window: typeof summary.inSample): RoleStats => ({ strategy: window.strategy!, benchmark: window.benchmark!, manual: window.manual! });
  return { ...base, inSample: roles(summary.inSample), outOfSample: roles(summary.outOfSample), trainSeconds: result.trainSeconds, ...timing() };
}
