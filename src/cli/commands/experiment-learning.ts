import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { parseSymbolList } from '../../data/symbols.js';
import { UserError } from '../../errors.js';
import {
  BUILT_IN_VARIANTS,
  DEFAULT_FAMILIES,
  runPlanted,
  runReal,
  summarizePlanted,
  summarizeReal,
  type LearningVariant,
  type PlantedRun,
  type RealRun,
} from '../../experiments/learning.js';
import { evaluationSymbols, TUNING_SYMBOLS } from '../../experiments/symbol-sets.js';
import { formatPlantedFamily, parsePlantedFamily } from '../../synth/planted.js';
import { DEFAULT_DYNA_Q, type DynaQSettings } from '../../agent/index.js';
import { resolveDataFlags, type DataFlags } from '../data-options.js';
import { formatTable } from '../format.js';
import type { CliIO } from '../io.js';
import { parseIntegerOption } from '../options.js';

interface LearningFlags extends DataFlags {
  families: string;
  seeds: number;
  symbols?: string;
  symbolsFile?: string;
  set?: 'tuning' | 'evaluation';
  planted: boolean;
  real: boolean;
  variant: string[];
  learnerSeed: number;
  json?: boolean;
}

/** `--variant name=key:value;key:value` -> a named set of Dyna-Q settings (numbers and words). */
function parseVariant(text: string, previous: string[] = []): string[] {
  return [...previous, text];
}

function variantOf(text: string): LearningVariant {
  const match = /^([\w.-]+)=(.+)$/.exec(text);
  if (!match) throw new UserError(`--variant must be NAME=key:value;key:value, e.g. bins3=bins:3;dyna:0; got '${text}'.`, 2);
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

const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);

/** `dynaq experiment learning`: every learner variant on planted-signal markets and on real symbols. */
export function registerLearning(experiment: Command, io: CliIO): void {
  experiment
    .command('learning')
    .description('the learning benchmark: learner variants on planted-signal markets (vs the oracle) and real symbols (vs buy-and-hold and --dyna 0)')
    .option('--families <list>', 'planted families RULE:HORIZON:STRENGTH, comma-separated', DEFAULT_FAMILIES.map(formatPlantedFamily).join(','))
    .option('--seeds <n>', 'generator seeds per planted family (1..n)', parseIntegerOption('--seeds', 1, 1000), 5)
    .option('--symbols <list>', 'real symbols (default: the evaluation set)')
    .option('--symbols-file <file>', 'real symbols, one per line')
    .option('--set <name>', 'a named symbol set: tuning or evaluation (default evaluation)')
    .option('--no-planted', 'skip the planted markets')
    .option('--no-real', 'skip the real symbols')
    .option('--variant <name=key:value;...>', 'a learner variant besides default and dyna0 (repeatable)', parseVariant, [])
    .option('--learner-seed <n>', 'seed of every learner', parseIntegerOption('--learner-seed', 0, 2 ** 31 - 1), 1)
    .option('--data-dir <dir>', 'folder of the real price files (default: $DYNAQ_DATA_DIR, else ./data)')
    .option('--calendar <symbol>', 'calendar symbol of the real data')
    .option('--json', 'print one JSON object with every run and summary')
    .action(async (flags: LearningFlags) => {
      const variants = [...BUILT_IN_VARIANTS, ...flags.variant.map(variantOf)];
      const families = flags.families.split(',').filter((part) => part.trim() !== '').map((part) => parsePlantedFamily(part, '--families'));
      const planted: PlantedRun[] = [];
      if (flags.planted) {
        for (const family of families) for (let seed = 1; seed <= flags.seeds; seed++) planted.push(...(await runPlanted(family, seed, variants, flags.learnerSeed)));
      }
      const real: RealRun[] = [];
      if (flags.real) {
        const { dataDir, calendar } = resolveDataFlags(flags, io);
        for (const symbol of realSymbols(flags, dataDir, io)) real.push(...(await runReal(symbol, dataDir, calendar, variants, flags.learnerSeed)));
      }
      const plantedSummary = summarizePlanted(planted);
      const realSummary = summarizeReal(real);
      if (flags.json) {
        io.stdout(`${JSON.stringify({ variants, planted: { runs: planted, summary: plantedSummary }, real: { runs: real, summary: realSummary } }, null, 2)}\n`);
        return;
      }
      if (plantedSummary.length > 0) {
        io.stdout(`Planted-signal markets, no costs, ${flags.seeds} generator seeds each (out-of-sample 2010-11; share of the oracle's return)\n\n`);
        io.stdout(
          formatTable(
            ['family', 'variant', 'OOS share of oracle', 'per seed min / median / max', 'IS share of oracle', 'OOS excess over B&H', 'train s'],
            plantedSummary.map((row) => [
              row.family,
              row.variant,
              percent(row.outOfSampleShareOfOracle),
              `${percent(row.perSeedShare.min)} / ${percent(row.perSeedShare.median)} / ${percent(row.perSeedShare.max)}`,
              percent(row.inSampleShareOfOracle),
              percent(row.medianOutOfSampleExcess),
              row.medianTrainSeconds?.toFixed(2) ?? '—',
            ]),
          ),
        );
      }
      if (realSummary.length > 0) {
        io.stdout(`\nReal symbols (${realSummary[0]!.symbols}), course costs, train 2008-09, test 2010-11\n\n`);
        io.stdout(
          formatTable(
            ['variant', 'beats B&H OOS', 'sign test p', 'median OOS excess', 'median IS excess', 'beats dyna0', 'median orders OOS', 'median train s'],
            realSummary.map((row) => [
              row.variant,
              `${row.beatsBenchmark}/${row.symbols}`,
              row.signTestP.toFixed(3),
              percent(row.medianOutOfSampleExcess),
              percent(row.medianInSampleExcess),
              row.beatsDyna0 === null ? '—' : `${row.beatsDyna0}/${row.symbols}`,
              row.medianOrders === null ? '—' : String(row.medianOrders),
              row.medianTrainSeconds?.toFixed(2) ?? '—',
            ]),
          ),
        );
      }
    });
}

function realSymbols(flags: LearningFlags, dataDir: string, io: CliIO): string[] {
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
  // The evaluation set is defined on the course's S&P 500 list, beside the price folder.
  const list = join(dirname(dataDir), 'lists', 'sp5002008.txt');
  let text: string;
  try {
    text = readFileSync(list, 'utf8');
  } catch {
    throw new UserError(`the evaluation set needs ${list} (the course data's lists/ beside prices/); give --symbols or --set tuning instead.`, 2);
  }
  return evaluationSymbols(text.split(/\r?\n/));
}
