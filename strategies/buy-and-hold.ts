import type { Strategy } from '../src/index.js';

/**
 * The benchmark: a full long position entered on the first trading day of the window and held to
 * the end. It covers exactly the strategy's window and pays its entry cost once (a held direction
 * is never re-sized).
 */
const buyAndHold: Strategy = {
  name: 'buy-and-hold',
  label: 'Buy & hold',
  decide: () => 'long',
  describe: () => ({ rule: 'a full long position on the first day, held to the last' }),
};

export default buyAndHold;
