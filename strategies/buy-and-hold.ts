import type { MarketWindow, Strategy, TradingSetup } from '../src/strategy.js';

/**
 * The benchmark: buy a full position on the first trading day of the window and hold it to the
 * end. It covers exactly the strategy's window and pays its entry cost once.
 */
export function buyAndHold(): Strategy {
  return {
    name: 'buy-and-hold',
    label: 'Buy & hold',
    train: () => null,
    trades(window: MarketWindow, setup: TradingSetup): Float64Array {
      const trades = new Float64Array(window.to - window.from + 1);
      trades[0] = setup.positionSize;
      return trades;
    },
    describe: () => ({ rule: 'long positionSize shares on the first day, held to the last' }),
  };
}
