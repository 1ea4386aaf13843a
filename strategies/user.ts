import { existsSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../src/errors.js';
import type { Strategy } from '../src/strategy/contract.js';
import { builtInStrategies, type DynaQSettings, type StrategyName } from './index.js';

/** Makes a fresh strategy for each backtest (a user's module may keep state in its object). */
export type StrategyFactory = () => Strategy;

const LOADABLE = ['.mjs', '.js', '.cjs', '.ts', '.mts', '.cts'];

/** True when `--strategy` names a file rather than a built-in strategy. */
export function isStrategyPath(text: string): boolean {
  return text.includes('/') || text.includes('\\') || LOADABLE.includes(extname(text).toLowerCase());
}

/**
 * `--strategy NAME|FILE`: a built-in strategy by name, or a user's module. The module's default
 * export is the strategy `{ name, decide(day) }` (plus optional `label`, `indicators`, `train`,
 * `begin`, `describe`), or a function that returns one (called for every backtest, so each starts
 * fresh). TypeScript files load without a build step through tsx.
 */
export async function resolveStrategy(nameOrPath: string, dynaQSettings: Partial<DynaQSettings>, cwd: string): Promise<StrategyFactory> {
  if (!isStrategyPath(nameOrPath)) {
    if (!(nameOrPath in builtInStrategies)) {
      throw new UserError(
        `--strategy must be one of ${Object.keys(builtInStrategies).join(', ')} or a strategy file (.mjs, .js, .ts), got '${nameOrPath}'.`,
        2,
      );
    }
    const build = builtInStrategies[nameOrPath as StrategyName];
    return () => build(dynaQSettings);
  }
  return loadStrategyFile(resolve(cwd, nameOrPath), nameOrPath);
}

/** Loads and checks a user's strategy module; every problem is one line naming the file. */
export async function loadStrategyFile(path: string, shown = path): Promise<StrategyFactory> {
  if (!existsSync(path)) throw new UserError(`--strategy ${shown}: no such file.`, 2);
  if (!statSync(path).isFile()) throw new UserError(`--strategy ${shown}: not a file.`, 2);
  const extension = extname(path).toLowerCase();
  if (!LOADABLE.includes(extension)) {
    throw new UserError(`--strategy ${shown}: a strategy file ends in ${LOADABLE.join(', ')}.`, 2);
  }
  let module: unknown;
  try {
    if (['.ts', '.mts', '.cts'].includes(extension)) {
      const { tsImport } = await import('tsx/esm/api');
      module = await tsImport(pathToFileURL(path).href, import.meta.url);
    } else {
      module = await import(pathToFileURL(path).href);
    }
  } catch (error) {
    throw new UserError(`--strategy ${shown}: cannot load it: ${firstLine(error)}`);
  }
  const exported = defaultExport(module);
  if (exported === undefined) {
    throw new UserError(`--strategy ${shown}: the module has no default export; export default { name, decide(day) { ... } }.`);
  }
  if (typeof exported === 'function' && !isStrategyLike(exported)) {
    const make = exported as { new (): unknown; (): unknown; prototype?: { decide?: unknown } };
    // a class with a decide method, or a plain function returning a strategy object
    const isClass = typeof make.prototype?.decide === 'function';
    return () => checkStrategy(isClass ? new make() : make(), shown);
  }
  const strategy = checkStrategy(exported, shown);
  return () => strategy;
}

/** The module's default export, looking through the extra `default` a CommonJS-compiled file adds. */
function defaultExport(module: unknown): unknown {
  let value = (module as { default?: unknown } | null)?.default;
  if (value !== null && typeof value === 'object' && 'default' in value && !isStrategyLike(value)) {
    value = (value as { default?: unknown }).default;
  }
  return value;
}

function isStrategyLike(value: unknown): boolean {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { decide?: unknown }).decide === 'function';
}

/** Checks the contract's shape once, at the boundary, so a mistake is named before any day runs. */
export function checkStrategy(value: unknown, shown: string): Strategy {
  const where = `--strategy ${shown}`;
  if (value === null || typeof value !== 'object') {
    throw new UserError(`${where}: the default export must be an object { name, decide(day) } or a function returning one, got ${value === null ? 'null' : typeof value}.`);
  }
  const candidate = value as Record<string, unknown>;
  if (typeof candidate.name !== 'string' || !/^[\w.+-]{1,64}$/.test(candidate.name)) {
    throw new UserError(`${where}: 'name' must be a short name of letters, digits and . _ + - (it names report folders), got ${JSON.stringify(candidate.name)}.`);
  }
  if (typeof candidate.decide !== 'function') {
    throw new UserError(`${where}: 'decide' must be a function decide(day) returning 'long', 'short', 'flat', a number of shares or null.`);
  }
  for (const optional of ['train', 'begin', 'describe', 'agentJson'] as const) {
    if (candidate[optional] !== undefined && typeof candidate[optional] !== 'function') {
      throw new UserError(`${where}: '${optional}' must be a function when given.`);
    }
  }
  if (candidate.label !== undefined && typeof candidate.label !== 'string') throw new UserError(`${where}: 'label' must be text when given.`);
  if (candidate.indicators !== undefined && !(Array.isArray(candidate.indicators) && candidate.indicators.every((spec) => typeof spec === 'string'))) {
    throw new UserError(`${where}: 'indicators' must be a list of indicator specs such as ['sma-ratio:20', 'rsi:14'].`);
  }
  return guarded(value as Strategy);
}

/**
 * The user's strategy with its calls guarded: an exception thrown in the user's code is a mistake
 * in the user's file, so it becomes one line naming the strategy, the call and the day (a stack
 * trace would point into dynaq, not at the user's line).
 */
function guarded(strategy: Strategy): Strategy {
  const fail = (what: string, error: unknown): never => {
    if (error instanceof UserError) throw error;
    throw new UserError(`strategy '${strategy.name}' failed ${what}: ${firstLine(error)}`);
  };
  const decide = strategy.decide.bind(strategy);
  const train = strategy.train?.bind(strategy);
  const begin = strategy.begin?.bind(strategy);
  return Object.assign(Object.create(strategy) as Strategy, {
    decide: (day: Parameters<Strategy['decide']>[0]) => {
      try {
        return decide(day);
      } catch (error) {
        return fail(`on ${day.date} in decide()`, error);
      }
    },
    ...(train
      ? {
          train: (...args: Parameters<NonNullable<Strategy['train']>>) => {
            try {
              return train(...args);
            } catch (error) {
              return fail('in train()', error);
            }
          },
        }
      : {}),
    ...(begin
      ? {
          begin: (...args: Parameters<NonNullable<Strategy['begin']>>) => {
            try {
              begin(...args);
            } catch (error) {
              fail('in begin()', error);
            }
          },
        }
      : {}),
  });
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n').find((part) => part.trim() !== '') ?? 'unknown error';
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}
