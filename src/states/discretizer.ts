import { UserError } from '../errors.js';
import { binOf, quantileEdges } from './quantile-edges.js';

/** Day indices of the training window, half-open like `Array.slice`: days from..to-1. */
export interface FitWindow {
  readonly from: number;
  readonly to: number;
}

export interface DiscretizerOptions {
  /** Bins per indicator (one number for all, or one per column); 1..100, default 4. */
  readonly bins?: number | readonly number[];
  /** Positions the agent can hold (e.g. 3: short, flat, long); the state id includes it. */
  readonly numPositions: number;
  /** Column names for messages and the saved JSON (e.g. `rsi:14`); default `indicator 0`, ... */
  readonly names?: readonly string[];
}

export const DEFAULT_BINS = 4;
export const MAX_BINS = 100;

/** The saved form of a fitted discretizer (`toJSON` / `Discretizer.fromJSON`). */
export interface DiscretizerJSON {
  readonly format: 'dynaq-discretizer';
  readonly version: 1;
  readonly names: readonly string[];
  readonly numPositions: number;
  readonly binsRequested: readonly number[];
  /** Per indicator, the ascending interior edges; bins = edges + 1. */
  readonly edges: readonly (readonly number[])[];
}

/**
 * Maps indicator values to discrete states with bin edges frozen at fit time.
 *
 * Encoding (mixed radix, first indicator most significant):
 *   indicatorState = (...((bin0 · radix1 + bin1) · radix2 + bin2) ...)
 *   stateId        = indicatorState · numPositions + positionIndex
 * where radix_i is indicator i's number of bins. So numStates = numPositions · Π radix_i, and the
 * position is the fastest-varying digit: the states of one market situation are adjacent.
 * A day on which any indicator is NaN (warm-up) has indicatorState -1: no decision. With no
 * indicator at all there is one market state (0), and the state is the position alone.
 */
export class Discretizer {
  readonly names: readonly string[];
  readonly numPositions: number;
  /** Bins asked for per indicator; `radices` can be smaller where the fit data had ties. */
  readonly binsRequested: readonly number[];
  /** Bins per indicator after ties were merged: the digits of the mixed-radix indicator state. */
  readonly radices: readonly number[];
  readonly numIndicatorStates: number;
  readonly numStates: number;
  private readonly edges: readonly Float64Array[];

  private constructor(names: readonly string[], numPositions: number, binsRequested: readonly number[], edges: readonly Float64Array[]) {
    this.names = names;
    this.numPositions = numPositions;
    this.binsRequested = binsRequested;
    this.edges = edges;
    this.radices = edges.map((e) => e.length + 1);
    this.numIndicatorStates = this.radices.reduce((product, radix) => product * radix, 1);
    this.numStates = this.numIndicatorStates * numPositions;
    if (!Number.isSafeInteger(this.numStates) || this.numStates > 2 ** 31 - 1) {
      throw new UserError(`discretizer: ${this.radices.join(' x ')} bins x ${numPositions} positions is too many states; use fewer bins or indicators`, 2);
    }
  }

  get numIndicators(): number {
    return this.edges.length;
  }

  /** A copy of indicator i's interior edges (ascending). */
  edgesOf(indicatorIndex: number): number[] {
    return Array.from(this.edgesAt(indicatorIndex));
  }

  /** Indicator i's bin for one value (0..radix-1); NaN gives -1. Out-of-range values go to the edge bins. */
  binOf(indicatorIndex: number, value: number): number {
    return Number.isNaN(value) ? -1 : binOf(this.edgesAt(indicatorIndex), value);
  }

  /** The indicator state of one day's values (one per indicator), or -1 if any is NaN. */
  indicatorStateOf(values: ArrayLike<number>): number {
    if (values.length !== this.edges.length) {
      throw new Error(`indicatorStateOf: got ${values.length} values for ${this.edges.length} indicators`);
    }
    let state = 0;
    for (let i = 0; i < this.edges.length; i++) {
      const value = values[i]!;
      if (Number.isNaN(value)) return -1;
      state = state * this.radices[i]! + binOf(this.edges[i]!, value);
    }
    return state;
  }

  /**
   * Indicator states of every day of a series (columns as from `computeIndicators`, in the fitted
   * order), computed once so the training loop only reads an Int32Array. -1 on warm-up days.
   */
  indicatorStates(columns: readonly Float64Array[]): Int32Array {
    this.checkColumns(columns);
    const n = columns.length === 0 ? 0 : columns[0]!.length;
    const states = new Int32Array(n);
    for (let t = 0; t < n; t++) {
      let state = 0;
      for (let i = 0; i < columns.length; i++) {
        const value = columns[i]![t]!;
        if (Number.isNaN(value)) {
          state = -1;
          break;
        }
        state = state * this.radices[i]! + binOf(this.edges[i]!, value);
      }
      states[t] = state;
    }
    return states;
  }

  /** The agent's state: indicatorState · numPositions + positionIndex. */
  stateId(indicatorState: number, positionIndex: number): number {
    if (!Number.isInteger(indicatorState) || indicatorState < 0 || indicatorState >= this.numIndicatorStates) {
      throw new RangeError(`stateId: indicatorState ${indicatorState} outside 0..${this.numIndicatorStates - 1} (-1 = warm-up has no state)`);
    }
    if (!Number.isInteger(positionIndex) || positionIndex < 0 || positionIndex >= this.numPositions) {
      throw new RangeError(`stateId: positionIndex ${positionIndex} outside 0..${this.numPositions - 1}`);
    }
    return indicatorState * this.numPositions + positionIndex;
  }

  /** Inverse of `stateId`: the bin of each indicator and the position index. */
  decodeState(stateId: number): { bins: number[]; positionIndex: number } {
    if (!Number.isInteger(stateId) || stateId < 0 || stateId >= this.numStates) {
      throw new RangeError(`decodeState: ${stateId} outside 0..${this.numStates - 1}`);
    }
    const positionIndex = stateId % this.numPositions;
    let rest = (stateId - positionIndex) / this.numPositions;
    const bins = new Array<number>(this.radices.length);
    for (let i = this.radices.length - 1; i >= 0; i--) {
      bins[i] = rest % this.radices[i]!;
      rest = (rest - bins[i]!) / this.radices[i]!;
    }
    return { bins, positionIndex };
  }

  toJSON(): DiscretizerJSON {
    return {
      format: 'dynaq-discretizer',
      version: 1,
      names: [...this.names],
      numPositions: this.numPositions,
      binsRequested: [...this.binsRequested],
      edges: this.edges.map((e) => Array.from(e)),
    };
  }

  /** Restores a saved discretizer; `source` (e.g. a file name) prefixes the one-line UserError. */
  static fromJSON(json: unknown, source = 'discretizer JSON'): Discretizer {
    const fail = (what: string): never => {
      throw new UserError(`${source}: ${what}`);
    };
    if (typeof json !== 'object' || json === null) return fail('expected an object');
    const record = json as Record<string, unknown>;
    if (record.format !== 'dynaq-discretizer') fail(`format must be "dynaq-discretizer", got ${JSON.stringify(record.format)}`);
    if (record.version !== 1) fail(`version must be 1, got ${JSON.stringify(record.version)}`);
    const { names, numPositions, binsRequested, edges } = record;
    if (!Array.isArray(edges)) return fail('edges must be an array (one array per indicator; none: a single state)');
    if (!Array.isArray(names) || names.length !== edges.length || !names.every((n) => typeof n === 'string')) {
      fail(`names must be ${edges.length} strings, one per edges entry`);
    }
    if (!isWhole(numPositions, 1, 1000)) fail(`numPositions must be a whole number within 1..1000, got ${JSON.stringify(numPositions)}`);
    if (!Array.isArray(binsRequested) || binsRequested.length !== edges.length || !binsRequested.every((b) => isWhole(b, 1, MAX_BINS))) {
      fail(`binsRequested must be ${edges.length} whole numbers within 1..${MAX_BINS}`);
    }
    const parsedEdges = edges.map((list: unknown, i: number) => {
      if (!Array.isArray(list)) return fail(`edges[${i}] must be an array of numbers`);
      if (list.length >= (binsRequested as number[])[i]!) fail(`edges[${i}] has ${list.length} edges, more than binsRequested[${i}] - 1`);
      list.forEach((edge: unknown, k: number) => {
        if (typeof edge !== 'number' || !Number.isFinite(edge)) fail(`edges[${i}][${k}] must be a finite number, got ${JSON.stringify(edge)}`);
        if (k > 0 && !((edge as number) > (list[k - 1] as number))) fail(`edges[${i}][${k}] must be above edges[${i}][${k - 1}] (ascending)`);
      });
      return Float64Array.from(list as number[]);
    });
    return new Discretizer(names as string[], numPositions as number, binsRequested as number[], parsedEdges);
  }

  private edgesAt(indicatorIndex: number): Float64Array {
    const edges = this.edges[indicatorIndex];
    if (edges === undefined) throw new RangeError(`indicator ${indicatorIndex} outside 0..${this.edges.length - 1}`);
    return edges;
  }

  private checkColumns(columns: readonly Float64Array[]): void {
    if (columns.length !== this.edges.length) {
      throw new Error(`indicatorStates: got ${columns.length} columns, the discretizer was fitted on ${this.edges.length} (${this.names.join(', ')})`);
    }
    const n = columns[0]?.length ?? 0;
    columns.forEach((column, i) => {
      if (column.length !== n) throw new Error(`indicatorStates: column ${this.names[i]} has ${column.length} days, the first has ${n}`);
    });
  }
}

/**
 * Fits quantile bin edges on the days `fit.from..fit.to-1` only. Days on which any column is NaN
 * (warm-up) are left out of the fit for every column, because they are not decision days.
 * Values outside the fit range later fall into the first or last bin.
 */
export function fitDiscretizer(columns: readonly Float64Array[], fit: FitWindow, options: DiscretizerOptions): Discretizer {
  if (columns.length === 0) throw new UserError('discretizer: no indicator columns to fit', 2);
  const n = columns[0]!.length;
  const names = options.names ?? columns.map((_, i) => `indicator ${i}`);
  if (names.length !== columns.length) throw new Error(`fitDiscretizer: ${names.length} names for ${columns.length} columns`);
  columns.forEach((column, i) => {
    if (column.length !== n) throw new Error(`fitDiscretizer: column ${names[i]} has ${column.length} days, the first has ${n}`);
  });
  if (!isWhole(options.numPositions, 1, 1000)) {
    throw new UserError(`discretizer: numPositions must be a whole number within 1..1000, got ${options.numPositions}`, 2);
  }
  const binsOption = options.bins ?? DEFAULT_BINS;
  const binsRequested = typeof binsOption === 'number' ? columns.map(() => binsOption) : [...binsOption];
  if (binsRequested.length !== columns.length) {
    throw new UserError(`discretizer: ${binsRequested.length} bin counts given for ${columns.length} indicators (${names.join(', ')})`, 2);
  }
  binsRequested.forEach((bins, i) => {
    if (!isWhole(bins, 1, MAX_BINS)) throw new UserError(`discretizer: bins for ${names[i]} must be a whole number within 1..${MAX_BINS}, got ${bins}`, 2);
  });
  if (!Number.isInteger(fit.from) || !Number.isInteger(fit.to) || fit.from < 0 || fit.to > n || fit.from >= fit.to) {
    throw new UserError(`discretizer: fit window days ${fit.from}..${fit.to - 1} is empty or outside the series (0..${n - 1})`, 2);
  }

  const decisionDays: number[] = [];
  for (let t = fit.from; t < fit.to; t++) {
    if (columns.every((column) => !Number.isNaN(column[t]!))) decisionDays.push(t);
  }
  if (decisionDays.length === 0) {
    throw new UserError(
      `discretizer: no day in the fit window (days ${fit.from}..${fit.to - 1}) has a value for every indicator (${names.join(', ')}); the window is shorter than the warm-up`,
      2,
    );
  }
  const edges = columns.map((column, i) => {
    const values = Float64Array.from(decisionDays, (t) => column[t]!);
    if (!values.every(Number.isFinite)) throw new UserError(`discretizer: ${names[i]} has an infinite value in the fit window`, 2);
    values.sort();
    return Array.from(quantileEdges(values, binsRequested[i]!));
  });
  // Going through fromJSON checks the fitted edges with the same rules as a loaded file.
  return Discretizer.fromJSON(
    { format: 'dynaq-discretizer', version: 1, names: [...names], numPositions: options.numPositions, binsRequested, edges },
    'fitDiscretizer',
  );
}

function isWhole(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}
