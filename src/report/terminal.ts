import { createRequire } from 'node:module';
import pc from 'picocolors';
import { formatMarked, signOf, WIPED_OUT_MARK, wipedOutLegend } from './format.js';
import { windowGroups, type ReportStrategy, type StatisticsTable } from './model.js';

export interface TerminalTableOptions {
  /** Colour output; pass the stream's `isTTY` (and honour NO_COLOR) — never decided here. */
  readonly color: boolean;
  /** Strategies to highlight (bold header); optional. */
  readonly strategies?: readonly ReportStrategy[];
  /** Only these statistic keys, in this order; default all rows. */
  readonly keys?: readonly string[];
}

/** Printable width of a cell (ANSI codes take no room). */
const visibleLength = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '').length;

/**
 * A compact table comparing the strategies: one row per statistic, one column per strategy and
 * window, windows as a spanning header line. Returns text ending in a newline.
 */
export function formatStatisticsTable(table: StatisticsTable, options: TerminalTableOptions): string {
  const colors = pc.createColors(options.color);
  const highlighted = new Set((options.strategies ?? []).filter((strategy) => strategy.highlight).map((strategy) => strategy.name));
  const rows = options.keys
    ? options.keys.map((key) => {
        const row = table.rows.find((candidate) => candidate.key === key);
        if (!row) throw new Error(`statistics table has no row "${key}"`);
        return row;
      })
    : table.rows;
  const { columns } = table;
  // A wiped-out account's column: its heading and every figure of its value carry the mark.
  const wiped = columns.map((column) => (column.wipedOutOn ?? null) !== null);
  const header = ['', ...columns.map((column, index) => (wiped[index] ? `${column.strategy} ${WIPED_OUT_MARK}` : column.strategy))];
  const body = rows.map((row) => [
    row.label,
    ...row.values.map((value, index) => formatMarked(value, row.unit, wiped[index]!)),
  ]);
  const widths = header.map((title, index) => Math.max(title.length, ...body.map((cells) => cells[index]!.length)));
  // A window name wider than its columns widens the last of them.
  const groups = windowGroups(columns);
  for (const group of groups) {
    const span = group.count === 0 ? 0 : widths.slice(group.start + 1, group.start + 1 + group.count).reduce((sum, width) => sum + width, 0) + 2 * (group.count - 1);
    if (group.window.length > span) widths[group.start + group.count]! += group.window.length - span;
  }
  const gap = '  ';
  const pad = (text: string, index: number) => {
    const fill = ' '.repeat(Math.max(0, widths[index]! - visibleLength(text)));
    return index === 0 ? text + fill : fill + text;
  };
  const lines: string[] = [];
  if (groups.some((group) => group.window !== '')) {
    let line = ' '.repeat(widths[0]!);
    for (const group of groups) {
      const span = widths.slice(group.start + 1, group.start + 1 + group.count).reduce((sum, width) => sum + width, 0) + 2 * (group.count - 1);
      const title = group.window;
      const left = Math.floor((span - title.length) / 2);
      line += gap + ' '.repeat(left) + colors.bold(title) + ' '.repeat(span - title.length - left);
    }
    lines.push(line.trimEnd());
  }
  lines.push(
    header
      .map((title, index) => {
        const cell = pad(title, index);
        if (index === 0) return cell;
        const padding = cell.slice(0, cell.length - title.length);
        const styled = highlighted.has(columns[index - 1]!.strategy) ? colors.bold(colors.cyan(title)) : colors.bold(title);
        return padding + styled;
      })
      .join(gap),
  );
  lines.push(widths.map((width) => '-'.repeat(width)).join(gap));
  rows.forEach((row, rowIndex) => {
    const cells = body[rowIndex]!.map((text, index) => {
      const cell = pad(text, index);
      if (index === 0) return cell;
      const value = row.values[index - 1]!;
      if (value === null) return colors.dim(cell);
      const sign = row.signed ? signOf(value, row.unit) : 0;
      return sign > 0 ? colors.green(cell) : sign < 0 ? colors.red(cell) : cell;
    });
    lines.push(cells.join(gap).trimEnd());
  });
  const wipedAccounts = columns
    .filter((_, index) => wiped[index])
    .map((column) => ({ name: column.window === '' ? column.strategy : `${column.strategy}, ${column.window.toLowerCase()}`, date: column.wipedOutOn! }));
  if (wipedAccounts.length > 0) lines.push(colors.red(wipedOutLegend(wipedAccounts)));
  return lines.join('\n') + '\n';
}


export interface Progress {
  /** Sets the position (0..total); `detail` is shown after the counts, e.g. "planning 12,000"; `total` changes the end. */
  update(value: number, detail?: string, total?: number): void;
  /** Ends the bar (leaves the final state on screen); further calls are ignored. */
  stop(): void;
}

export interface ProgressOptions {
  /** Draw the bar; pass the stream's `isTTY`. When false every call is a no-op. */
  readonly enabled: boolean;
  readonly total: number;
  readonly label: string;
  /** Where to draw; default stderr, so stdout stays clean for tables and JSON. */
  readonly stream?: { write(text: string): unknown };
  /**
   * Estimate the time left from the units done since the bar started (a sweep's jobs): the rate
   * observed in this run, so units done by an earlier run (a resumed sweep) or a slow start do
   * not skew it. Without it the bar's own estimate over its last updates is shown.
   */
  readonly observedEta?: boolean;
}

/** `4m 05s`, `12s`: a duration for the bar. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole}s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes}m ${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

const SILENT: Progress = { update() {}, stop() {} };

/** A progress bar (cli-progress) for training epochs or planning updates; silent when not enabled. */
export function createProgress(options: ProgressOptions): Progress {
  if (!options.enabled) return SILENT;
  // cli-progress is loaded only when a bar is drawn (a terminal): piped runs do not pay for it
  const cliProgress = createRequire(import.meta.url)('cli-progress') as typeof import('cli-progress');
  const bar = new cliProgress.SingleBar(
    {
      format: `${options.label.replace(/[{}]/g, '')} {bar} {percentage}% | {value}/{total} | ${options.observedEta ? '{left}' : '{eta_formatted}'} {detail}`,
      stream: (options.stream ?? process.stderr) as NodeJS.WritableStream,
      barsize: 28,
      // Not hidden: a run killed by Ctrl-C during (synchronous) training could not show it again.
      hideCursor: false,
      clearOnComplete: false,
      etaBuffer: 20,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(options.total, 0, { detail: '', left: '—' });
  let stopped = false;
  // the observed rate: units and time since the first update (what an earlier run did is not this run's speed)
  let since: { value: number; time: number } | null = null;
  const left = (value: number): string => {
    if (since === null) {
      since = { value, time: performance.now() };
      return '—';
    }
    const done = value - since.value;
    if (done <= 0) return '—';
    const rate = done / ((performance.now() - since.time) / 1000);
    return `${formatDuration((bar.getTotal() - value) / rate)} left`;
  };
  // Forward at most ~500 steps over the run, so calling this once per trading day or planning
  // batch costs next to nothing; the final value always goes through.
  const step = Math.max(1, options.total / 500);
  let shown = 0;
  return {
    update(value, detail, total) {
      if (total !== undefined && total !== bar.getTotal()) bar.setTotal(total);
      if (stopped || (value - shown < step && value < bar.getTotal() && value > shown)) return;
      shown = value;
      bar.update(value, { detail: detail ?? '', ...(options.observedEta ? { left: left(value) } : {}) });
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}
