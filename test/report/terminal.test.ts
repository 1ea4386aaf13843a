import { PassThrough } from 'node:stream';
import cliProgress from 'cli-progress';
import { describe, expect, it, vi } from 'vitest';
import { createProgress, formatStatisticsTable } from '../../src/report/terminal.js';
import type { StatisticsTable } from '../../src/report/model.js';
import { sampleReportModel } from './sample-model.js';

const ANSI = /\x1b\[[0-9;]*m/;
const stripAnsi = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

const table: StatisticsTable = {
  columns: [
    { strategy: 'Dyna-Q', window: 'In-sample' },
    { strategy: 'Buy & hold', window: 'In-sample' },
    { strategy: 'Dyna-Q', window: 'Out-of-sample' },
    { strategy: 'Buy & hold', window: 'Out-of-sample' },
  ],
  rows: [
    { key: 'returnPct', label: 'Return', unit: 'percent', signed: true, values: [0.2554, 0.0123, -0.0412, -0.0834] },
    { key: 'sharpe', label: 'Sharpe ratio', unit: 'ratio', values: [1.6861, 0.1559, null, -0.4] },
    { key: 'finalValue', label: 'Final value', unit: 'money', values: [125540, 101230, 95880, 91660] },
  ],
};
const strategies = [{ name: 'Dyna-Q', highlight: true }, { name: 'Buy & hold' }];

describe('formatStatisticsTable', () => {
  it('marks every value figure of a wiped-out account, its heading, and names it under the table', () => {
    const wiped: StatisticsTable = {
      columns: [
        { strategy: 'Dyna-Q', window: 'In-sample', wipedOutOn: '2008-10-07' },
        { strategy: 'Buy & hold', window: 'In-sample', wipedOutOn: null },
      ],
      rows: [
        { key: 'returnPct', label: 'Return', unit: 'percent', signed: true, values: [-1.0673, 0.05] },
        { key: 'trades', label: 'Trades', unit: 'count', values: [1, 1] },
        { key: 'finalValue', label: 'Final value', unit: 'money', values: [-6663.85, 105000] },
        { key: 'wipedOutOn', label: 'Wiped out on', unit: 'date', values: ['2008-10-07', null] },
      ],
    };
    const lines = formatStatisticsTable(wiped, { color: false }).trimEnd().split('\n');
    const cells = (label: string) => lines.find((line) => line.startsWith(label))!.slice(label.length).trim().split(/\s{2,}/);
    expect(lines[1]!.trim().split(/\s{2,}/)).toEqual(['Dyna-Q †', 'Buy & hold']);
    expect(cells('Return')).toEqual(['-106.73% †', '5.00%']);
    expect(cells('Final value')).toEqual(['-6,663.85 †', '105,000.00']);
    expect(cells('Trades'), 'counts are not value figures').toEqual(['1', '1']);
    expect(lines.at(-1)).toBe("† wiped out: the account's value reached 0 or less (Dyna-Q, in-sample on 2008-10-07); its positions were closed that day and it traded no more.");
    expect(formatStatisticsTable(table, { color: false })).not.toContain('†');
  });

  it('lays out windows over strategies, one statistic per line, without colour codes', () => {
    const text = formatStatisticsTable(table, { color: false, strategies });
    expect(ANSI.test(text)).toBe(false);
    const sp = (n: number) => ' '.repeat(n);
    // Widths: label 12, then 10, 10, 9, 10 (the widest cell of each column), two spaces between.
    expect(text).toBe(
      [
        `${sp(20)}In-sample${sp(13)}Out-of-sample`,
        `${sp(18)}Dyna-Q  Buy & hold${sp(5)}Dyna-Q  Buy & hold`,
        '------------  ----------  ----------  ---------  ----------',
        `Return${sp(12)}25.54%${sp(7)}1.23%${sp(5)}-4.12%${sp(6)}-8.34%`,
        `Sharpe ratio${sp(7)}1.686${sp(7)}0.156${sp(10)}—${sp(6)}-0.400`,
        `Final value${sp(3)}125,540.00  101,230.00  95,880.00${sp(3)}91,660.00`,
        '',
      ].join('\n'),
    );
  });

  it('colours positive returns green and negative red, highlights the strategy, dims missing values', () => {
    const text = formatStatisticsTable(table, { color: true, strategies });
    expect(ANSI.test(text)).toBe(true);
    expect(stripAnsi(text)).toBe(formatStatisticsTable(table, { color: false, strategies }));
    const returnLine = text.split('\n').find((line) => stripAnsi(line).startsWith('Return'))!;
    expect(returnLine).toContain('\x1b[32m    25.54%\x1b[39m');
    expect(returnLine).toContain('\x1b[31m    -8.34%\x1b[39m');
    const sharpeLine = text.split('\n').find((line) => stripAnsi(line).startsWith('Sharpe'))!;
    expect(sharpeLine, 'ratios are not coloured by sign').not.toContain('\x1b[31m');
    expect(sharpeLine).toContain('\x1b[2m');
    expect(text).toContain('\x1b[36m');
  });

  it('picks and orders rows by key', () => {
    const text = formatStatisticsTable(table, { color: false, keys: ['finalValue', 'returnPct'] });
    expect(text.split('\n').slice(3, 5).map((line) => line.split('  ')[0])).toEqual(['Final value', 'Return']);
    expect(() => formatStatisticsTable(table, { color: false, keys: ['sortino'] })).toThrow(/no row "sortino"/);
  });

  it('handles the full sample model', () => {
    const model = sampleReportModel();
    const lines = formatStatisticsTable(model.statistics, { color: false, strategies: model.strategies }).trimEnd().split('\n');
    expect(lines).toHaveLength(3 + model.statistics.rows.length);
    expect(new Set(lines.slice(2).map((line) => line.length)).size, 'rows are aligned').toBeLessThanOrEqual(2);
  });
});

/** A stream that says it is a terminal and records what is drawn on it. */
function fakeTerminal(): NodeJS.WriteStream & { text: () => string } {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream & { text: () => string };
  let written = '';
  stream.on('data', (chunk: Buffer) => (written += chunk.toString()));
  Object.assign(stream, {
    isTTY: true,
    columns: 100,
    cursorTo: (_x: number, _y?: unknown, callback?: () => void) => (callback?.(), true),
    clearLine: (_dir: number, callback?: () => void) => (callback?.(), true),
    moveCursor: (_dx: number, _dy: number, callback?: () => void) => (callback?.(), true),
    text: () => written,
  });
  return stream;
}

describe('createProgress', () => {
  it('writes nothing when disabled (not a terminal)', async () => {
    const stream = fakeTerminal();
    const progress = createProgress({ enabled: false, total: 10, label: 'Training', stream });
    progress.update(5, 'epoch 5');
    progress.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(stream.text()).toBe('');
  });

  it('draws the label, counts and detail on a terminal, and stops once', async () => {
    const stream = fakeTerminal();
    const progress = createProgress({ enabled: true, total: 20, label: 'Training', stream });
    progress.update(20, 'planning 4,000');
    progress.stop();
    progress.stop();
    progress.update(3);
    await new Promise((resolve) => setImmediate(resolve));
    const text = stripAnsi(stream.text());
    expect(text).toContain('Training');
    expect(text).toContain('100% | 20/20');
    expect(text).toContain('planning 4,000');
  });

  it('forwards only a few hundred updates however often it is called', async () => {
    const forwarded = vi.spyOn(cliProgress.SingleBar.prototype, 'update');
    try {
      const stream = fakeTerminal();
      const progress = createProgress({ enabled: true, total: 1_000_000, label: 'Planning', stream });
      for (let update = 1; update <= 1_000_000; update++) progress.update(update);
      progress.stop();
      await new Promise((resolve) => setImmediate(resolve));
      expect(forwarded.mock.calls.length).toBeLessThanOrEqual(501);
      expect(forwarded.mock.calls.at(-1)?.[0]).toBe(1_000_000);
      expect(stripAnsi(stream.text())).toContain('1000000/1000000');
    } finally {
      forwarded.mockRestore();
    }
  });
});
