/**
 * The hostile-input corpus: inputs a careless or hostile user can give, each with the exit code
 * and the gist of the one line dynaq must answer with. `files` are written into a fresh folder
 * (the run's working folder); `data/` there is a data folder holding the good SYN-TREND and
 * SYN-MARKET sample files unless a case replaces them.
 */
export interface HostileCase {
  readonly name: string;
  readonly files?: Readonly<Record<string, string | Uint8Array>>;
  /** Folders to create (e.g. a folder named like a price file). */
  readonly folders?: readonly string[];
  readonly args: readonly string[];
  readonly code: 1 | 2;
  readonly message: RegExp;
}

const HEADER = 'Date,Open,High,Low,Close,Volume,Adj Close';
const row = (date: string, price: string | number, volume: string | number = 1000) => `${date},${price},${price},${price},${price},${volume},${price}`;
/** A file of weekdays 2008-01-02.. with one bad row at `badLine` (2-based, after the header). */
function priceFile(rows = 30, bad?: { at: number; text: string }): string {
  const lines = [HEADER];
  let day = Date.UTC(2008, 0, 2);
  while (lines.length <= rows) {
    const date = new Date(day);
    if (date.getUTCDay() % 6 !== 0) lines.push(row(date.toISOString().slice(0, 10), (50 + lines.length / 10).toFixed(2)));
    day += 86_400_000;
  }
  if (bad) lines[bad.at - 1] = bad.text;
  return `${lines.join('\n')}\n`;
}
const bad = (text: string, at = 5) => ({ 'data/BAD.csv': priceFile(30, { at, text }) });
const data = (symbol: string) => ['data', symbol, '--data-dir', 'data', '--calendar', 'SYN-MARKET'];
const backtest = (...extra: string[]) => ['backtest', '--symbol', 'SYN-TREND', '--data-dir', 'data', '--no-report', '--epochs', '2', ...extra];

export const HOSTILE_CASES: readonly HostileCase[] = [
  // --- CSV content ---
  { name: 'empty file', files: { 'data/BAD.csv': '' }, args: data('BAD'), code: 1, message: /BAD\.csv: the file is empty/ },
  { name: 'header only', files: { 'data/BAD.csv': `${HEADER}\n` }, args: data('BAD'), code: 1, message: /BAD\.csv/ },
  { name: 'no Date column', files: { 'data/BAD.csv': 'When,Close\n2008-01-02,5\n' }, args: data('BAD'), code: 1, message: /BAD\.csv line 1: missing required column 'Date'/ },
  { name: 'no Close column', files: { 'data/BAD.csv': 'Date,Open\n2008-01-02,5\n' }, args: data('BAD'), code: 1, message: /missing required column 'Close'/ },
  { name: 'bad date', files: bad(row('2008-01-xx', 5)), args: data('BAD'), code: 1, message: /BAD\.csv line 5: Date '2008-01-xx' is not a date/ },
  { name: 'impossible date', files: bad(row('2008-02-30', 5)), args: data('BAD'), code: 1, message: /line 5: Date '2008-02-30' is not a date/ },
  { name: 'negative price', files: bad(row('2008-01-08', -5)), args: data('BAD'), code: 1, message: /line 5: Open -5 must be positive/ },
  { name: 'zero price', files: bad(row('2008-01-08', 0)), args: data('BAD'), code: 1, message: /line 5: Open 0 must be positive/ },
  { name: 'text price', files: bad(row('2008-01-08', 'abc')), args: data('BAD'), code: 1, message: /line 5: Open 'abc' is not a number/ },
  { name: 'price 1e308', files: bad(row('2008-01-08', '1e308')), args: data('BAD'), code: 1, message: /line 5: Open 1e308 is beyond 1e\+9/ },
  { name: 'price Infinity', files: bad(row('2008-01-08', 'Infinity')), args: data('BAD'), code: 1, message: /line 5: Open 'Infinity' is not a number/ },
  { name: 'price with 16 digits', files: bad(row('2008-01-08', '1234567890123456')), args: data('BAD'), code: 1, message: /line 5: Open 1234567890123456 is beyond/ },
  { name: 'negative volume', files: bad(row('2008-01-08', 5, -1)), args: data('BAD'), code: 1, message: /line 5: Volume -1 must be zero or more/ },
  { name: 'short row (2 of 7 fields)', files: bad('2008-01-08,5'), args: data('BAD'), code: 1, message: /BAD\.csv line 5: 2 fields where the header has 7/ },
  { name: 'short quoted row', files: { 'data/BAD.csv': `"Date",Open,High,Low,Close,Volume,Adj Close\n"2008-01-02",1,1,1,1,1,1\n"2008-01-03",1\n` }, args: data('BAD'), code: 1, message: /line 3: 2 fields where the header has 7/ },
  { name: 'duplicate date', files: bad(row('2008-01-02', 5)), args: data('BAD'), code: 1, message: /duplicate date 2008-01-02/ },
  { name: 'NUL bytes', files: { 'data/BAD.csv': new Uint8Array([0x44, 0x61, 0, 0, 0x74, 0x65, 0, 10]) }, args: data('BAD'), code: 1, message: /BAD\.csv: not a text file \(it holds NUL bytes\)/ },
  { name: 'a PNG renamed .csv', files: { 'data/BAD.csv': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) }, args: data('BAD'), code: 1, message: /not a text file/ },
  { name: 'CR-only line endings', files: { 'data/BAD.csv': priceFile(5).replace(/\n/g, '\r') }, args: data('BAD'), code: 1, message: /lone CR \(classic Mac line endings\)/ },
  { name: 'control characters in a field', files: bad(row('2008-01-08', '5\u001b[31m')), args: data('BAD'), code: 1, message: /Open '5\\x1b\[31m' is not a number/ },
  { name: '10 KB garbage line', files: bad('x'.repeat(10_000)), args: data('BAD'), code: 1, message: /line 5: 1 field where the header has 7/ },
  { name: 'a 10 KB header', files: { 'data/BAD.csv': `${'y'.repeat(10_000)}\n1\n` }, args: data('BAD'), code: 1, message: /missing required column 'Date' \(header is 'y{60}\.\.\.'\)/ },
  { name: 'unterminated quote', files: { 'data/BAD.csv': `${HEADER}\n"2008-01-02,1,1,1,1,1,1\n` }, args: data('BAD'), code: 1, message: /BAD\.csv.*not a readable CSV file/ },
  { name: 'thousands separator in quotes', files: { 'data/BAD.csv': `${HEADER}\n2008-01-02,"1,000.5",1,1,1,1,1\n` }, args: data('BAD'), code: 1, message: /Open '1,000\.5' is not a number/ },
  { name: 'UTF-16 file', files: { 'data/BAD.csv': new Uint8Array(Buffer.from(`\ufeff${HEADER}\n`, 'utf16le')) }, args: data('BAD'), code: 1, message: /BAD\.csv: not a text file/ },
  { name: 'a folder named BAD.csv (data)', folders: ['data/BAD.csv'], args: ['data', '--data-dir', 'data', '--calendar', 'SYN-MARKET', 'BAD'], code: 1, message: /no price file for 'BAD'|is a folder, not a file/ },
  { name: 'a folder named BAD.csv beside the files (data lists all)', folders: ['data/BAD.csv'], args: ['data', '--data-dir', 'data', '--calendar', 'SYN-MARKET', 'NOPE'], code: 1, message: /no price file for 'NOPE'.*SYN-MARKET, SYN-TREND\./ },
  { name: 'a folder named SYN-TREND.csv', folders: ['data2/SYN-TREND.csv'], files: { 'data2/SYN-MARKET.csv': priceFile(30), 'data2/dynaq-data.json': '{"calendar":"SYN-MARKET"}' }, args: ['backtest', '--symbol', 'SYN-TREND', '--data-dir', 'data2', '--no-report'], code: 1, message: /SYN-TREND\.csv, is a folder, not a file/ },
  // --- flags ---
  { name: '--dyna 0x10', args: backtest('--dyna', '0x10'), code: 2, message: /--dyna must be a decimal number in 0\.\.1000000, got '0x10'/ },
  { name: '--dyna 1e3', args: backtest('--dyna', '1e3'), code: 2, message: /--dyna must be a decimal number/ },
  { name: '--dyna -1', args: backtest('--dyna', '-1'), code: 2, message: /--dyna must be within 0\.\.1000000, got -1/ },
  { name: '--dyna 2.5', args: backtest('--dyna', '2.5'), code: 2, message: /--dyna must be a whole number in 0\.\.1000000/ },
  { name: '--dyna with spaces', args: backtest('--dyna', ' 5'), code: 2, message: /--dyna must be a decimal number/ },
  { name: '--alpha 1.5', args: backtest('--alpha', '1.5'), code: 2, message: /--alpha must be within 0\.\.1, got 1\.5/ },
  { name: '--gamma abc', args: backtest('--gamma', 'abc'), code: 2, message: /--gamma must be a decimal number in 0\.\.1, got 'abc'/ },
  { name: '--impact -0.1', args: backtest('--impact', '-0.1'), code: 2, message: /--impact must be within 0\.\.1/ },
  { name: '--commission empty', args: backtest('--commission', ''), code: 2, message: /--commission must be a decimal number/ },
  { name: '--commission Infinity', args: backtest('--commission', 'Infinity'), code: 2, message: /--commission must be a decimal number/ },
  { name: '--start-value 0', args: backtest('--start-value', '0'), code: 2, message: /--start-value must be within 1\.\./ },
  { name: '--shares 0', args: backtest('--shares', '0'), code: 2, message: /--shares must be within 1\.\./ },
  { name: '--shares and --fraction', args: backtest('--shares', '10', '--fraction', '0.5'), code: 2, message: /--shares and --fraction both size a position/ },
  { name: '--fraction 0', args: backtest('--fraction', '0'), code: 2, message: /--fraction must be within 0\.000001\.\.100/ },
  { name: '--fill vwap', args: backtest('--fill', 'vwap'), code: 2, message: /--fill must be one of close, next-open, got 'vwap'/ },
  { name: '--model dense', args: backtest('--model', 'dense'), code: 2, message: /--model must be one of counts, last, exogenous/ },
  { name: '--planning full', args: backtest('--planning', 'full'), code: 2, message: /--planning must be one of sample, expected/ },
  { name: '--prior maybe', args: backtest('--prior', 'maybe'), code: 2, message: /--prior must be one of empirical-bayes, none/ },
  { name: '--train without a colon', args: backtest('--train', '2009-01-01'), code: 2, message: /--train '2009-01-01' must be START:END/ },
  { name: '--train month 13', args: backtest('--train', '2009-13-01:2009-12-31'), code: 2, message: /--train/ },
  { name: '--train ending before it starts', args: backtest('--train', '2010-01-01:2009-01-01'), code: 2, message: /--train/ },
  { name: '--test overlapping --train', args: backtest('--test', '2009-06-01:2010-12-31'), code: 2, message: /--test 2009-06-01:2010-12-31 starts on or before the end of --train/ },
  { name: '--test before --train', args: backtest('--test', '2006-01-01:2007-06-30'), code: 2, message: /starts before --train/ },
  { name: '--train with no trading days', args: backtest('--train', '2030-01-01:2030-12-31'), code: 2, message: /--train 2030-01-01:2030-12-31 has no trading days/ },
  { name: '--bins 0', args: backtest('--bins', '0'), code: 2, message: /--bins must be within 1\.\.100/ },
  { name: '--bins 101', args: backtest('--bins', '101'), code: 2, message: /--bins must be within 1\.\.100/ },
  { name: '--indicators nope', args: backtest('--indicators', 'nope'), code: 2, message: /nope/ },
  { name: '--indicators rsi:0', args: backtest('--indicators', 'rsi:0'), code: 2, message: /rsi/ },
  { name: '--epochs 0', args: [...backtest(), '--epochs', '0'], code: 2, message: /--epochs must be within 1\.\./ },
  { name: '--symbol with a space', args: ['backtest', '--symbol', 'a b', '--data-dir', 'data'], code: 2, message: /'a b' is not a plain ticker/ },
  { name: '--symbol with a path', args: ['backtest', '--symbol', '../etc/passwd', '--data-dir', 'data'], code: 2, message: /is not a plain ticker/ },
  { name: '--symbol absent', args: ['backtest', '--symbol', 'NOPE', '--data-dir', 'data', '--no-report'], code: 1, message: /no price file for 'NOPE'/ },
  { name: '--strategy magic', args: backtest('--strategy', 'magic'), code: 2, message: /--strategy must be one of dyna-q, manual, buy-and-hold or a strategy file/ },
  { name: '--seed -3', args: backtest('--seed', '-3'), code: 2, message: /--seed must be within 0\.\./ },
  { name: 'an unknown flag', args: backtest('--dynaa', '5'), code: 2, message: /unknown option '--dynaa'/ },
  // --- files and output paths ---
  { name: '--data-dir missing', args: ['backtest', '--data-dir', 'nowhere'], code: 2, message: /data folder .*nowhere \(from --data-dir\) does not exist/ },
  { name: '--data-dir is a file', files: { 'plain.txt': 'x' }, args: ['backtest', '--data-dir', 'plain.txt'], code: 2, message: /plain\.txt \(from --data-dir\) does not exist or is not a folder/ },
  { name: '--out under a regular file', files: { 'occupied': 'x' }, args: ['backtest', '--symbol', 'SYN-TREND', '--data-dir', 'data', '--out', 'occupied/run'], code: 2, message: /--out .*occupied\/run: .*occupied is a file, so no folder can be made under it/ },
  { name: '--out is an existing file', files: { 'occupied': 'x' }, args: ['backtest', '--symbol', 'SYN-TREND', '--data-dir', 'data', '--out', 'occupied'], code: 1, message: /a file of that name exists; choose another --out/ },
  { name: '--out is a non-empty folder', files: { 'full/a.txt': 'x' }, args: ['backtest', '--symbol', 'SYN-TREND', '--data-dir', 'data', '--out', 'full'], code: 1, message: /full already exists and is not empty/ },
  { name: '--agent missing', args: ['backtest', '--symbol', 'SYN-TREND', '--data-dir', 'data', '--no-report', '--agent', 'none.json'], code: 1, message: /--agent .*none\.json: cannot read the file \(ENOENT\)/ },
  { name: '--agent not JSON', files: { 'agent.json': 'not json' }, args: ['backtest', '--symbol', 'SYN-TREND', '--data-dir', 'data', '--no-report', '--agent', 'agent.json'], code: 1, message: /agent\.json: not valid JSON/ },
  { name: '--agent of another format', files: { 'agent.json': '{"format":"x"}' }, args: ['backtest', '--symbol', 'SYN-TREND', '--data-dir', 'data', '--no-report', '--agent', 'agent.json'], code: 1, message: /not a dynaq agent file/ },
  { name: '--agent without settings', files: { 'agent.json': '{"format":"dynaq-agent","version":1}' }, args: ['backtest', '--symbol', 'SYN-TREND', '--data-dir', 'data', '--no-report', '--agent', 'agent.json'], code: 1, message: /field 'settings' must be an object/ },
  { name: '--agent with --bins', files: { 'agent.json': '{}' }, args: ['backtest', '--symbol', 'SYN-TREND', '--data-dir', 'data', '--no-report', '--agent', 'agent.json', '--bins', '3'], code: 2, message: /--bins cannot be combined with it/ },
  { name: '--agent with a binary file', files: { 'agent.json': new Uint8Array([0, 1, 2, 255, 254]) }, args: ['backtest', '--symbol', 'SYN-TREND', '--data-dir', 'data', '--no-report', '--agent', 'agent.json'], code: 1, message: /agent\.json: not valid JSON/ },
  { name: '--agent for another strategy', files: { 'agent.json': '{}' }, args: ['backtest', '--symbol', 'SYN-TREND', '--data-dir', 'data', '--no-report', '--agent', 'agent.json', '--strategy', 'manual'], code: 2, message: /--agent loads a Dyna-Q agent/ },
  { name: '--strategy file missing', args: backtest('--strategy', './none.mjs'), code: 2, message: /--strategy \.\/none\.mjs: no such file/ },
  { name: '--strategy file is a folder', folders: ['dir.mjs'], args: backtest('--strategy', 'dir.mjs'), code: 2, message: /--strategy dir\.mjs: not a file/ },
  { name: '--strategy file throwing at import', files: { 'boom.mjs': "throw new Error('boom at import')\n" }, args: backtest('--strategy', './boom.mjs'), code: 1, message: /--strategy \.\/boom\.mjs: cannot load it: boom at import/ },
  { name: '--strategy whose decide throws', files: { 'throws.mjs': "export default { name: 't', decide() { throw new TypeError('bad day') } };\n" }, args: ['backtest', '--symbol', 'SYN-TREND', '--data-dir', 'data', '--no-report', '--strategy', './throws.mjs'], code: 1, message: /strategy 't' \(--strategy \.\/throws\.mjs\) failed in decide\(\) on 2008-\d\d-\d\d: bad day/ },
  // --- strategy code that misbehaves: it runs on a pool thread, so the run ends with one line naming the file ---
  ...(
    [
      ['loops forever in decide', 'export default { name: "loop", decide(day) { if (day.index > 3) { for (;;) {} } return "long"; } };', /--strategy \.\/s\.mjs: decide\(\) on 2008-\d\d-\d\d did not return within 0\.5 s and was stopped/],
      ['calls process.exit', 'export default { name: "quit", decide(day) { if (day.index > 3) process.exit(0); return "long"; } };', /strategy 'quit' \(--strategy \.\/s\.mjs\) failed in decide\(\) on 2008-\d\d-\d\d: called process\.exit\(0\)/],
      ['returns a cyclic object', 'export default { name: "cyc", decide() { const a = {}; a.self = a; return a; } };', /strategy 'cyc' .* decide\(\) on 2008-\d\d-\d\d returned <ref \*1> \{ self: \[Circular \*1\] \}; accepted: 'long'/],
      ['returns a promise', 'export default { name: "async", async decide() { return "long"; } };', /decide\(\) on 2008-\d\d-\d\d returned a Promise; decide\(\) must return its decision synchronously/],
      ['leaves a rejected promise', 'export default { name: "rej", decide(day) { if (day.index === 3) Promise.reject(new Error("nobody waits")); return null; } };', /strategy --strategy \.\/s\.mjs: it left a promise rejected that nothing awaited: nobody waits/],
      ['overwrites a field of its day', 'export default { name: "ow", decide(day) { day.close = 1; return "long"; } };', /strategy 'ow' .* failed in decide\(\) on 2008-\d\d-\d\d: Cannot set property close of .* which has only a getter/],
      ['turns a string into code', 'export default { name: "ev", decide() { return new Function("return 1")() ? "long" : null; } };', /failed in decide\(\) on 2008-\d\d-\d\d: a strategy may not turn strings into code/],
      ['imports node:fs', 'import { readFileSync } from "node:fs"; export default { name: "fs", decide() { return readFileSync ? "long" : null; } };', /--strategy \.\/s\.mjs: cannot load it: 'node:fs': a strategy may not use Node's fs/],
      ['imports fs by a computed name', 'const m = "f" + "s"; export default { name: "dyn", decide() { import(m); return null; } };', /a strategy may not import 'fs'/],
      ['reaches process.binding', 'export default { name: "bind", decide() { return process.binding("fs") ? "long" : null; } };', /failed in decide\(\) on 2008-\d\d-\d\d: process\.binding is not a function/],
      ['asks dynaq for loadPrices', 'import { loadPrices } from "dynaq"; export default { name: "lp", decide() { return loadPrices ? "long" : null; } };', /'loadPrices' from 'dynaq' is not available inside a strategy/],
      ['loops forever at import', 'for (;;) {}\nexport default { name: "x", decide() { return null; } };', /--strategy \.\/s\.mjs: .*did not return within 0\.5 s and was stopped/],
    ] as const
  ).map(([what, code, message]): HostileCase => ({
    name: `a strategy that ${what}`,
    files: { 's.mjs': `${code}\n` },
    args: ['backtest', '--symbol', 'SYN-TREND', '--data-dir', 'data', '--no-report', '--strategy', './s.mjs', '--time-budget', '0.5'],
    code: 1,
    message,
  })),
  // --- data folders ---
  { name: 'manifest that is not JSON', files: { 'data3/dynaq-data.json': '{', 'data3/X.csv': priceFile(30) }, args: ['data', '--data-dir', 'data3'], code: 1, message: /dynaq-data\.json: not valid JSON/ },
  { name: 'manifest calendar without a file', files: { 'data3/dynaq-data.json': '{"calendar":"GHOST"}', 'data3/X.csv': priceFile(30) }, args: ['data', '--data-dir', 'data3', 'X'], code: 1, message: /dynaq-data\.json names the calendar 'GHOST', but .* has no GHOST\.csv/ },
  { name: 'manifest defaultSymbol not text', files: { 'data3/dynaq-data.json': '{"calendar":"X","defaultSymbol":5}', 'data3/X.csv': priceFile(30) }, args: ['backtest', '--data-dir', 'data3'], code: 1, message: /field 'defaultSymbol' must be a symbol name/ },
  { name: 'no calendar and no manifest', files: { 'data3/X.csv': priceFile(30) }, args: ['data', '--data-dir', 'data3', 'X'], code: 2, message: /has no SPY\.csv to serve as the trading calendar: name one with --calendar/ },
  { name: 'no default symbol', files: { 'data3/X.csv': priceFile(30), 'data3/dynaq-data.json': '{"calendar":"X"}' }, args: ['backtest', '--data-dir', 'data3'], code: 2, message: /name the symbol to trade with --symbol SYMBOL; .* has X/ },
  // --- other commands ---
  { name: 'synth --out at a file', files: { 'taken': 'x' }, args: ['synth', '--out', 'taken'], code: 2, message: /--out .*taken: .*taken is a file, so no folder can be made under it; choose another --out/ },
  { name: 'synth --start after --end', args: ['synth', '--out', 'synth-out', '--start', '2012-01-01', '--end', '2010-01-01'], code: 2, message: /--start 2012-01-01 is after --end 2010-01-01/ },
  { name: 'synth --planted nonsense', args: ['synth', '--out', 'synth-out', '--planted', 'trend:0:2'], code: 2, message: /--planted must be one of trend:H:S, .*got 'trend:0:2'/ },
  { name: 'compare --symbols empty', args: ['compare', '--symbols', '', '--data-dir', 'data'], code: 2, message: /--symbols names no symbol/ },
  { name: 'compare --symbols of commas', args: ['compare', '--symbols', ',,', '--data-dir', 'data'], code: 2, message: /--symbols names no symbol/ },
  { name: 'marketsim missing file', args: ['marketsim', 'none.csv', '--data-dir', 'data'], code: 1, message: /none\.csv/ },
  { name: 'marketsim bad Order', files: { 'orders.csv': 'Date,Symbol,Order,Shares\n2008-01-02,SYN-TREND,HOLD,5\n' }, args: ['marketsim', 'orders.csv', '--data-dir', 'data'], code: 1, message: /orders\.csv:2: Order 'HOLD'/ },
  { name: 'marketsim fractional shares', files: { 'orders.csv': 'Date,Symbol,Order,Shares\n2008-01-02,SYN-TREND,BUY,1.5\n' }, args: ['marketsim', 'orders.csv', '--data-dir', 'data'], code: 1, message: /orders\.csv:2: Shares '1\.5'/ },
  { name: 'marketsim --impact abc', files: { 'orders.csv': 'Date,Symbol,Order,Shares\n2008-01-02,SYN-TREND,BUY,5\n' }, args: ['marketsim', 'orders.csv', '--impact', 'abc', '--data-dir', 'data'], code: 2, message: /--impact must be a decimal number/ },
  { name: 'gridworld missing world', args: ['gridworld', 'none.csv'], code: 1, message: /none\.csv/ },
  { name: 'gridworld world with a bad cell', files: { 'w.csv': '0,9\n2,3\n' }, args: ['gridworld', 'w.csv'], code: 1, message: /w\.csv/ },
  { name: 'new-strategy bad name', args: ['new-strategy', 'a/b'], code: 2, message: /name 'a\/b' must be letters/ },
  { name: 'experiment impact --impacts abc', args: ['experiment', 'impact', '--impacts', 'abc', '--data-dir', 'data'], code: 2, message: /--impacts must be a comma-separated list/ },
  // --- output paths where nothing can be written: refused before any work, at once (mkdir -p under /proc never returns) ---
  { name: 'backtest --out under /proc', args: [...backtest().filter((arg) => arg !== '--no-report'), '--out', '/proc/dynaq-hostile'], code: 2, message: /--out \/proc\/dynaq-hostile: no file can be created in \/proc \(ENOENT\); choose another --out/ },
  { name: 'backtest --out under /proc, two levels down', args: [...backtest().filter((arg) => arg !== '--no-report'), '--out', '/proc/dynaq/a/b'], code: 2, message: /--out \/proc\/dynaq\/a\/b: no file can be created in \/proc/ },
  { name: 'walkforward --out under /proc', args: ['walkforward', '--symbol', 'SYN-TREND', '--data-dir', 'data', '--start', '2008-01-01', '--end', '2010-12-31', '--train-days', '100', '--test-days', '100', '--out', '/proc/dynaq-hostile'], code: 2, message: /--out \/proc\/dynaq-hostile: no file can be created in \/proc/ },
  { name: 'marketsim --out under /proc', files: { 'orders.csv': 'Date,Symbol,Order,Shares\n2008-01-02,SYN-TREND,BUY,5\n' }, args: ['marketsim', 'orders.csv', '--data-dir', 'data', '--out', '/proc/dynaq-values.csv'], code: 2, message: /--out \/proc\/dynaq-values\.csv: no file can be created in \/proc/ },
  { name: 'marketsim --out is a folder', folders: ['somewhere'], files: { 'orders.csv': 'Date,Symbol,Order,Shares\n2008-01-02,SYN-TREND,BUY,5\n' }, args: ['marketsim', 'orders.csv', '--data-dir', 'data', '--out', 'somewhere'], code: 2, message: /--out .*somewhere: it is a folder; name the CSV file to write/ },
  { name: 'synth --out under /proc', args: ['synth', '--out', '/proc/dynaq-synth'], code: 2, message: /--out \/proc\/dynaq-synth: no file can be created in \/proc/ },
  { name: 'sweep --out under /proc', args: ['sweep', '--symbols', 'SYN-TREND', '--data-dir', 'data', '--out', '/proc/dynaq-sweep'], code: 2, message: /--out \/proc\/dynaq-sweep: no file can be created in \/proc/ },
  { name: 'sweep --out under a file', files: { 'occupied': 'x' }, args: ['sweep', '--symbols', 'SYN-TREND', '--data-dir', 'data', '--out', 'occupied/sweep'], code: 2, message: /--out .*occupied\/sweep: .*occupied is a file, so no folder can be made under it/ },
  { name: 'experiment impact --out under /proc', args: ['experiment', 'impact', '--symbol', 'SYN-TREND', '--data-dir', 'data', '--impacts', '0,0.01', '--epochs', '2', '--out', '/proc/dynaq-impact'], code: 2, message: /--out \/proc\/dynaq-impact: no file can be created in \/proc/ },
  // --- messages in the user's words: the flags and files given, the accepted range ---
  { name: '--bins x --indicators too many states', args: backtest('--bins', '100', '--indicators', 'momentum:5,momentum:10,momentum:20,rsi:14'), code: 2, message: /--bins 100 with 4 indicators \(--indicators\) makes 100\^4 market states .* use at most 3 indicators, or fewer --bins/ },
  { name: '--bins x --indicators too many states (no internal option named)', args: backtest('--bins', '20', '--indicators', 'momentum:2,momentum:3,momentum:4,momentum:5,momentum:6,momentum:7'), code: 2, message: /^(?!.*QLearner)(?!.*numStates).*--bins 20 with 6 indicators/ },
  { name: 'sweep --grid bins too many states', args: ['sweep', '--symbols', 'SYN-TREND', '--data-dir', 'data', '--grid', 'bins=2,100', '--indicators', 'momentum:5,momentum:10,momentum:20,rsi:14', '--out', 'g'], code: 2, message: /^(?!.*QLearner)dynaq: --grid bins=100: --bins 100 with 4 indicators .*use at most 3 indicators/ },
  { name: 'windows entirely before the data', args: backtest('--train', '1990-01-01:1995-12-31', '--test', '1996-01-01:1997-01-01'), code: 2, message: /--train 1990-01-01:1995-12-31 and --test 1996-01-01:1997-01-01 have no trading day in the data: SYN-MARKET\.csv \(the calendar\) covers 2005-01-03\.\.2012-12-31/ },
  { name: 'test window entirely after the data', args: backtest('--test', '2020-01-01:2021-01-01'), code: 2, message: /--test 2020-01-01:2021-01-01 has no trading days: the data covers 2005-01-03\.\.2012-12-31/ },
  { name: 'walkforward range entirely before the data', args: ['walkforward', '--symbol', 'SYN-TREND', '--data-dir', 'data', '--start', '1990-01-01', '--end', '1995-01-01', '--train-days', '100', '--test-days', '50', '--no-report'], code: 2, message: /--start 1990-01-01 --end 1995-01-01 holds no trading day in the data: SYN-MARKET\.csv \(the calendar\) covers 2005-01-03\.\.2012-12-31/ },
  { name: 'data --start after the data', args: [...data('SYN-TREND'), '--start', '2030-01-01'], code: 2, message: /--start 2030-01-01 holds no trading day in the data: SYN-MARKET\.csv \(the calendar\) covers 2005-01-03\.\.2012-12-31/ },
  { name: 'marketsim orders entirely before the data', files: { 'orders.csv': 'Date,Symbol,Order,Shares\n1990-01-02,SYN-TREND,BUY,5\n1990-02-01,SYN-TREND,SELL,5\n' }, args: ['marketsim', 'orders.csv', '--data-dir', 'data'], code: 1, message: /orders\.csv: its orders from 1990-01-02 to 1990-02-01 fall on no trading day in the data: SYN-MARKET\.csv \(the calendar\) covers 2005-01-03\.\.2012-12-31/ },
  { name: 'marketsim orders entirely after the data', files: { 'orders.csv': 'Date,Symbol,Order,Shares\n2030-01-02,SYN-TREND,BUY,5\n' }, args: ['marketsim', 'orders.csv', '--data-dir', 'data'], code: 1, message: /orders\.csv: its orders from 2030-01-02 to 2030-01-02 fall on no trading day in the data: .* covers 2005-01-03\.\.2012-12-31/ },
  { name: 'manifest that is a list', files: { 'data3/dynaq-data.json': '[]', 'data3/X.csv': priceFile(30) }, args: ['data', '--data-dir', 'data3'], code: 1, message: /dynaq-data\.json: must be a JSON object such as \{"calendar": "SPY", "defaultSymbol": "JPM"\}, got a list/ },
  { name: 'manifest that is null', files: { 'data3/dynaq-data.json': 'null', 'data3/X.csv': priceFile(30) }, args: ['data', '--data-dir', 'data3'], code: 1, message: /dynaq-data\.json: must be a JSON object .*got null/ },
  { name: 'manifest cut short', files: { 'data3/dynaq-data.json': '{"calendar": "X"', 'data3/X.csv': priceFile(30) }, args: ['data', '--data-dir', 'data3'], code: 1, message: /dynaq-data\.json: not valid JSON \(.*\); it is an object such as \{"calendar": "SPY"/ },
  { name: 'manifest calendar not text', files: { 'data3/dynaq-data.json': '{"calendar": 5}', 'data3/X.csv': priceFile(30) }, args: ['data', '--data-dir', 'data3'], code: 1, message: /dynaq-data\.json: field 'calendar' must be a symbol name/ },
  { name: 'experiment learning --families nonsense', args: ['experiment', 'learning', '--families', 'sideways:5:0.1', '--sections', 'planted'], code: 2, message: /--families must be one of trend:H:S, .*got 'sideways:5:0\.1'/ },
];
