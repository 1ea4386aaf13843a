import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { lightFormat as format } from 'date-fns/lightFormat';
import type { Command } from 'commander';
import { symbolFile } from '../../data/data-dir.js';
import { parseSymbolList } from '../../data/symbols.js';
import { UserError } from '../../errors.js';
import {
  BUILT_IN_VARIANTS,
  criteria,
  DEFAULT_FAMILIES,
  NO_EDGE_MARKET,
  summarizeEfficiency,
  summarizeNoEdge,
  summarizePlanted,
  summarizeReal,
  summarizeWalkForward,
  TRAINING_DAYS,
  walkForwardSymbols,
  type LearningVariant,
} from '../../experiments/learning.js';
import { LEARNING_SECTIONS, learningReportFiles, learningTables, type LearningReport, type LearningSection } from '../../experiments/learning-report.js';
import { runLearningTasks, runsOf, type LearningTask } from '../../experiments/learning-tasks.js';
import { evaluationSymbols, TUNING_SYMBOLS } from '../../experiments/symbol-sets.js';
import { checkDefaultReportParent, checkReportTarget, writeReportFolder } from '../../report/write.js';
import { createProgress } from '../../report/terminal.js';
import { formatPlantedFamily, hasEdge, parsePlantedFamily, PLANTED_GRAMMAR, type PlantedFamily } from '../../synth/planted.js';
import { DEFAULT_DYNA_Q, type DynaQSettings } from '../../agent/index.js';
import { resolveDataFlags, type DataFlags } from '../data-options.js';
import { formatTable } from '../format.js';
import type { CliIO } from '../io.js';
import { parseIntegerOption, parseSeedOption, typedCommandLine } from '../options.js';
import { jobsOption, noPngOption, pngOption } from '../common-options.js';

interface LearningFlags extends DataFlags {
  sections: string;
  families: string;
  seeds: number;
  trainDays: string;
  noedgeMarket: string;
  noedgeSeeds: number;
  symbols?: string;
  symbolsFile?: string;
  set?: string;
  walkforwardNames: number;
  walkforwardSymbols?: string;
  variant: string[];
  learnerSeed: number;
  jobs: number;
  out?: string;
  report: boolean;
  /** --png; undefined (no PNG) by default. */
  png?: boolean;
  json?: boolean;
}

const collect = (text: string, previous: string[] = []) => [...previous, text];

/** `--variant name=key:value;key:value` -> a named set of Dyna-Q settings (numbers and words). */
function variantOf(text: string): LearningVariant {
  const match = /^([\w.-]+)=(.+)$/.exec(text);
  if (!match) throw new UserError(`--variant must be NAME=key:value;key:value, e.g. bins3=bins:3;dyna:0; got '${text}'.`, 2);
  if (BUILT_IN_VARIANTS.some((variant) => variant.name === match[1])) throw new UserError(`--variant ${match[1]}: that name is a built-in variant; choose another.`, 2);
  const settings: Record<string, unknown> = {};
  for (const part of match[2]!.split(';')) {
    const colon = part.indexOf(':');
    const key = colon < 0 ? part : part.slice(0, colon);
    const value = colon < 0 ? undefined : part.slice(colon + 1);
    if (!(key in DEFAULT_DYNA_Q) || value === undefined) {
      throw new UserError(`--variant ${match[1]}: '${part}' must be key:value with key one of ${Object.keys(DEFAULT_DYNA_Q).join(', ')}.`, 2);
    }
    settings[key] = key === 'indicators' ? value.split(',') : /^-?\d+(\.\d+)?(e-?\d+)?$/.test(value) ? Number(value) : value;
  }
  return { name: match[1]!, settings: settings as Partial<DynaQSettings> };
}

function parseSections(text: string): LearningSection[] {
  const sections = text.split(',').map((part) => part.trim()).filter((part) => part !== '');
  const unknown = sections.find((section) => !(LEARNING_SECTIONS as readonly string[]).includes(section));
  if (unknown !== undefined || sections.length === 0) throw new UserError(`--sections must be a comma-separated list of ${LEARNING_SECTIONS.join(', ')}; got '${text}'.`, 2);
  return LEARNING_SECTIONS.filter((section) => sections.includes(section));
}

function parseTrainDays(text: string): number[] {
  const days = text.split(',').map((part) => part.trim());
  if (days.some((part) => !/^\d+$/.test(part) || Number(part) < 5 || Number(part) > 1000)) {
    throw new UserError(`--train-days must be whole numbers of trading days in 5..1000, comma-separated, e.g. 63,126,252,504; got '${text}'.`, 2);
  }
  return [...new Set(days.map(Number))].sort((a, b) => a - b);
}

function parseFamilies(text: string): PlantedFamily[] {
  const families = text.split(',').filter((part) => part.trim() !== '').map((part) => parsePlantedFamily(part, '--families'));
  const flat = families.find((family) => !hasEdge(family));
  if (flat) throw new UserError(`--families: ${formatPlantedFamily(flat)} has no edge for a learner to find; give it as --noedge-market.`, 2);
  if (families.length === 0) throw new UserError('--families is empty: name at least one planted family.', 2);
  return families;
}

/** A word as a shell would need it. */
const quote = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/** `dynaq experiment learning`: the learning benchmark (issue 16), its tables, charts and report folder. */
export function registerLearning(experiment: Command, io: CliIO): void {
  experiment
    .command('learning')
    .description('the learning benchmark: planted-signal markets vs their oracle, sample efficiency (63..504 training days, default vs --dyna 0), no-edge markets with costs, the evaluation set and a walk-forward over it')
    .option('--sections <list>', `parts to run, comma-separated: ${LEARNING_SECTIONS.join(', ')}`, LEARNING_SECTIONS.join(','))
    .option('--families <list>', `planted families, comma-separated (${PLANTED_GRAMMAR})`, DEFAULT_FAMILIES.map(formatPlantedFamily).join(','))
    .option('--seeds <n>', 'generator seeds per planted family (1..n), for planted and efficiency', parseIntegerOption('--seeds', 1, 1000), 10)
    .option('--train-days <list>', 'training windows of the sample-efficiency experiment, in trading days', TRAINING_DAYS.join(','))
    .option('--noedge-market <walk:DRIFT:VOL>', 'the market with no edge (yearly drift and volatility)', formatPlantedFamily(NO_EDGE_MARKET))
    .option('--noedge-seeds <n>', 'generator seeds of the no-edge market (1..n)', parseIntegerOption('--noedge-seeds', 1, 1000), 20)
    .option('--symbols <list>', 'real symbols (default: the evaluation set)')
    .option('--symbols-file <file>', 'real symbols, one per line')
    .option('--set <name>', 'a named symbol set: tuning or evaluation (default evaluation)')
    .option('--walkforward-names <n>', 'walk-forward over the first n evaluation names whose data covers 2001-2012', parseIntegerOption('--walkforward-names', 1, 1000), 10)
    .option('--walkforward-symbols <list>', 'walk-forward over these symbols instead')
    .option('--variant <name=key:value;...>', 'a learner variant besides default and dyna0, applied to every family (repeatable)', collect, [])
    .option('--learner-seed <n>', 'seed of every learner', parseSeedOption('--learner-seed'), 1)
    .option('--data-dir <dir>', 'folder of the real price files (default: $DYNAQ_DATA_DIR, else ./data)')
    .option('--calendar <symbol>', 'calendar symbol of the real data')
    .addOption(jobsOption())
    .option('--out <dir>', 'report folder (default reports/experiment-learning-<timestamp>)')
    .option('--no-report', 'do not write the report folder')
    .addOption(pngOption())
    .addOption(noPngOption())
    .option('--json', 'print one JSON object with every run, summary and criterion')
    .action(async (flags: LearningFlags, command: Command) => {
      const started = performance.now();
      const sections = parseSections(flags.sections);
      const has = (section: LearningSection) => sections.includes(section);
      const variants = [...BUILT_IN_VARIANTS, ...flags.variant.map(variantOf)];
      const families = has('planted') || has('efficiency') ? parseFamilies(flags.families) : [];
      const trainDays = parseTrainDays(flags.trainDays);
      const noEdge = parsePlantedFamily(flags.noedgeMarket, '--noedge-market');
      if (noEdge.rule !== 'walk') throw new UserError(`--noedge-market must be walk:DRIFT:VOL (a market without an edge), got '${flags.noedgeMarket}'.`, 2);
      const out = flags.report ? resolve(io.cwd, flags.out ?? join('reports', `experiment-learning-${format(new Date(), "yyyyMMdd'T'HHmmss")}`)) : null;
      if (out && flags.out !== undefined) checkReportTarget(out);
      else if (out) checkDefaultReportParent(resolve(io.cwd, 'reports'));

      const tasks: LearningTask[] = [];
      const seeds = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
      const common = { variants, learnerSeed: flags.learnerSeed };
      if (has('planted')) for (const family of families) for (const seed of seeds(flags.seeds)) tasks.push({ kind: 'planted', family: formatPlantedFamily(family), seed, ...common });
      if (has('efficiency')) for (const family of families) for (const seed of seeds(flags.seeds)) tasks.push({ kind: 'efficiency', family: formatPlantedFamily(family), seed, trainDays, ...common });
      if (has('noedge')) for (const seed of seeds(flags.noedgeSeeds)) tasks.push({ kind: 'noedge', market: formatPlantedFamily(noEdge), seed, ...common });
      let realSymbols: string[] = [];
      let walkSymbols: string[] = [];
      if (has('real') || has('walkforward')) {
        const { dataDir, calendar } = resolveDataFlags(flags, io);
        if (has('real')) {
          realSymbols = chosenSymbols(flags, dataDir, io);
          for (const symbol of realSymbols) symbolFile(dataDir, symbol);
          for (const symbol of realSymbols) tasks.push({ kind: 'real', symbol, dataDir, calendar, ...common });
        }
        if (has('walkforward')) {
          if (flags.walkforwardSymbols !== undefined) {
            walkSymbols = parseSymbolList([flags.walkforwardSymbols], '--walkforward-symbols', true);
            for (const symbol of walkSymbols) symbolFile(dataDir, symbol);
          } else {
            walkSymbols = walkForwardSymbols(evaluationSet(dataDir), dataDir, calendar, flags.walkforwardNames);
            if (walkSymbols.length < flags.walkforwardNames) {
              throw new UserError(`only ${walkSymbols.length} evaluation names have data covering 2001-2012 in ${dataDir}; ask for fewer with --walkforward-names or name them with --walkforward-symbols.`, 2);
            }
          }
          for (const symbol of walkSymbols) for (const variant of variants) tasks.push({ kind: 'walkforward', symbol, dataDir, calendar, variant, learnerSeed: flags.learnerSeed });
        }
      }

      const progress = createProgress({ enabled: io.isTTY && !flags.json, total: tasks.length, label: 'runs' });
      let results;
      try {
        results = await runLearningTasks(tasks, { workers: flags.jobs, onDone: (done) => progress.update(done) });
      } catch (error) {
        // a worker thread's error loses its class: a user's mistake is still one line
        throw error instanceof UserError ? error : new UserError(`the learning benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        progress.stop();
      }
      const planted = runsOf(results, 'planted');
      const efficiency = runsOf(results, 'efficiency');
      const noEdgeRuns = runsOf(results, 'noedge');
      const real = runsOf(results, 'real');
      const walk = runsOf(results, 'walkforward');
      const summaries = {
        planted: summarizePlanted(planted),
        efficiency: summarizeEfficiency(efficiency),
        noEdge: summarizeNoEdge(noEdgeRuns),
        real: summarizeReal(real),
        walkForward: summarizeWalkForward(walk),
      };
      const report: LearningReport = {
        commandLine: typedCommandLine(command),
        commands: sectionCommands(flags, sections, families, trainDays, noEdge),
        variants,
        learnerSeed: flags.learnerSeed,
        criteria: variants.filter((variant) => variant.name !== 'dyna0').flatMap((variant) => criteria(summaries, variant.name)),
        planted: has('planted') ? { runs: planted, summary: summaries.planted } : null,
        efficiency: has('efficiency') ? { runs: efficiency, summary: summaries.efficiency } : null,
        noEdge: has('noedge') ? { runs: noEdgeRuns, summary: summaries.noEdge } : null,
        real: has('real') ? { runs: real, summary: summaries.real } : null,
        walkForward: has('walkforward') ? { runs: walk, summary: summaries.walkForward } : null,
        seconds: (performance.now() - started) / 1000,
      };
      let written: string | null = null;
      if (out) written = await writeReportFolder(out, await learningReportFiles(report, { png: flags.png === true }), { unique: flags.out === undefined });
      if (flags.json) {
        const { seconds: _seconds, ...json } = report;
        io.stdout(`${JSON.stringify(json, null, 2)}\n`);
        if (written) io.stderr(`report: ${written}\n`);
        return;
      }
      for (const table of learningTables(report)) {
        if (table.id === 'criteria') {
          // long texts: one line each reads better than a wide table
          io.stdout(`${table.title}\n$ ${table.command}\n\n${table.rows.map(([criterion, variant, measured, met]) => `[${met}] ${variant}: ${criterion}\n    ${measured}\n`).join('')}\n`);
          continue;
        }
        io.stdout(`${table.title}\n$ ${table.command}\n\n${formatTable(table.header, table.rows)}`);
        for (const note of table.notes) io.stdout(`${note}\n`);
        io.stdout('\n');
      }
      io.stdout(`${tasks.length} runs in ${report.seconds.toFixed(0)} s on ${Math.min(flags.jobs, Math.max(1, tasks.length))} thread(s)\n`);
      if (written) io.stdout(`report: ${join(written, 'report.html')}\n`);
    });
}

/** The command that reproduces each section's table alone, from the resolved settings. */
function sectionCommands(flags: LearningFlags, sections: readonly LearningSection[], families: readonly PlantedFamily[], trainDays: readonly number[], noEdge: PlantedFamily): Partial<Record<LearningSection, string>> {
  const base = ['dynaq', 'experiment', 'learning'];
  const shared = ['--learner-seed', String(flags.learnerSeed), ...flags.variant.flatMap((variant) => ['--variant', variant])];
  const data = [...(flags.dataDir !== undefined ? ['--data-dir', flags.dataDir] : []), ...(flags.calendar !== undefined ? ['--calendar', flags.calendar] : [])];
  const familyList = families.map(formatPlantedFamily).join(',');
  const words: Record<LearningSection, string[]> = {
    planted: ['--families', familyList, '--seeds', String(flags.seeds)],
    efficiency: ['--families', familyList, '--seeds', String(flags.seeds), '--train-days', trainDays.join(',')],
    noedge: ['--noedge-market', formatPlantedFamily(noEdge), '--noedge-seeds', String(flags.noedgeSeeds)],
    real: [
      ...data,
      ...(flags.symbols !== undefined ? ['--symbols', flags.symbols] : flags.symbolsFile !== undefined ? ['--symbols-file', flags.symbolsFile] : flags.set !== undefined ? ['--set', flags.set] : []),
    ],
    walkforward: [...data, ...(flags.walkforwardSymbols !== undefined ? ['--walkforward-symbols', flags.walkforwardSymbols] : ['--walkforward-names', String(flags.walkforwardNames)])],
  };
  return Object.fromEntries(sections.map((section) => [section, [...base, '--sections', section, ...words[section], ...shared].map(quote).join(' ')]));
}

function chosenSymbols(flags: LearningFlags, dataDir: string, io: CliIO): string[] {
  if (flags.symbols !== undefined) return parseSymbolList([flags.symbols], '--symbols', true);
  if (flags.symbolsFile !== undefined) {
    const path = resolve(io.cwd, flags.symbolsFile);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new UserError(`--symbols-file ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, 2);
    }
    return parseSymbolList(text.split(/\r?\n/).filter((line) => line.trim() !== ''), '--symbols-file', true);
  }
  if (flags.set === 'tuning') return [...TUNING_SYMBOLS];
  if (flags.set !== undefined && flags.set !== 'evaluation') throw new UserError(`--set must be tuning or evaluation, got '${flags.set}'.`, 2);
  return evaluationSet(dataDir);
}

/** The evaluation set, defined on the course's S&P 500 list beside the price folder. */
function evaluationSet(dataDir: string): string[] {
  const list = join(dirname(dataDir), 'lists', 'sp5002008.txt');
  let text: string;
  try {
    text = readFileSync(list, 'utf8');
  } catch {
    throw new UserError(`the evaluation set needs ${list} (the course data's lists/ beside prices/); give --symbols or --set tuning (and --walkforward-symbols) instead.`, 2);
  }
  return evaluationSymbols(text.split(/\r?\n/));
}
