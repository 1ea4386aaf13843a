import { UserError } from '../errors.js';
import type { PriceModel } from './models.js';

/**
 * Planted-signal markets: the next day's return depends on a momentum feature by a rule known in
 * advance, so the best policy is known and a learner can be scored against it.
 *
 *   next log return = direction * strength * sigma * sign(momentum_h) + sigma * noise
 *
 * where momentum_h = log(close_t / close_{t-h}), sigma = 1.5 % a day, direction +1 for `trend`
 * (momentum continues) and -1 for `revert` (it reverses). The oracle holds long when
 * direction * sign(momentum_h) > 0, else short: its expected edge is strength * sigma a day.
 */
export interface PlantedFamily {
  readonly rule: 'trend' | 'revert';
  /** Momentum horizon h in trading days. */
  readonly horizon: number;
  /** Edge as a share of daily volatility (0.1 = 0.15 % a day at sigma 1.5 %). */
  readonly strength: number;
}

export const PLANTED_SYMBOL = 'PLANTED';
const SIGMA = 0.015;

/** `trend:10:0.2` -> { rule: 'trend', horizon: 10, strength: 0.2 }. */
export function parsePlantedFamily(text: string, flag = '--planted'): PlantedFamily {
  const match = /^(trend|revert):(\d+):(\d*\.?\d+)$/.exec(text.trim());
  const horizon = match ? Number(match[2]) : NaN;
  const strength = match ? Number(match[3]) : NaN;
  if (!match || horizon < 1 || horizon > 250 || !(strength > 0 && strength <= 1)) {
    throw new UserError(`${flag} must be RULE:HORIZON:STRENGTH with RULE trend or revert, HORIZON 1..250 days, STRENGTH in (0, 1], e.g. trend:10:0.2; got '${text}'.`, 2);
  }
  return { rule: match[1] as PlantedFamily['rule'], horizon, strength };
}

export function formatPlantedFamily(family: PlantedFamily): string {
  return `${family.rule}:${family.horizon}:${family.strength}`;
}

/** The planted price model (no dividends, so the adjusted close is the close). */
export function plantedModel(family: PlantedFamily, symbol: string = PLANTED_SYMBOL): PriceModel {
  const direction = family.rule === 'trend' ? 1 : -1;
  const history: number[] = [];
  return {
    symbol,
    description: `planted ${formatPlantedFamily(family)}: next log return = ${direction > 0 ? '+' : '-'}${family.strength} x 1.5% x sign(${family.horizon}-day momentum) + 1.5% noise`,
    startPrice: 50,
    dividendYield: 0,
    dailyVol: SIGMA,
    nextLogReturn(logPrice, normal) {
      history.push(logPrice);
      const t = history.length - 1;
      const momentum = t >= family.horizon ? logPrice - history[t - family.horizon]! : 0;
      return direction * family.strength * SIGMA * Math.sign(momentum) + SIGMA * normal();
    },
  };
}
