import { printable, UserError } from '../errors.js';
import type { PriceModel } from './price-model.js';

/**
 * Planted-signal markets: the next day's log return is a known function of what the prices show
 * today (plus a hidden volatility regime for `regime`) and Gaussian noise, so the best policy is
 * known and a learner can be scored against it. sigma is 1.5 % a day unless said otherwise; S is
 * the edge as a share of the day's volatility.
 *
 * - `trend:H:S` / `revert:H:S`: mean = +-S·sigma·sign(m_H), m_H = log(close_t / close_{t-H}).
 * - `rsi:N:LO:HI:S` (oscillator extremes): mean = +S·sigma when Wilder's RSI(N) < LO (oversold
 *   rebounds), -S·sigma when RSI(N) > HI (overbought falls back), and in between a stock's drift,
 *   +0.05 % a day, which the benchmark's long position earns: there, going short or flat costs.
 * - `agree:H1:H2:S` (an interaction of two features): mean = S·sigma·(sign(m_H1)·sign(m_H2) - rho):
 *   rises when the two momenta agree, falls when they disagree, with no main effect of either.
 *   rho = (2/pi)·asin(sqrt(H1/H2)) is E[sign·sign] of the overlapping momenta of a random walk,
 *   so the market has about no drift.
 * - `downside:H:S` (an edge on one side only): after an H-day drop of more than one standard
 *   deviation (m_H < -sigma·sqrt(H)) the next day falls, mean -S·sigma; on every other day the
 *   mean is +S·sigma·p/(1-p), p = Phi(-1), which keeps the market about driftless. Holding the
 *   benchmark (long) is the best position on those days: only a short pays over the benchmark.
 * - `regime:H:S` (an edge in one volatility regime only): a hidden two-state Markov volatility,
 *   calm (0.8 % a day, drift +0.1 % a day) and volatile (2.4 % a day), each lasting 50 days on
 *   average. In the volatile regime mean = S·2.4%·sign(m_H) (trend); in the calm one the drift
 *   only, which the benchmark's long position already earns. The price file does not show the
 *   regime: what a trader who knows the rule can expect is the Bayes filter's of the bars
 *   (regimeExpectations).
 * - `walk:DRIFT:VOL`: no edge at all, a random walk like a stock (yearly drift and volatility).
 *
 * Every feature is computed from the closes as the price file has them (rounded to cents; the
 * original `trend`/`revert` family keeps its unrounded log prices so the bundled sample stays
 * byte-identical), and each model records the mean it used for every day: `expectedNext` of a
 * generated market is what the oracle trades on.
 */
export type PlantedFamily =
  | { readonly rule: 'trend' | 'revert'; /** Momentum horizon in trading days. */ readonly horizon: number; /** Edge as a share of daily volatility. */ readonly strength: number }
  | { readonly rule: 'rsi'; readonly period: number; readonly low: number; readonly high: number; readonly strength: number }
  | { readonly rule: 'agree'; readonly short: number; readonly long: number; readonly strength: number }
  | { readonly rule: 'downside'; readonly horizon: number; readonly strength: number }
  | { readonly rule: 'regime'; readonly horizon: number; readonly strength: number }
  | { readonly rule: 'walk'; /** Yearly arithmetic drift, e.g. 0.08. */ readonly drift: number; /** Yearly volatility, e.g. 0.25. */ readonly vol: number };

export const PLANTED_SYMBOL = 'PLANTED';
const SIGMA = 0.015;
/** The `rsi` family's drift between the extremes (about 13 % a year). */
export const NEUTRAL_DRIFT = 0.0005;
/** Phi(-1): the share of days a driftless random walk drops by more than one standard deviation. */
export const DROP_RATE = 0.15865525393145707;
/** The `regime` family's volatility process. */
export const REGIME = { calmVol: 0.008, calmDrift: 0.001, volatileVol: 0.024, switchProbability: 1 / 50 } as const;
const YEAR = 252;

export const PLANTED_GRAMMAR =
  'trend:H:S, revert:H:S, rsi:N:LO:HI:S, agree:H1:H2:S, downside:H:S, regime:H:S or walk:DRIFT:VOL (H, N horizons in days 1..250, S in (0, 2], LO < HI in 0..100, DRIFT in -1..1 and VOL in (0, 2] a year)';

/** `trend:10:0.2` -> { rule: 'trend', horizon: 10, strength: 0.2 }; the grammar is PLANTED_GRAMMAR. */
export function parsePlantedFamily(text: string, flag = '--planted'): PlantedFamily {
  const parts = text.trim().split(':');
  const rule = parts[0] ?? '';
  const numbers = parts.slice(1).map((part) => (/^-?(\d+\.?\d*|\.\d+)$/.test(part) ? Number(part) : NaN));
  const fail = (why: string): never => {
    throw new UserError(`${flag} must be one of ${PLANTED_GRAMMAR}; got '${printable(text)}'${why ? ` (${why})` : ''}.`, 2);
  };
  const arity: Record<string, number> = { trend: 2, revert: 2, rsi: 4, agree: 3, downside: 2, regime: 2, walk: 2 };
  if (!(rule in arity)) fail('unknown rule');
  if (numbers.length !== arity[rule] || numbers.some((value) => Number.isNaN(value))) fail(`${rule} takes ${arity[rule]} numbers`);
  const horizon = (value: number, name: string) => (Number.isInteger(value) && value >= 1 && value <= 250 ? value : fail(`${name} must be a whole number of days in 1..250`));
  const strength = (value: number) => (value > 0 && value <= 2 ? value : fail('S must be in (0, 2]'));
  switch (rule) {
    case 'trend':
    case 'revert':
      return { rule, horizon: horizon(numbers[0]!, 'H'), strength: strength(numbers[1]!) };
    case 'rsi': {
      const [period, low, high, s] = numbers as [number, number, number, number];
      if (!(low >= 0 && high <= 100 && low < high)) fail('LO < HI within 0..100');
      return { rule, period: horizon(period, 'N'), low, high, strength: strength(s) };
    }
    case 'agree': {
      const short = horizon(numbers[0]!, 'H1');
      const long = horizon(numbers[1]!, 'H2');
      if (short >= long) fail('H1 must be shorter than H2');
      return { rule, short, long, strength: strength(numbers[2]!) };
    }
    case 'downside':
    case 'regime':
      return { rule, horizon: horizon(numbers[0]!, 'H'), strength: strength(numbers[1]!) };
    default: {
      const [drift, vol] = numbers as [number, number];
      if (!(drift >= -1 && drift <= 1)) fail('DRIFT must be in -1..1');
      if (!(vol > 0 && vol <= 2)) fail('VOL must be in (0, 2]');
      return { rule: 'walk', drift, vol };
    }
  }
}

export function formatPlantedFamily(family: PlantedFamily): string {
  switch (family.rule) {
    case 'trend':
    case 'revert':
    case 'downside':
    case 'regime':
      return `${family.rule}:${family.horizon}:${family.strength}`;
    case 'rsi':
      return `rsi:${family.period}:${family.low}:${family.high}:${family.strength}`;
    case 'agree':
      return `agree:${family.short}:${family.long}:${family.strength}`;
    case 'walk':
      return `walk:${family.drift}:${family.vol}`;
  }
}

/** True for a rule with a state the price file does not show (the `regime` family's volatility regime). */
export function hasHiddenState(family: PlantedFamily): boolean {
  return family.rule === 'regime';
}

/** True for a market with a planted edge (every family but `walk`). */
export function hasEdge(family: PlantedFamily): boolean {
  return family.rule !== 'walk';
}

/** E[sign(m_H1)·sign(m_H2)] for the overlapping momenta of a driftless random walk (Sheppard's formula). */
export function agreementBias(short: number, long: number): number {
  return (2 / Math.PI) * Math.asin(Math.sqrt(short / long));
}

/**
 * A planted price model that records, for every generated day k, the mean of the log return from
 * close k-1 to close k (`means[k]`, what the generator drew it with) and the hidden regime
 * (`regimes[k]`, 0 calm, 1 volatile; always 0 without regimes).
 */
export interface PlantedModel extends PriceModel {
  readonly means: number[];
  readonly regimes: number[];
}

/** One day of a price file, as written. */
export interface Bar {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

/**
 * The Bayes (hidden Markov) filter of the `regime` family's volatility with the rule's own
 * parameters: P(the next day is drawn in the volatile regime | the bars so far). A day's bar shows
 * its regime four ways, each drawn with that regime's volatility sigma (src/synth/generate.ts):
 * the close-to-close return (mean: the trend it had if volatile, the drift if calm), the open's gap
 * from the last close (0.3 sigma), and the wicks above and below the body (half-normal, 0.5
 * sigma). The likelihoods update it; then the regime may switch before the next day.
 */
export class RegimeFilter {
  /** P(volatile) of the next day: the stationary 1/2 before any bar. */
  volatile = 0.5;

  /** Day `bar` after the close `previousClose`; `volatileMean` is the trend its return had if volatile. */
  update(bar: Bar, previousClose: number, volatileMean: number): void {
    const r = Math.log(bar.close / previousClose);
    const gap = Math.log(bar.open / previousClose);
    const upper = Math.log(bar.high / Math.max(bar.open, bar.close));
    const lower = Math.log(Math.min(bar.open, bar.close) / bar.low);
    const logLikelihood = (sigma: number, mean: number) =>
      logNormal(r, mean, sigma) + logNormal(gap, 0, 0.3 * sigma) + logNormal(upper, 0, 0.5 * sigma) + logNormal(lower, 0, 0.5 * sigma);
    const logVolatile = Math.log(this.volatile) + logLikelihood(REGIME.volatileVol, volatileMean);
    const logCalm = Math.log(1 - this.volatile) + logLikelihood(REGIME.calmVol, REGIME.calmDrift);
    const posterior = 1 / (1 + Math.exp(logCalm - logVolatile));
    const p = REGIME.switchProbability;
    this.volatile = posterior * (1 - p) + (1 - posterior) * p;
  }
}

/** log of the normal density up to a constant (a half-normal's differs by log 2, the same for both regimes). */
function logNormal(x: number, mean: number, sigma: number): number {
  return -Math.log(sigma) - 0.5 * ((x - mean) / sigma) ** 2;
}

/**
 * Per day k of a `regime` market's price file: the expected log return from close k-1 to close k
 * given the bars up to k-1 and the rule, what the best trader who knows the rule can compute (the
 * generator drew it with the hidden regime's mean instead). The first day's return, from the start
 * price, and its bar are not used (the file does not hold the start price).
 */
export function regimeExpectations(family: Extract<PlantedFamily, { rule: 'regime' }>, bars: readonly Bar[]): number[] {
  const filter = new RegimeFilter();
  const expected: number[] = [];
  const trend = (k: number) => (k - 1 >= family.horizon ? family.strength * REGIME.volatileVol * Math.sign(Math.log(bars[k - 1]!.close / bars[k - 1 - family.horizon]!.close)) : 0);
  for (let k = 0; k < bars.length; k++) {
    const volatileMean = trend(k);
    expected.push(filter.volatile * volatileMean + (1 - filter.volatile) * REGIME.calmDrift);
    if (k >= 1) filter.update(bars[k]!, bars[k - 1]!.close, volatileMean);
  }
  return expected;
}

const cents = (value: number) => Math.max(0.01, Math.round(value * 100) / 100);

/** The planted price model (no dividends, so the adjusted close is the close). */
export function plantedModel(family: PlantedFamily, symbol: string = PLANTED_SYMBOL): PlantedModel {
  if (family.rule === 'trend' || family.rule === 'revert') return momentumModel(family, symbol);
  const means: number[] = [];
  const regimes: number[] = [];
  /** Closes of the file so far (rounded as written), day 0 first. */
  const closes: number[] = [];
  let vol = SIGMA;
  const base = { symbol, startPrice: 50, dividendYield: 0, means, regimes, currentVol: () => vol };
  const momentum = (h: number) => {
    const t = closes.length - 1;
    return t >= h ? Math.log(closes[t]! / closes[t - h]!) : NaN;
  };
  /** Records today's close (the model is called with the log price of the last close, or of the start price on day 0). */
  const observe = (logPrice: number) => {
    if (means.length > 0) closes.push(cents(Math.exp(logPrice)));
  };
  const description = `planted ${formatPlantedFamily(family)}`;
  switch (family.rule) {
    case 'rsi': {
      const { period, low, high, strength } = family;
      // Wilder's RSI exactly as the rsi indicator computes it over the file (src/indicators/rsi.ts).
      let avgGain = 0;
      let avgLoss = 0;
      let rsi = NaN;
      return {
        ...base,
        description: `${description}: next log return = +${strength} x 1.5% when RSI(${period}) < ${low}, -${strength} x 1.5% when RSI(${period}) > ${high}, else +0.05%; + 1.5% noise`,
        dailyVol: SIGMA,
        nextLogReturn(logPrice, normal) {
          observe(logPrice);
          const t = closes.length - 1;
          if (t >= 1) {
            const change = closes[t]! - closes[t - 1]!;
            if (t <= period) {
              if (change > 0) avgGain += change;
              else avgLoss -= change;
              if (t === period) {
                avgGain /= period;
                avgLoss /= period;
              }
            } else {
              avgGain = (avgGain * (period - 1) + (change > 0 ? change : 0)) / period;
              avgLoss = (avgLoss * (period - 1) + (change < 0 ? -change : 0)) / period;
            }
            if (t >= period) rsi = avgGain + avgLoss > 0 ? (100 * avgGain) / (avgGain + avgLoss) : 50;
          }
          const mean = rsi < low ? strength * SIGMA : rsi > high ? -strength * SIGMA : NEUTRAL_DRIFT;
          means.push(mean);
          regimes.push(0);
          return mean + SIGMA * normal();
        },
      };
    }
    case 'agree': {
      const { short, long, strength } = family;
      const rho = agreementBias(short, long);
      return {
        ...base,
        description: `${description}: next log return = ${strength} x 1.5% x (sign(${short}-day momentum) x sign(${long}-day momentum) - ${rho.toFixed(4)}) + 1.5% noise`,
        dailyVol: SIGMA,
        nextLogReturn(logPrice, normal) {
          observe(logPrice);
          const product = Math.sign(momentum(short)) * Math.sign(momentum(long));
          const mean = Number.isNaN(product) || product === 0 ? 0 : strength * SIGMA * (product - rho);
          means.push(mean);
          regimes.push(0);
          return mean + SIGMA * normal();
        },
      };
    }
    case 'downside': {
      const { horizon, strength } = family;
      const threshold = -SIGMA * Math.sqrt(horizon);
      const otherwise = (strength * SIGMA * DROP_RATE) / (1 - DROP_RATE);
      return {
        ...base,
        description: `${description}: next log return = -${strength} x 1.5% after a ${horizon}-day drop below ${(threshold * 100).toFixed(2)}%, else +${(otherwise * 100).toFixed(4)}%; + 1.5% noise`,
        dailyVol: SIGMA,
        nextLogReturn(logPrice, normal) {
          observe(logPrice);
          const m = momentum(horizon);
          const mean = Number.isNaN(m) ? 0 : m < threshold ? -strength * SIGMA : otherwise;
          means.push(mean);
          regimes.push(0);
          return mean + SIGMA * normal();
        },
      };
    }
    case 'regime': {
      const { horizon, strength } = family;
      let state = -1;
      return {
        ...base,
        description: `${description}: hidden volatility regime, calm (0.8%/day, drift +0.1%/day) or volatile (2.4%/day), switching with probability 1/50 a day; volatile: next log return = ${strength} x 2.4% x sign(${horizon}-day momentum) + noise`,
        dailyVol: SIGMA,
        nextLogReturn(logPrice, normal, uniform) {
          observe(logPrice);
          if (state < 0) state = uniform() < 0.5 ? 0 : 1; // the stationary distribution
          const m = momentum(horizon);
          vol = state === 1 ? REGIME.volatileVol : REGIME.calmVol;
          const mean = state === 1 ? (Number.isNaN(m) ? 0 : strength * REGIME.volatileVol * Math.sign(m)) : REGIME.calmDrift;
          means.push(mean);
          regimes.push(state);
          const value = mean + vol * normal();
          if (uniform() < REGIME.switchProbability) state = 1 - state; // tomorrow's regime
          return value;
        },
      };
    }
    case 'walk': {
      const daily = family.vol / Math.sqrt(YEAR);
      const mean = family.drift / YEAR - (daily * daily) / 2;
      return {
        ...base,
        description: `random walk, no edge: ${family.drift * 100}%/yr drift, ${family.vol * 100}%/yr volatility`,
        dailyVol: daily,
        currentVol: () => daily,
        nextLogReturn(_logPrice, normal) {
          means.push(mean);
          regimes.push(0);
          return mean + daily * normal();
        },
      };
    }
  }
}

/** The original family: momentum of the unrounded log prices (what the bundled SYN-MOMENTUM was generated with). */
function momentumModel(family: Extract<PlantedFamily, { rule: 'trend' | 'revert' }>, symbol: string): PlantedModel {
  const direction = family.rule === 'trend' ? 1 : -1;
  const history: number[] = [];
  const means: number[] = [];
  const regimes: number[] = [];
  return {
    symbol,
    description: `planted ${formatPlantedFamily(family)}: next log return = ${direction > 0 ? '+' : '-'}${family.strength} x 1.5% x sign(${family.horizon}-day momentum) + 1.5% noise`,
    startPrice: 50,
    dividendYield: 0,
    dailyVol: SIGMA,
    means,
    regimes,
    nextLogReturn(logPrice, normal) {
      history.push(logPrice);
      const t = history.length - 1;
      const momentum = t >= family.horizon ? logPrice - history[t - family.horizon]! : 0;
      const mean = direction * family.strength * SIGMA * Math.sign(momentum);
      means.push(mean);
      regimes.push(0);
      return mean + SIGMA * normal();
    },
  };
}
