/**
 * dynaq's public API, what a user's program or strategy needs and nothing else (the rest of src/
 * is internal and may change):
 * - loading prices: loadPrices, the data folder's defaults, its types;
 * - the broker and a trading setup: Broker, executeOrder, createBroker, COURSE_SETUP, the
 *   fill/commission/impact models and sizing;
 * - the course's market simulator: computePortvals, readOrdersFile;
 * - statistics: computeStats and the names of every statistic;
 * - the learner: QLearner with save/load and its option table;
 * - the Dyna-Q trading agent: trainAgent, TradingAgent, its settings and parameters;
 * - the backtest runner: runBacktest, runPeriod, runStrategy, backtestSummary; and for scripts,
 *   backtest({ data, strategy, params }) over bars in memory, and writeReport(result, dir);
 * - the strategy contract: Strategy, Day, History, Decision, params, and instantiate();
 * - indicators a strategy may compute itself: computeIndicators;
 * - the one table of defaults and ranges: COURSE, SETUP_SETTINGS, DYNA_Q_SETTINGS.
 * Built-in strategies (Dyna-Q, buy-and-hold, manual rules, the course's StrategyLearner) are the
 * second entry point, `dynaq/strategies`; they use nothing but this file.
 */
export { UserError, isUserError } from './errors.js';
export {
  loadPrices,
  resolveDataDir,
  defaultCalendar,
  parseUserDate,
  assertTicker,
  type LoadPricesOptions,
  type PriceTable,
  type SymbolSeries,
  type SourceFile,
} from './data/index.js';
export { marketWindow, type DateRange, type MarketWindow } from './data/window.js';
export {
  Broker,
  COURSE_SETUP,
  createBroker,
  closeFill,
  nextOpenFill,
  executeOrder,
  FILL_MODELS,
  fixedCommission,
  proportionalImpact,
  type Account,
  type BrokerConfig,
  type CommissionModel,
  type Decision,
  type ExecutionRules,
  type FillModel,
  type FillModelName,
  type ImpactModel,
  type OrderFill,
  type OrderRejection,
  type OrderResult,
  type Sizing,
  type TradingSetup,
} from './broker/index.js';
export { computePortvals, readOrdersFile, type Order, type PortvalsOptions } from './marketsim/index.js';
export { computeStats, portfolioStatNames, type PortfolioStats, type StatsOptions } from './metrics/index.js';
export {
  QLearner,
  LEARNER_OPTION_SPECS,
  learnerToJson,
  learnerFromJson,
  saveLearner,
  loadLearner,
  type QLearnerOptions,
  type ModelKind,
  type PlanningKind,
  type RewardModelKind,
} from './learner/index.js';
export { ACTION_LABELS, positionIndexOf } from './env/trading-env.js';
export { DEFAULT_DYNA_Q, DYNA_Q_PARAMS, TradingAgent, trainAgent, type DynaQSettings, type TrainedOn } from './agent/index.js';
export { computeIndicators, type IndicatorColumns } from './indicators/index.js';
export {
  runBacktest,
  windowResults,
  type BacktestConfig,
  type BacktestResult,
  type BacktestStrategies,
  type StrategyResult,
  type WindowResult,
} from './backtest/run.js';
export { runStrategy, type WindowRun } from './backtest/execute.js';
export { backtestSummary, type BacktestSummary, type ResolvedConfig } from './backtest/summary.js';
export type {
  Strategy,
  Day,
  History,
  PriceColumn,
  TrainContext,
  WindowContext,
  TrainingSummary,
  LearnedPolicy,
  ParamValue,
  ParamValues,
  ParamSpec,
  ParamDeclarations,
  JsonValue,
} from './strategy/contract.js';
export { instantiate, type StrategyInstance } from './strategy/instance.js';
export { COURSE, SETUP_SETTINGS, DYNA_Q_SETTINGS, DEFAULT_INDICATORS, type Setting } from './defaults.js';
export { backtest, writeReport, tableFromBars, type Bars, type BacktestOptions, type BacktestOutcome } from './api.js';
export { runPeriod, type AnyBacktestResult, type PeriodResult, type PeriodConfig } from './backtest/run.js';
export type { OrderInstruction, TargetOrder, EntryOrder, CancelOrders, Target } from './broker/orders.js';
