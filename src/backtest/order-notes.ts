import type { WindowRun } from './execute.js';

/**
 * What the broker did to a run's orders that the strategy did not ask for, as warning lines: orders
 * refused (a position limit, buying power under --on-excess refuse, a fill the model cannot make)
 * and orders cut to the whole shares buying power allows. Each line counts them and quotes the
 * first, so a figure that rests on orders other than the strategy's is never silent. No line for
 * a run whose orders all filled as asked. `tableDates` are the dates the fills' day indices count.
 */
export function orderNotes(where: string, run: WindowRun, tableDates: readonly string[]): string[] {
  const notes: string[] = [];
  const refused = run.rejections;
  if (refused.length > 0) {
    notes.push(`${where}: ${count(refused.length, 'order')} refused by the broker, first: ${refused[0]!.reason}`);
  }
  const cut = run.fills.filter((fill) => fill.requestedShares !== undefined);
  if (cut.length > 0) {
    const first = cut[0]!;
    const side = first.shares > 0 ? 'BUY' : 'SELL';
    notes.push(
      `${where}: ${count(cut.length, 'order')} cut to what buying power allows, first: ${side} ${Math.abs(first.requestedShares!)} ${first.symbol} ` +
        `on ${tableDates[first.orderDayIndex]}, ${Math.abs(first.shares)} filled`,
    );
  }
  return notes;
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
