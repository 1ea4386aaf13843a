/** What a benchmark reports: named figures (units in the names) and readable lines. */
export interface BenchResult {
  /** Figures keyed by a name that carries its unit, e.g. planningUpdatesPerSecond. */
  metrics: Record<string, number>;
  /** Human-readable lines for the terminal. */
  lines: string[];
  /** Set when the benchmark could not run (e.g. reference data absent); metrics stay empty. */
  skipped?: string;
}

export interface BenchContext {
  /** Repository root, for locating `../shared/data`. */
  readonly repoRoot: string;
  /** Fewer repetitions, for a quick look (and for tests of the command itself). */
  readonly quick: boolean;
}

export interface Benchmark {
  readonly name: string;
  readonly description: string;
  run(context: BenchContext): BenchResult | Promise<BenchResult>;
}

const registry: Benchmark[] = [];

/** Adds a benchmark to the list `dynaq bench` runs; names must be unique. */
export function registerBenchmark(benchmark: Benchmark): void {
  if (registry.some((b) => b.name === benchmark.name)) {
    throw new Error(`benchmark '${benchmark.name}' is already registered`);
  }
  registry.push(benchmark);
}

export function benchmarks(): readonly Benchmark[] {
  return registry;
}

/** Median of a list of measurements (each repetition timed on its own). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
