import {
  COURSE,
  COURSE_SETUP,
  assertTicker,
  defaultCalendar,
  instantiate,
  loadPrices,
  marketWindow,
  parseUserDate,
  resolveDataDir,
  runStrategy,
  type DynaQSettings,
  type MarketWindow,
  type StrategyInstance,
  type TradingSetup,
  type TrainingSummary,
} from '../src/index.js';
import dynaQ from './dyna-q.js';

function dateText(date: string | Date): string {
  if (typeof date === 'string') return date;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Arguments of `addEvidence` / `testPolicy`, named as in the course. */
export interface EvidenceArgs {
  readonly symbol?: string;
  /** Start and end dates, inclusive: ISO `yyyy-MM-dd` text or a Date (its local calendar day). */
  readonly sd?: string | Date;
  readonly ed?: string | Date;
  /** Start value (cash). */
  readonly sv?: number;
}

export interface StrategyLearnerOptions extends Partial<DynaQSettings> {
  /** Market impact as a fraction of traded value (course default 0.005). */
  readonly impact?: number;
  /** Commission per order (course default 9.95). */
  readonly commission?: number;
  readonly dataDir?: string;
  readonly calendar?: string;
  readonly verbose?: boolean;
}

/** One day's trade: shares bought (> 0) or sold (< 0); 0 on days without a trade. */
export interface DailyTrade {
  readonly date: string;
  readonly shares: number;
}

/**
 * The course's StrategyLearner contract on top of the Dyna-Q strategy: holdings of -1000, 0 or
 * +1000 shares of one symbol, so every day's trade is 0, +-1000 or +-2000. `testPolicy` is
 * deterministic (greedy, frozen). Defaults: in-sample 2008-01-01..2009-12-31, start value
 * 100,000, commission 9.95 and impact 0.005 unless given.
 */
export class StrategyLearner {
  private readonly strategy: StrategyInstance;
  private readonly setup: Omit<TradingSetup, 'startValue'>;
  private readonly dataDir: string;
  private readonly calendar: string | undefined;
  /** What the last `addEvidence` learned (epochs, learning curve, policy). */
  training: TrainingSummary | null = null;

  constructor(options: StrategyLearnerOptions = {}) {
    const { impact = COURSE.impact, commission = COURSE.commission, dataDir, calendar, verbose: _verbose, ...settings } = options;
    this.strategy = instantiate(dynaQ, { params: settings, origin: 'StrategyLearner' });
    this.setup = { ...COURSE_SETUP, impact, commission };
    this.dataDir = resolveDataDir(dataDir, process.env, process.cwd());
    this.calendar = calendar;
  }

  addEvidence(args: EvidenceArgs = {}): TrainingSummary | null {
    const { window, setup } = this.window(args, COURSE.train.start, COURSE.train.end);
    this.training = this.strategy.train(window, setup);
    return this.training;
  }

  testPolicy(args: EvidenceArgs = {}): DailyTrade[] {
    const { window, setup } = this.window(args, COURSE.test.start, COURSE.test.end);
    const { trades } = runStrategy(this.strategy, window, setup);
    return Array.from(trades, (shares, i) => ({ date: window.table.dates[window.from + i]!, shares }));
  }

  private window(args: EvidenceArgs, defaultStart: string, defaultEnd: string): { window: MarketWindow; setup: TradingSetup } {
    const symbol = assertTicker(args.symbol ?? 'JPM', 'symbol');
    const start = parseUserDate(dateText(args.sd ?? defaultStart), 'sd');
    const end = parseUserDate(dateText(args.ed ?? defaultEnd), 'ed');
    const calendar = this.calendar ?? defaultCalendar(this.dataDir);
    // All history up to `ed`: indicators warm up on the past, never on days after a decision.
    const table = loadPrices({ symbols: [symbol], end, dataDir: this.dataDir, calendar });
    const window = marketWindow(table, symbol, { start, end }, 'sd..ed');
    return { window, setup: { ...this.setup, startValue: args.sv ?? COURSE.startValue } };
  }
}
