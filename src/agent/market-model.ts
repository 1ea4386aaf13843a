import { ACTION_DIRECTIONS, NUM_POSITIONS } from '../env/trading-env.js';
import { cellEstimates, FactoredModel, transitionRows } from '../learner/index.js';
import { OUTCOMES_PER_DAY, type MarketOutcomes } from './outcomes.js';

/** The position after each (position, action): the action is the target position. */
export const NEXT_POSITION = Int32Array.from({ length: OUTCOMES_PER_DAY }, (_, i) => i % NUM_POSITIONS);
/** Every action allowed: the mask of a state nothing was forbidden in. */
export const ALL_ACTIONS = (1 << NUM_POSITIONS) - 1;

export type RewardPrior = 'empirical-bayes' | 'none';
export type Baseline = 'benchmark' | 'cash';

export interface MarketModelSettings {
  /**
   * How R's market part is estimated from the days of each market state:
   * - `empirical-bayes`: the hierarchical estimate of src/learner/shrinkage.ts (each state's own
   *   mean shrunk toward the main effects of its features, those toward no effect, by strengths
   *   estimated from the data), as a deviation from the window's grand mean: the window's drift is
   *   the benchmark's, not an edge over it;
   * - `none`: each state's sample mean (maximum likelihood), drift included.
   */
  readonly prior: RewardPrior;
  /** Rewards relative to holding the benchmark's position (long) or to holding cash. */
  readonly baseline: Baseline;
  readonly gamma: number;
}

/** m(x) per market state from its days' sums, sums of squares and counts, as `prior` says. */
export function marketPartOf(sums: Float64Array, squares: Float64Array, counts: Float64Array, radices: readonly number[], prior: RewardPrior): Float64Array {
  // plain loops: state selection calls this for every candidate and fold, and TypedArray.from
  // with a map function calls it per element with every value boxed
  const m = new Float64Array(counts.length);
  if (prior === 'none') {
    for (let x = 0; x < m.length; x++) m[x] = counts[x]! > 0 ? sums[x]! / counts[x]! : 0;
    return m;
  }
  const { mean, grand } = cellEstimates(sums, squares, counts, radices);
  for (let x = 0; x < m.length; x++) m[x] = mean[x]! - grand;
  return m;
}

/** The benchmark's action (its position): long against the benchmark, flat against cash. */
export function benchmarkAction(baseline: Baseline): number {
  return baseline === 'benchmark' ? 1 : 0;
}

/**
 * The Dyna-Q agent's model of a market, fed one real day at a time: the market state x moved to
 * x', holding cash instead of the benchmark's long position earned `flatVersusLong` (the market
 * part, before costs), and each (position, action) pair paid its exact costs and was or was not
 * wiped out. It keeps sufficient statistics only (per x: days, sum and sum of squares of the
 * market part; per pair: cost and terminal sums; the x -> x' counts), so a day can be counted any
 * number of times (a bootstrap replicate) and the model is the same whatever order the days came in.
 *
 * `build` turns it into the learner's FactoredModel: T(x -> x') from the counts and
 *   R(x, c, a) = (b - d(a)) m(x) - cost(c, a)
 * with d(a) the direction of action a (flat 0, long +1, short -1), b the baseline's (long 1, cash
 * 0), m(x) the estimated market part of x (see `prior`) and cost(c, a) the average exact cost of
 * the pair: relative to the benchmark, flat earns m, short 2m, long 0.
 */
export class MarketModel {
  readonly radices: readonly number[];
  readonly numMarketStates: number;
  readonly settings: MarketModelSettings;
  private readonly days: Float64Array;
  private readonly sums: Float64Array;
  private readonly squares: Float64Array;
  private readonly costSums = new Float64Array(OUTCOMES_PER_DAY);
  private readonly terminalSums: Float64Array;
  private totalDays = 0;
  private readonly from: number[] = [];
  private readonly to: number[] = [];
  private readonly weights: number[] = [];

  constructor(radices: readonly number[], settings: MarketModelSettings) {
    this.radices = radices;
    this.numMarketStates = radices.reduce((product, radix) => product * radix, 1);
    this.settings = settings;
    this.days = new Float64Array(this.numMarketStates);
    this.sums = new Float64Array(this.numMarketStates);
    this.squares = new Float64Array(this.numMarketStates);
    this.terminalSums = new Float64Array(this.numMarketStates * OUTCOMES_PER_DAY);
  }

  /** Real day `day` of `outcomes`: market state x, the next day's x', counted `weight` times. */
  observe(x: number, xNext: number, outcomes: MarketOutcomes, day: number, weight = 1): void {
    if (weight === 0) return;
    const y = outcomes.flatVersusLong[day]!;
    this.days[x] += weight;
    this.sums[x] += weight * y;
    this.squares[x] += weight * y * y;
    this.totalDays += weight;
    for (let i = 0; i < OUTCOMES_PER_DAY; i++) {
      this.costSums[i] += weight * outcomes.costs[day * OUTCOMES_PER_DAY + i]!;
      this.terminalSums[x * OUTCOMES_PER_DAY + i] += weight * outcomes.terminal[day * OUTCOMES_PER_DAY + i]!;
    }
    this.from.push(x);
    this.to.push(xNext);
    this.weights.push(weight);
  }

  /**
   * Every day d of `states` (x of day d and of the day after; days = states.length - 1), counted
   * `weights[d]` times (null: once): observe day by day in one loop, which V8 optimises within the
   * first replicate (a call per day stayed interpreted through much of a training's 20,000).
   */
  observeDays(states: Int32Array, outcomes: MarketOutcomes, weights: Float64Array | null = null): void {
    const days = states.length - 1;
    for (let d = 0; d < days; d++) this.observe(states[d]!, states[d + 1]!, outcomes, d, weights === null ? 1 : weights[d]!);
  }

  /** Days seen per market state. */
  visits(): Float64Array {
    return this.days.slice();
  }

  /** m(x) per market state, as `prior` says. */
  marketPart(): Float64Array {
    return marketPartOf(this.sums, this.squares, this.days, this.radices, this.settings.prior);
  }

  /** The learner's model of this market; `allowed` per state (x * 3 + c), all actions when null. */
  build(allowed: Uint8Array | null = null): FactoredModel {
    const X = this.numMarketStates;
    const m = this.marketPart();
    const b = ACTION_DIRECTIONS[benchmarkAction(this.settings.baseline)]!; // the benchmark's direction: long 1, cash 0
    const reward = new Float64Array(X * OUTCOMES_PER_DAY);
    const terminal = new Float64Array(X * OUTCOMES_PER_DAY);
    for (let x = 0; x < X; x++) {
      for (let i = 0; i < OUTCOMES_PER_DAY; i++) {
        const direction = ACTION_DIRECTIONS[i % NUM_POSITIONS]!;
        const cost = this.totalDays > 0 ? this.costSums[i]! / this.totalDays : 0;
        reward[x * OUTCOMES_PER_DAY + i] = (b - direction) * m[x]! - cost;
        terminal[x * OUTCOMES_PER_DAY + i] = this.days[x]! > 0 ? Math.min(1, this.terminalSums[x * OUTCOMES_PER_DAY + i]! / this.days[x]!) : 0;
      }
    }
    return new FactoredModel({
      numExogenous: X,
      numControl: NUM_POSITIONS,
      numActions: NUM_POSITIONS,
      nextControl: NEXT_POSITION,
      gamma: this.settings.gamma,
      ...transitionRows(X, Int32Array.from(this.from), Int32Array.from(this.to), Float64Array.from(this.weights)),
      reward,
      terminal,
      allowed: allowed ?? new Uint8Array(X * NUM_POSITIONS).fill(ALL_ACTIONS),
    });
  }
}
