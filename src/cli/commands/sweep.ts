import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command, Option } from 'commander';
import { parseUserDate } from '../../data/dates.js';
import { listSymbols } from '../../data/data-dir.js';
import { parseSymbolList, seriesKind } from '../../data/symbols.js';
import { isUserError, UserError, userFsError } from '../../errors.js';
import { EXCESS_RETURN, summarizeSweep, type SweepObjective } from '../../evaluation/sweep-summary.js';
import { parseConstraint } from '../../evaluation/constraint.js';
import type { PortfolioStats } from '../../metrics/stats.js';
import { checkWritable, makeFolders, writeFileAtomic } from '../../fs-atomic.js';
import type { JobResult } from '../../jobs/job.js';
import { planJobs } from '../../jobs/plan.js';
import { queueSecret } from '../../jobs/queue-trust.js';
import { finalizeResults, JobOrder, openResults, readResults, RESULTS_FILE, RunClock, runLocal, setAsideResults, SUPERSEDED_FILE, sweepPool } from '../../jobs/sweep.js';
import { lockOutputFolder } from '../../jobs/lock.js';
import type { WorkerPool } from '../../jobs/pool.js';
import { VERSION } from '../../version.js';
import { WIPED_OUT_MARK } from '../../report/format.js';
import { createProgress } from '../../report/terminal.js';
import { addBacktestOptions, checkStateSpace, chooseStrategy, paramFlag, settingParser, tradingSetup, windows, type BacktestFlags } from '../backtest-options.js';
import { DYNA_Q_SETTINGS, SETUP_SETTINGS } from '../../defaults.js';
import { parseParamText, type ParamDefinition } from '../../strategy/params.js';
import type { ParamValue } from '../../strategy/contract.js';
import { canonicalJson } from '../../values.js';
import { resolveDataFlags } from '../data-options.js';
import type { CliIO } from '../io.js';
import { parseChoiceOption, parseNumberOption, typedCommandLine } from '../options.js';
import type { RegisterCommand } from '../command.js';
import { addWalkForwardOptions, jobsOption, noPngOption, pngOption, strategyOption, givenFlags, WALK_FORWARD_FLAGS, WINDOW_FLAGS, type WalkForwardFlagValues } from '../common-options.js';

/**
 * jobs/queue.ts's DEFAULT_CONNECT_TIMEOUT: that module loads BullMQ and ioredis, so it is imported
 * only when --queue is given (test/cli/startup.test.ts checks the two agree).
 */
export const QUEUE_CONNECT_TIMEOUT = 5;

interface SweepFlags extends BacktestFlags, WalkForwardFlagValues {
  symbols?: string;
  symbolsFile?: string;
  all?: boolean;
  includeSpecial?: boolean;
  seeds: string;
  grid: string[];
  param: string[];
  maximize: ObjectiveName;
  constraint: string[];
  strategy: string;
  walkforward?: boolean;
  jobs: number;
  queue?: string;
  connectTimeout: number;
  out: string;
  json?: boolean;
  /** --png; undefined (no PNG) by default. */
  png?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `dynaq sweep`: symbols x seeds x grid values, on every core or on a Redis queue, with the evidence a result needs. */
export const register: RegisterCommand = (program, io) => {
  const command = addBacktestOptions(
    addWalkForwardOptions(
      program
        .command('sweep')
        .alias('optimize')
        .description('run a backtest (or walk-forward) per symbol x seed x grid value on every core or a Redis queue; results.jsonl, results.csv, summary.json, report.html; with a grid, the best setting in sample (--maximize) and how it fares out of sample, with heatmaps')
        .option('--symbols <list>', 'comma-separated symbols')
        .option('--symbols-file <file>', 'symbols, one per line')
        .option('--all', 'every stock of the data folder: the calendar, indices ($SPX ...) and synthetic series (ML4T-220, SINE_*, FAKE*) are left out')
        .option('--include-special', 'with --all: the calendar, index and synthetic series too')
        .option('--seeds <list>', 'learner seeds, comma-separated', '1')
        .option('--grid <name=v1,v2>', "a setting and its values, e.g. dyna=0,200 or fast=5,10,20 (repeatable; a setup flag's name or a parameter of the strategy)", collect, [])
        .option('--maximize <statistic>', `what the grid's best setting is chosen by, in sample (the median over symbols and seeds): ${OBJECTIVES.join(', ')}`, parseChoiceOption('--maximize', OBJECTIVES), 'excessReturn')
        .option('--constraint <expression>', "only grid combinations for which it holds, e.g. 'fast < slow' (repeatable)", collect, [])
        .addOption(strategyOption())
        .option('--walkforward', 'each job is a walk-forward (needs --start, --end, --train-days, --test-days)')
        .addOption(jobsOption())
        .option('--queue <redis-url>', 'put the jobs, signed with DYNAQ_QUEUE_SECRET, on a BullMQ queue in Redis for `dynaq worker` processes on any machine: redis://[USER:PASSWORD@]HOST[:PORT][/DB], or rediss:// for TLS')
        .option('--connect-timeout <seconds>', 'with --queue: how long to wait for Redis, at the start and when it stops answering', parseNumberOption('--connect-timeout', 0.1, 3600), QUEUE_CONNECT_TIMEOUT)
        .requiredOption('--out <dir>', 'output folder (a second run with the same --out resumes: finished jobs are skipped)')
        .option('--json', 'print summary.json')
        .addOption(pngOption())
        .addOption(noPngOption()),
      false,
    ),
  );
  command.action(async (flags: SweepFlags, self: Command) => {
    // the queue's URL, secret and Redis are checked before any work (planning hashes every price file)
    const queue = flags.queue !== undefined ? await import('../../jobs/queue.js') : null;
    if (flags.queue !== undefined) queue!.parseRedisUrl(flags.queue);
    const secret = flags.queue !== undefined ? queueSecret(io.env) : '';
    if (flags.queue !== undefined) await queue!.checkRedis(flags.queue, flags.connectTimeout);
    refuseFlagsThatDoNotApply(self, flags);
    const { dataDir, calendar } = resolveDataFlags(flags, io);
    // the output folder is checked before planning (which reads every price file)
    const out = resolve(io.cwd, flags.out);
    checkWritable(join(out, RESULTS_FILE), '--out', out);
    const symbols = sweepSymbols(flags, dataDir, calendar, io);
    // one pool for the command: the thread that inspects a strategy file then runs its jobs
    // jobs go to its threads in batches, two batches at a time: a thread's next batch waits in its queue, so it never idles while this thread records results
    const pool = flags.queue === undefined ? sweepPool(flags.jobs, flags.timeBudget) : undefined;
    try {
      await sweepWith(pool);
    } finally {
      await pool?.destroy();
    }

    async function sweepWith(pool: WorkerPool | undefined): Promise<void> {
      const chosen = await chooseStrategy(flags.strategy, flags, io.cwd, {}, pool);
      const grid = parseGrid(flags.grid, self, chosen.facts.declared);
      const constraints = flags.constraint.map((text) => parseConstraint(text, grid.names));
      const combinations = grid.combinations.filter((values) => constraints.every((holds) => holds(values)));
      if (chosen.source.kind === 'built-in' && chosen.source.name === 'dyna-q') {
        // each combination's state space, before any job: not a learner's option error in every job
        for (const combination of combinations) {
          try {
            checkStateSpace({ ...chosen.facts.settings, ...combination });
          } catch (error) {
            throw isUserError(error) ? new UserError(`--grid ${Object.entries(combination).map(([name, value]) => `${name}=${String(value)}`).join(' ')}: ${error.message}`, 2) : error;
          }
        }
      }
      if (combinations.length === 0) throw new UserError(`--constraint leaves none of the ${grid.combinations.length} grid combinations.`, 2);
      const seeds = sweepSeeds(flags, self, chosen.facts.declared, grid);
      const walkforward = flags.walkforward
        ? {
            start: parseUserDate(required(flags.start, '--start'), '--start'),
            end: parseUserDate(required(flags.end, '--end'), '--end'),
            trainDays: required(flags.trainDays, '--train-days'),
            testDays: required(flags.testDays, '--test-days'),
            ...(flags.stepDays !== undefined ? { stepDays: flags.stepDays } : {}),
            anchored: flags.anchored ?? false,
          }
        : null;
      const setupNames = new Set(Object.keys(SETUP_SETTINGS).concat(['fill', 'train', 'test']));
      const jobs = planJobs({
        symbols,
        seeds,
        grid: combinations,
        strategy: chosen.source,
        configure: (values) => {
          // grid values of the setup go to the setup, the others are the strategy's parameters
          const setupValues = Object.fromEntries(Object.entries(values).filter(([name]) => setupNames.has(name)));
          const paramValues = Object.fromEntries(Object.entries(values).filter(([name]) => !setupNames.has(name)));
          const jobFlags = { ...flags, ...setupValues } as SweepFlags;
          return { params: { ...chosen.given, ...paramValues }, setup: tradingSetup(jobFlags), windows: windows(jobFlags) };
        },
        walkforward,
        dataDir,
        calendar,
      });
      try {
        makeFolders(out);
      } catch (error) {
        throw userFsError(error, out, '--out: cannot create the folder', 2);
      }
      const release = lockOutputFolder(out);
      try {
        await runSweep();
      } finally {
        release();
      }

      async function runSweep(): Promise<void> {
        const planned = new Set(jobs.map((job) => job.id));
        const earlier = readResults(out);
        // Earlier results of other inputs (an edited strategy, other data, settings or engine) are
        // set aside, said, and their jobs run again: none is taken for a result of these inputs.
        const superseded = earlier.filter((result) => !planned.has(result.id));
        if (superseded.length > 0) setAsideResults(out, superseded);
        const done = new Map(earlier.filter((result) => planned.has(result.id)).map((result) => [result.id, result]));
        const pending = jobs.filter((job) => !done.has(job.id));
        const progress = createProgress({ enabled: io.isTTY && !flags.json, total: jobs.length, label: 'jobs', observedEta: true });
        const clock = new RunClock();
        progress.update(done.size);
        const abort = new AbortController();
        let signalled = 'SIGINT' as NodeJS.Signals;
        // once: a second signal while the run winds down ends the process at once
        const interrupt = (signal: NodeJS.Signals) => {
          signalled = signal;
          abort.abort();
        };
        process.once('SIGINT', interrupt);
        process.once('SIGTERM', interrupt);
        let failures: { id: string; error: string }[];
        // the lines written, by job id: a results.jsonl rewritten in job order at the end is made of
        // them (not kept when the file is written in job order as it goes: any line missing then is
        // written again from its result)
        const lines = new Map<string, string>();
        // a fresh local run writes results.jsonl in job order as it goes (nothing to reorder at the end),
        // on a file of its own (one with no result in it has at most blank lines, dropped here)
        const inOrder = flags.queue === undefined && earlier.length === 0;
        if (inOrder) writeFileSync(join(out, RESULTS_FILE), ''); // there even when every job fails
        const appender = openResults(out);
        // the report's modules load while the jobs run elsewhere (this thread mostly waits for them)
        const reportModules = import('../../jobs/sweep-report.js').then((module) => {
          module.preloadReport();
          return module;
        });
        reportModules.catch(() => {}); // a failure surfaces where the report is written
        const record = (result: JobResult) => {
          const line = appender.append(result);
          if (!inOrder) lines.set(result.id, line);
        };
        const order = inOrder ? new JobOrder(pending.map((job) => job.id), record) : null;
        try {
          const onResult = (result: JobResult) => {
            if (done.has(result.id)) return; // a retried job that landed twice: keep the first
            done.set(result.id, result);
            if (order !== null) order.done(result);
            else record(result);
            progress.update(done.size);
          };
          const onFailure = (id: string) => order?.failed(id);
          failures = flags.queue
            ? await queue!.runQueued(pending, { url: flags.queue, secret, connectTimeoutSeconds: flags.connectTimeout, onResult, signal: abort.signal })
            : await runLocal(pending, { workers: flags.jobs, timeBudgetSeconds: flags.timeBudget, onResult, onFailure, signal: abort.signal, clock, ...(pool ? { pool } : {}) });
        } catch (error) {
          // Redis went away mid-sweep: every result that arrived is in results.jsonl already
          if (isUserError(error) && done.size > 0) {
            throw new UserError(`${error.message} ${done.size} of ${jobs.length} jobs are in ${join(out, 'results.jsonl')}; run the same command again to finish the rest.`, error.exitCode);
          }
          throw error;
        } finally {
          process.removeListener('SIGINT', interrupt);
          process.removeListener('SIGTERM', interrupt);
          progress.stop();
          order?.flush();
          appender.close();
        }
        if (abort.signal.aborted) {
          // 130/143 as for a process a signal ended (the message's exit code is what the CLI returns)
          throw new UserError(`interrupted: ${done.size} of ${jobs.length} jobs are in ${join(out, 'results.jsonl')}; run the same command again to finish the rest.`, signalled === 'SIGTERM' ? 143 : 130);
        }
        if (superseded.length > 0) {
          io.stderr(`dynaq: ${superseded.length} earlier result(s) in ${out} came from other inputs (strategy code, data, settings or engine); they are kept in ${SUPERSEDED_FILE} and their jobs were run again.\n`);
        }
        const results = finalizeResults(out, jobs, [...done.values()], lines, order !== null && !order.outOfOrder);
        const { resultsCsv, sweepReportFiles } = await reportModules;
        const summary = { ...summarizeSweep(results, objectiveOf(flags.maximize)), timing: flags.queue ? null : clock.summary() };
        writeFileAtomic(join(out, 'results.csv'), resultsCsv(results));
        writeFileAtomic(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
        for (const file of await sweepReportFiles(results, summary, { commandLine: typedCommandLine(self), png: flags.png === true, version: VERSION })) {
          writeFileAtomic(join(out, ...file.name.split('/')), file.content);
        }
        for (const failure of failures) io.stderr(`dynaq: job ${failure.id} failed: ${failure.error}\n`);
        if (flags.json) io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
        else {
          const s = summary.outOfSample;
          const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(2)}%`);
          io.stdout(
            `${results.length} of ${jobs.length} jobs done (${jobs.length - pending.length} from an earlier run)\n` +
              `out of sample: beats buy-and-hold in ${s.beatsBenchmark} of ${s.total} (sign test p ${s.signTestP.toFixed(4)}), median excess ${percent(s.medianExcessReturn)}` +
              `${s.medianExcessReturnInterval ? ` [${percent(s.medianExcessReturnInterval[0])}, ${percent(s.medianExcessReturnInterval[1])}]` : ''}\n` +
              (s.wipedOut.strategy + s.wipedOut.benchmark + s.wipedOut.manual > 0
                ? `${WIPED_OUT_MARK} wiped out out of sample (value at or below 0, positions closed): the strategy in ${s.wipedOut.strategy}, buy-and-hold in ${s.wipedOut.benchmark}, the manual rules in ${s.wipedOut.manual} of ${s.total} jobs; their figures are marked in report.html, their days are in results.csv\n`
                : '') +
              (summary.grid ? gridLine(summary.grid) : '') +
              (flags.queue ? '' : `${clock.line()}\n`) +
              `report: ${join(out, 'report.html')}\n`,
          );
        }
        if (failures.length > 0) throw new UserError(`${failures.length} of ${jobs.length} jobs failed (listed above); the others are in ${out}.`);
      }
      }
    });
  };

  /** What --maximize may choose: the excess return over buy-and-hold, or a statistic of the strategy (higher is better). */
  const OBJECTIVES = ['excessReturn', 'cumulativeReturn', 'annualizedReturn', 'sharpeRatio', 'sortinoRatio', 'calmarRatio', 'maxDrawdown', 'sqn', 'profitFactor', 'averageTradeProfit', 'winRate', 'kellyCriterion'] as const;
  type ObjectiveName = (typeof OBJECTIVES)[number];

  function objectiveOf(name: ObjectiveName): SweepObjective<PortfolioStats> {
    if (name === 'excessReturn') return EXCESS_RETURN;
    return { name, of: (window) => window.strategy[name] };
  }

  /** The optimization's line: the setting chosen in sample, its figure in and out of sample, and the overfitting measures. */
  function gridLine(grid: NonNullable<ReturnType<typeof summarizeSweep>['grid']>): string {
    const figure = (value: number | null) => (value === null ? '—' : Math.abs(value) < 10 ? value.toFixed(4) : value.toFixed(2));
    const setting = Object.entries(grid.chosen).map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(';') : String(value)}`).join(' ');
    return (
      `best in sample (median ${grid.objective}): ${setting}: ${figure(grid.chosenInSample)} in sample, ${figure(grid.chosenOutOfSample)} out of sample ` +
      `(rank ${grid.chosenOutOfSampleRank} of ${grid.configurations} out of sample; deflated Sharpe ${grid.deflatedSharpeRatio?.toFixed(3) ?? '—'}, ` +
      `probability of backtest overfitting ${grid.probabilityOfBacktestOverfitting?.toFixed(3) ?? '—'})\n`
    );
  }

  /** A window flag with --walkforward, or a walk-forward flag without it, would be ignored: refused instead. */
  function refuseFlagsThatDoNotApply(self: Command, flags: SweepFlags): void {
    if (flags.walkforward) {
      // the folds make the windows
      const [window] = givenFlags(self, WINDOW_FLAGS);
      if (window !== undefined) throw new UserError(`${window} does not apply to a walk-forward sweep: its folds' windows come from --start, --end, --train-days and --test-days.`, 2);
      return;
    }
    const [flag] = givenFlags(self, WALK_FORWARD_FLAGS);
    if (flag !== undefined) throw new UserError(`${flag} applies only to a walk-forward sweep: add --walkforward (with --start, --end, --train-days, --test-days), or leave ${flag} out.`, 2);
  }

  function required<T>(value: T | undefined, flag: string): T {
    if (value === undefined) throw new UserError(`--walkforward needs ${flag}.`, 2);
    return value;
  }

  function sweepSymbols(flags: SweepFlags, dataDir: string, calendar: string, io: CliIO): string[] {
    const cwd = io.cwd;
    if (flags.includeSpecial && flags.all !== true) throw new UserError('--include-special goes with --all.', 2);
    const given = [flags.symbols !== undefined, flags.symbolsFile !== undefined, flags.all === true].filter(Boolean).length;
    if (given !== 1) throw new UserError('sweep needs exactly one of --symbols LIST, --symbols-file FILE, --all.', 2);
    if (flags.symbols !== undefined) return parseSymbolList([flags.symbols], '--symbols', true);
    if (flags.symbolsFile !== undefined) {
      const path = resolve(cwd, flags.symbolsFile);
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        throw userFsError(error, path, '--symbols-file: cannot read', 2);
      }
      return parseSymbolList(text.split(/\r?\n/).filter((line) => line.trim() !== ''), '--symbols-file', true);
    }
    const all = listSymbols(dataDir);
    if (flags.includeSpecial) return all;
    const left = all.filter((symbol) => seriesKind(symbol, calendar) !== 'stock');
    if (left.length > 0) {
      const shown = left.length > 12 ? `${left.slice(0, 12).join(', ')}, ...` : left.join(', ');
      io.stderr(`dynaq: --all: ${all.length - left.length} stocks; left out ${left.length} calendar, index and synthetic series (${shown}); --include-special keeps them.\n`);
    }
    return all.filter((symbol) => seriesKind(symbol, calendar) === 'stock');
  }

  /**
   * `--grid dyna=0,200 --grid bins=2,4` -> every combination. A name is a setting of the trading
   * setup (impact, commission, fill, shares, ...) or a parameter the strategy declares (for Dyna-Q
   * its flags' names, e.g. dyna, bins, reward-model); each value is read by that setting's one parser;
   * a repeated value counts once; a name that applies to neither is refused with what does apply.
   */
  function parseGrid(specs: readonly string[], command: Command, declared: readonly ParamDefinition[]): { combinations: Record<string, ParamValue>[]; names: string[] } {
    let combinations: Record<string, ParamValue>[] = [{}];
    const names: string[] = [];
    const setupOptions = ['--start-value', '--commission', '--impact', '--fill', '--shares', '--fraction', '--margin', '--on-excess', '--train', '--test'];
    for (const spec of specs) {
      const match = /^([a-z][\w-]*)=(.+)$/i.exec(spec);
      if (!match) throw new UserError(`--grid must be NAME=v1,v2 (e.g. dyna=0,200), got '${spec}'.`, 2);
      const typed = match[1]!;
      const option = command.options.find((candidate: Option) => candidate.long === `--${typed}` || candidate.attributeName() === typed);
      const key = option && setupOptions.includes(option.long ?? '') ? option.attributeName() : option?.attributeName() ?? typed;
      const definition = declared.find((candidate) => candidate.name === key);
      const isSetup = option !== undefined && setupOptions.includes(option.long ?? '');
      if (!isSetup && definition === undefined) {
        const params = declared.map((candidate) => candidate.name);
        throw new UserError(
          `--grid ${typed}: not a setting a grid can vary for this strategy; accepted: the setup's ${setupOptions.map((flag) => flag.slice(2)).join(', ')}` +
            `${params.length ? `, and the strategy's parameters ${params.join(', ')}` : ' (the strategy declares no parameters)'}.`,
          2,
        );
      }
      if (names.includes(key)) throw new UserError(`--grid ${typed}: given twice; list every value in one --grid.`, 2);
      names.push(key);
      const values: ParamValue[] = [];
      const seen = new Set<string>();
      for (const text of match[2]!.split(',')) {
        let value: ParamValue;
        try {
          value = isSetup ? (option!.parseArg ? (option!.parseArg(text, undefined as unknown) as ParamValue) : text) : parseParamText(definition!, text, paramFlag(key));
        } catch (error) {
          throw new UserError(`--grid ${typed}: ${(error as Error).message}`, 2);
        }
        const canonical = canonicalJson(value);
        if (seen.has(canonical)) continue; // a repeated value is one job, not two
        seen.add(canonical);
        values.push(value);
      }
      combinations = combinations.flatMap((combination) => values.map((value) => ({ ...combination, [key]: value })));
    }
    return { combinations, names };
  }

  /**
   * The seeds: `--seeds` for a strategy with a `seed` parameter (each value read by the seed's own
   * parser); refused for one without, and beside `--grid seed=`.
   */
  function sweepSeeds(flags: SweepFlags, command: Command, declared: readonly ParamDefinition[], grid: { names: string[] }): number[] | null {
    const given = command.getOptionValueSource('seeds') === 'cli';
    const hasSeed = declared.some((definition) => definition.name === 'seed');
    if (!hasSeed) {
      if (given) throw new UserError(`--seeds does not apply: the strategy declares no seed parameter (it is deterministic).`, 2);
      return null;
    }
    if (grid.names.includes('seed')) {
      if (given) throw new UserError('--seeds and --grid seed=... both set the seeds; give one of them.', 2);
      return null;
    }
    if (flags.seed !== undefined) {
      if (given) throw new UserError(`--seeds and ${paramFlag('seed')} both set the seed; give one of them.`, 2);
      return null; // the one seed is in the given parameters
    }
    const parse = settingParser(DYNA_Q_SETTINGS.seed, 'seed');
    const seeds = parseSymbolList([flags.seeds], '--seeds', true).map((text) => {
      try {
        return parse(text) as number;
      } catch (error) {
        throw new UserError((error as Error).message.replace(DYNA_Q_SETTINGS.seed.flag, '--seeds'), 2);
    }
  });
  return [...new Set(seeds)];
}
