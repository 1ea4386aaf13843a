import type { FillModelName } from './broker/models.js';
import type { PriceTable } from './data/types.js';

/**
 * The days a strategy trades: day indices `from..to` (inclusive) of a price table that may hold
 * history before `from` (indicator warm-up). A strategy may read prices up to day t when it
 * decides day t's trade, never later ones.
 */
export interface MarketWindow {
  readonly table: PriceTable;
  readonly symbol: string;
  readonly from: number;
  readonly to: number;
}

/** How trades are executed and valued; the same for every strategy of a backtest. */
export interface TradingSetup {
  readonly startValue: number;
  /** Fixed commission per non-zero order. */
  readonly commission: number;
  /** Impact as a fraction of traded value. */
  readonly impact: number;
  readonly fill: FillModelName;
  /** Shares of a full position; holdings stay within -positionSize..+positionSize. */
  readonly positionSize: number;
}

/** What training produced, for reports: one point per epoch and the learned policy. */
export interface TrainingSummary {
  readonly epochs: number;
  /** Why training stopped, e.g. 'policy unchanged for 5 epochs' or 'reached 200 epochs'. */
  readonly stoppedBecause: string;
  /** In-sample cumulative return of the greedy policy after each epoch. */
  readonly learningCurve: readonly number[];
  readonly realSteps: number;
  readonly planningUpdates: number;
  readonly policy: LearnedPolicy | null;
}

/** Greedy action per state, with labels a person can read. */
export interface LearnedPolicy {
  readonly stateLabels: readonly string[];
  readonly actionLabels: readonly string[];
  readonly actions: readonly number[];
  /** Real visits per state during training (absent for an agent loaded from a file). */
  readonly visits?: readonly number[];
}

/**
 * What trades. `train` learns from a window (a no-op for rule-based strategies); `trades`
 * returns one signed share count per trading day of a window (index 0 = day `from`), to be
 * executed by the broker at the setup's fill model.
 */
export interface Strategy {
  readonly name: string;
  /** A short human label, e.g. "Dyna-Q", "Buy & hold". */
  readonly label: string;
  train(window: MarketWindow, setup: TradingSetup): TrainingSummary | null;
  trades(window: MarketWindow, setup: TradingSetup): Float64Array;
  /** Settings to log with every run (learner parameters, indicators, ...). */
  describe(): Record<string, unknown>;
  /** What training learned, as JSON a later run can load (reports save it as agent.json). */
  agentJson?(): string | null;
}
