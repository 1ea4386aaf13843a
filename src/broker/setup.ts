import type { PriceTable } from '../data/types.js';
import { COURSE } from '../defaults.js';
import { Broker } from './broker.js';
import type { ExcessPolicy } from './execute.js';
import {
  describeFillModel,
  fillModelByName,
  fixedCommission,
  proportionalImpact,
  type CommissionModel,
  type FillModel,
  type FillModelName,
  type ImpactModel,
} from './models.js';
import { describeSizing, type Sizing } from './sizing.js';

/**
 * How trades are executed, costed, sized and valued; the same for every strategy of a backtest.
 * Costs and fills are numbers/names (plain data a job can carry) or model objects.
 */
export interface TradingSetup {
  readonly startValue: number;
  /** Fixed commission per non-zero order, or a commission model. */
  readonly commission: number | CommissionModel;
  /** Impact as a fraction of traded value, or an impact model. */
  readonly impact: number | ImpactModel;
  readonly fill: FillModelName | FillModel;
  readonly sizing: Sizing;
  /**
   * Margin requirement (equity >= margin x the positions' value after an order that raises it or
   * turns a position around; 1 = no leverage). Absent: no check, as the course's market simulator.
   */
  readonly margin?: number;
  /** An order beyond buying power is cut to what fits (default) or refused. */
  readonly onExcess?: ExcessPolicy;
  /** Close every open position with a window's last fill (next-open: the last day's open), as backtesting.py's finalize_trades. */
  readonly closeAtEnd?: boolean;
}

/** The course's setup: 100,000 cash, commission 9.95, impact 0.005, close fills, 1000 shares. */
export const COURSE_SETUP: TradingSetup = {
  startValue: COURSE.startValue,
  commission: COURSE.commission,
  impact: COURSE.impact,
  fill: 'close',
  sizing: { kind: 'shares', shares: COURSE.shares },
};

export interface SetupModels {
  readonly fill: FillModel;
  readonly commission: CommissionModel;
  readonly impact: ImpactModel;
}

export function setupModels(setup: TradingSetup): SetupModels {
  return {
    fill: typeof setup.fill === 'string' ? fillModelByName(setup.fill) : setup.fill,
    commission: typeof setup.commission === 'number' ? fixedCommission(setup.commission) : setup.commission,
    impact: typeof setup.impact === 'number' ? proportionalImpact(setup.impact) : setup.impact,
  };
}

/** The broker of a trading setup: its fill model and costs, starting with all cash. */
export function createBroker(table: PriceTable, setup: TradingSetup): Broker {
  const models = setupModels(setup);
  return new Broker(table, {
    startValue: setup.startValue,
    fill: models.fill,
    commission: models.commission,
    impact: models.impact,
    ...(setup.margin !== undefined ? { margin: setup.margin } : {}),
    ...(setup.onExcess !== undefined ? { onExcess: setup.onExcess } : {}),
  });
}

/** A setup as plain data for summary.json and reports (models by name). */
export function describeSetup(setup: TradingSetup): {
  startValue: number;
  commission: number | string;
  impact: number | string;
  fill: string;
  fillDescription: string;
  sizing: Sizing;
  sizingDescription: string;
  margin: number | null;
  onExcess: ExcessPolicy;
  closeAtEnd: boolean;
} {
  const models = setupModels(setup);
  return {
    startValue: setup.startValue,
    commission: typeof setup.commission === 'number' ? setup.commission : setup.commission.name,
    impact: typeof setup.impact === 'number' ? setup.impact : setup.impact.name,
    fill: models.fill.name,
    fillDescription: describeFillModel(models.fill),
    sizing: setup.sizing,
    sizingDescription: describeSizing(setup.sizing),
    margin: setup.margin ?? null,
    onExcess: setup.onExcess ?? 'cut',
    closeAtEnd: setup.closeAtEnd ?? false,
  };
}
