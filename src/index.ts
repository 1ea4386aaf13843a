/**
 * dynaq's public API: the loader, the broker and market simulator, the statistics, the learner,
 * the backtest runner and the strategy interface. Strategies themselves live in `strategies/`.
 */
export { UserError, isUserError } from './errors.js';
export {
  loadPrices,
  readPriceFile,
  resolveDataDir,
  listSymbols,
  defaultCalendar,
  parseUserDate,
  parseDateRange,
  type LoadPricesOptions,
  type PriceTable,
  type SymbolSeries,
  type SourceFile,
} from './data/index.js';
export {
  Broker,
  executeOrders,
  closeFill,
  nextOpenFill,
  fillModelByName,
  fixedCommission,
  proportionalImpact,
  type BrokerConfig,
  type OrderResult,
  type OrderFill,
  type OrderRejection,
  type FillModel,
  type CommissionModel,
  type ImpactModel,
  type FillModelName,
} from './broker/index.js';
export { computePortvals, readOrdersFile, type Order, type PortvalsOptions } from './marketsim/index.js';
export { computeStats, portfolioStatNames, type PortfolioStats, type StatsOptions } from './metrics/index.js';
export { QLearner, learnerToJson, learnerFromJson, saveLearner, loadLearner, type QLearnerOptions } from './learner/index.js';
export { computeIndicators, indicatorRegistry, parseIndicatorList, type IndicatorColumns } from './indicators/index.js';
export { fitDiscretizer, Discretizer, type DiscretizerOptions } from './states/index.js';
export { TradingEnv, ACTION_LABELS } from './env/trading-env.js';
export { runBacktest, loadBacktestTable, type BacktestConfig, type BacktestResult, type WindowResult } from './backtest/run.js';
export { backtestSummary, type BacktestSummary } from './backtest/summary.js';
export { COURSE_SETUP, createBroker, type TradingSetup, type Sizing, type Decision } from './broker/index.js';
export { runStrategy, executeTrades, type WindowRun } from './backtest/execute.js';
export type { MarketWindow, DateRange } from './data/window.js';
export type { Strategy, Day, TrainingSummary, LearnedPolicy } from './strategy/contract.js';
