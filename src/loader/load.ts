import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInThisContext } from 'node:vm';
import { printable, UserError } from '../errors.js';
import type { ParamValue, Strategy } from '../strategy/contract.js';
import { definitionParams, instantiate, markBuiltIn, STRATEGY_CALLS, type CallMonitor, type StrategyInstance } from '../strategy/instance.js';
import { strategyApi } from './api.js';

/**
 * Where strategies come from. A built-in strategy is a module of the package's `strategies/`
 * folder, imported as it is (it is part of the engine, trusted and versioned with it). A user's
 * strategy file is bundled with esbuild into one self-contained text: everything it imports from
 * its own folder is inside, so the text's sha256 names exactly the code that runs (a job is keyed
 * by it), the text can travel to a worker thread or another machine, and it is evaluated afresh
 * for every run, so no state survives from one run to the next, not even in module variables.
 * Inside a strategy, `import ... from 'dynaq'` gives the strategy API (api.ts), which holds no
 * way to read prices; Node's modules that reach files, processes or the network are refused.
 */

/** The built-in strategies by name, each a module in the package's strategies/ folder whose default export is the strategy. */
export const BUILT_IN_STRATEGIES = {
  'dyna-q': 'dyna-q',
  manual: 'manual',
  'buy-and-hold': 'buy-and-hold',
} as const;

export type BuiltInName = keyof typeof BUILT_IN_STRATEGIES;
export const builtInNames = Object.keys(BUILT_IN_STRATEGIES) as BuiltInName[];

export function isBuiltInName(text: string): text is BuiltInName {
  return Object.hasOwn(BUILT_IN_STRATEGIES, text);
}

/** A strategy as plain data a job can carry: a built-in by name, or a user's file as its bundled code. */
export type StrategySource =
  | { readonly kind: 'built-in'; readonly name: BuiltInName }
  | {
      readonly kind: 'file';
      /** The path as the user gave it (messages only: nothing is read from it after bundling). */
      readonly shown: string;
      /** The bundled module (CommonJS), every local import inside. */
      readonly code: string;
      /** sha256 of `code`. */
      readonly sha256: string;
    };

/** How a source is named in messages: `built-in dyna-q`, `--strategy ./sma.mjs`. */
export function sourceOrigin(source: StrategySource): string {
  return source.kind === 'built-in' ? `built-in ${source.name}` : `--strategy ${source.shown}`;
}

const LOADABLE = ['.mjs', '.js', '.cjs', '.ts', '.mts', '.cts'];

/** Node modules a strategy may import: assert, for its own checks; nothing that reads files, keeps state, starts processes or talks to a network. */
const ALLOWED_NODE_MODULES = new Set(['assert']);

/** True when `--strategy` names a file rather than a built-in strategy. */
export function isStrategyPath(text: string): boolean {
  return text.includes('/') || text.includes('\\') || LOADABLE.includes(extname(text).toLowerCase());
}

/**
 * `--strategy NAME|FILE` as a source: a built-in by name, else a file bundled with what it imports.
 * Every problem is one line naming the flag's value.
 */
export async function resolveStrategySource(nameOrPath: string, cwd: string, flag = '--strategy'): Promise<StrategySource> {
  if (!isStrategyPath(nameOrPath)) {
    if (!isBuiltInName(nameOrPath)) {
      throw new UserError(`${flag} must be one of ${builtInNames.join(', ')} or a strategy file (${LOADABLE.join(', ')}), got '${printable(nameOrPath)}'.`, 2);
    }
    return { kind: 'built-in', name: nameOrPath };
  }
  return bundleStrategyFile(resolve(cwd, nameOrPath), nameOrPath, flag);
}

/** Bundles a user's strategy file into one CommonJS text with esbuild. */
export async function bundleStrategyFile(path: string, shown = path, flag = '--strategy'): Promise<StrategySource> {
  const where = `${flag} ${printable(shown, 200)}`;
  if (!existsSync(path)) throw new UserError(`${where}: no such file.`, 2);
  if (!statSync(path).isFile()) throw new UserError(`${where}: not a file.`, 2);
  if (!LOADABLE.includes(extname(path).toLowerCase())) throw new UserError(`${where}: a strategy file ends in ${LOADABLE.join(', ')}.`, 2);
  const { build } = await import('esbuild');
  let code: string;
  try {
    const result = await build({
      entryPoints: [path],
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      // import() becomes require(), so a computed specifier meets the same refusal as a static one
      supported: { 'dynamic-import': false },
      logLevel: 'silent',
      legalComments: 'none',
      charset: 'utf8',
      absWorkingDir: dirname(path),
      plugins: [
        {
          name: 'dynaq-strategy-imports',
          setup(builder) {
            builder.onResolve({ filter: /^dynaq(\/.*)?$/ }, (args) => {
              if (args.path !== 'dynaq') return { errors: [{ text: `'${args.path}': a strategy imports the strategy API from 'dynaq' only` }] };
              return { path: 'dynaq', external: true };
            });
            builder.onResolve({ filter: /^[^./]/ }, (args) => {
              const bare = args.path.replace(/^node:/, '');
              if (!builtinModules.includes(bare)) return undefined; // an npm package: bundled in
              if (ALLOWED_NODE_MODULES.has(bare.split('/')[0]!)) return { path: args.path, external: true };
              return { errors: [{ text: `'${args.path}': a strategy may not use Node's ${bare} (it sees prices only through day and history)` }] };
            });
          },
        },
      ],
    });
    code = result.outputFiles[0]!.text;
  } catch (error) {
    const failures = (error as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors;
    const first = failures?.[0];
    if (first) {
      const at = first.location ? ` (${printable(first.location.file, 120)}:${first.location.line})` : '';
      throw new UserError(`${where}: cannot load it: ${printable(first.text, 200)}${at}`);
    }
    throw new UserError(`${where}: cannot load it: ${printable(String((error as Error).message ?? error), 200)}`);
  }
  return { kind: 'file', shown, code, sha256: createHash('sha256').update(code).digest('hex') };
}

/** Compiled bundles by sha256: compiling once, evaluating once per run. */
const compiled = new Map<string, (module: { exports: unknown }, exports: unknown, require: (id: string) => unknown, ...shadowed: unknown[]) => void>();

/**
 * Globals a strategy file does not see as they are: Node's mutable objects, where a value could be
 * kept from one run to the next (`process.x = ...`), and the global object itself. Its code sees
 * `process` as a frozen object with `exit` only, `performance`, `crypto` and `navigator` as
 * undefined, `console` as a frozen console
 * that writes where the engine's does, and `globalThis`/`global` as a frozen object of the (frozen)
 * built-ins: parameters of the function its module runs in, so an assignment cannot reach past them.
 */
const SHADOWED_GLOBALS = ['process', 'performance', 'crypto', 'navigator', 'console', 'globalThis', 'global'] as const;

let shadowValues: unknown[] | null = null;
function shadowedGlobals(): unknown[] {
  if (shadowValues === null) {
    const log = (method: 'log' | 'info' | 'warn' | 'error' | 'debug') => (...args: unknown[]) => console[method](...args);
    const safeConsole = Object.freeze({ log: log('log'), info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') });
    const builtIns: Record<string, unknown> = {};
    for (const name of Object.getOwnPropertyNames(globalThis)) {
      if (/^[A-Z]/.test(name) || ['Math', 'JSON', 'Reflect', 'Atomics', 'Intl', 'Infinity', 'NaN', 'undefined', 'isFinite', 'isNaN', 'parseFloat', 'parseInt', 'structuredClone', 'queueMicrotask', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'atob', 'btoa', 'encodeURIComponent', 'decodeURIComponent', 'encodeURI', 'decodeURI'].includes(name)) {
        builtIns[name] = (globalThis as Record<string, unknown>)[name];
      }
    }
    builtIns.console = safeConsole;
    const safeGlobal = Object.freeze(builtIns);
    // process.exit goes to the thread's own (the pool thread makes it throw: one line naming the strategy)
    const safeProcess = Object.freeze({ exit: (code?: number) => process.exit(code) });
    shadowValues = [safeProcess, undefined, undefined, undefined, safeConsole, safeGlobal, safeGlobal];
  }
  return shadowValues;
}

function strategyRequire(where: string): (id: string) => unknown {
  return (id: string) => {
    if (id === 'dynaq') return strategyApi;
    const bare = id.replace(/^node:/, '');
    if (ALLOWED_NODE_MODULES.has(bare.split('/')[0]!)) return deepFreeze(nodeRequire(id));
    throw new UserError(`${where}: a strategy may not import '${printable(id)}'.`);
  };
}

const nodeRequire = createRequire(import.meta.url);

/** An object, its functions and their prototypes frozen, one level down: nothing to keep state on across runs. */
function deepFreeze<T>(value: T): T {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
  Object.freeze(value);
  for (const key of Object.getOwnPropertyNames(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    const inner = descriptor && 'value' in descriptor ? (descriptor.value as unknown) : undefined;
    if (inner !== null && (typeof inner === 'object' || typeof inner === 'function') && !Object.isFrozen(inner)) {
      Object.freeze(inner);
      const prototype = (inner as { prototype?: unknown }).prototype;
      if (prototype !== null && typeof prototype === 'object') Object.freeze(prototype);
    }
  }
  return value;
}

/**
 * The default export of an evaluated bundle: an ES module's `default` (esbuild marks those with
 * __esModule), or what a CommonJS module assigned to module.exports; through the extra `default` a
 * transpiled module may add.
 */
function defaultExport(exported: unknown): unknown {
  const esModule = exported !== null && typeof exported === 'object' && (exported as { __esModule?: unknown }).__esModule === true;
  let value = esModule ? (exported as { default?: unknown }).default : exported;
  if (value !== null && typeof value === 'object' && 'default' in value && typeof (value as { decide?: unknown }).decide !== 'function') {
    value = (value as { default?: unknown }).default;
  }
  return value;
}

/** Evaluates a bundled file afresh: a new module scope every call, in strict mode as an ES module is (so writing to a read-only field of the day throws). */
function evaluateBundle(source: Extract<StrategySource, { kind: 'file' }>, monitor?: CallMonitor): unknown {
  const where = sourceOrigin(source);
  let run = compiled.get(source.sha256);
  if (run === undefined) {
    try {
      // vm compiles it as the engine's own code would be (the pool's threads forbid eval and new Function to strategy code)
      run = runInThisContext(`(function (module, exports, require, ${SHADOWED_GLOBALS.join(', ')}) { 'use strict';\n${source.code}\n})`, { filename: source.shown }) as (
        module: { exports: unknown },
        exports: unknown,
        require: (id: string) => unknown,
        ...shadowed: unknown[]
      ) => void;
    } catch (error) {
      throw new UserError(`${where}: cannot load it: ${printable((error as Error).message, 200)}`);
    }
    compiled.set(source.sha256, run!);
  }
  const module = { exports: {} as unknown };
  monitor?.enter(STRATEGY_CALLS.indexOf('its module code'), 0);
  try {
    run!(module, module.exports, strategyRequire(where), ...shadowedGlobals());
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`${where}: cannot load it: ${printable(error instanceof Error ? error.message : String(error), 200)}`);
  } finally {
    monitor?.leave();
  }
  return defaultExport(module.exports);
}

/** The package's strategies/ folder: beside src/ in the source tree and in dist/. */
const STRATEGIES_DIR = new URL('../../strategies/', import.meta.url);

/** Built-in definitions already imported (one import per process). */
const builtInModules = new Map<BuiltInName, Promise<unknown>>();

function importBuiltIn(name: BuiltInName): Promise<unknown> {
  let module = builtInModules.get(name);
  if (module === undefined) builtInModules.set(name, (module = importBuiltInModule(name)));
  return module;
}

async function importBuiltInModule(name: BuiltInName): Promise<unknown> {
  const file = BUILT_IN_STRATEGIES[name];
  const compiledFile = new URL(`${file}.js`, STRATEGIES_DIR);
  // dist/ holds the compiled .js; the source tree (tests) the .ts, which the test runner compiles
  const url = existsSync(fileURLToPath(compiledFile)) ? compiledFile : new URL(`${file}.ts`, STRATEGIES_DIR);
  const module = (await import(url.href)) as { default?: unknown };
  return module.default;
}

/**
 * Makes strategy definitions from a source: each call of the returned function gives a fresh
 * definition (a file is evaluated again; a built-in's definition is shared, its instances are not).
 * The definition's shape is checked once here, so a mistake is named before any day runs.
 */
export async function strategyDefinitions(source: StrategySource, monitor?: CallMonitor): Promise<() => Strategy> {
  const where = sourceOrigin(source);
  if (source.kind === 'built-in') {
    const definition = checkStrategy(await importBuiltIn(source.name), where);
    return () => definition;
  }
  const first = checkStrategy(make(evaluateBundle(source, monitor), where), where);
  let used = false;
  return () => {
    if (!used) {
      used = true;
      return first;
    }
    return checkStrategy(make(evaluateBundle(source, monitor), where), where);
  };
}

/** A default export that is a factory function or a class is called; an object is the strategy. */
function make(exported: unknown, where: string): unknown {
  if (typeof exported !== 'function' || typeof (exported as { decide?: unknown }).decide === 'function') return exported;
  const maker = exported as { new (): unknown; (): unknown; prototype?: { decide?: unknown } };
  try {
    return typeof maker.prototype?.decide === 'function' ? new maker() : maker();
  } catch (error) {
    throw new UserError(`${where}: its default export failed when called: ${printable(error instanceof Error ? error.message : String(error), 200)}`);
  }
}

/** Checks the contract's shape once, at the boundary. */
export function checkStrategy(value: unknown, where: string): Strategy {
  if (value === undefined) throw new UserError(`${where}: the module has no default export; export default { name, decide(day) { ... } }.`);
  if (value === null || typeof value !== 'object') {
    throw new UserError(`${where}: the default export must be an object { name, decide(day) } or a function returning one, got ${value === null ? 'null' : typeof value}.`);
  }
  const candidate = value as Record<string, unknown>;
  if (typeof candidate.name !== 'string' || !/^[\w.+-]{1,64}$/.test(candidate.name)) {
    throw new UserError(`${where}: 'name' must be a short name of letters, digits and . _ + - (it names report folders), got ${printable(JSON.stringify(candidate.name) ?? 'nothing')}.`);
  }
  if (typeof candidate.decide !== 'function') {
    throw new UserError(`${where}: 'decide' must be a function decide(day, params) returning 'long', 'short', 'flat', a number of shares or null.`);
  }
  for (const optional of ['train', 'begin', 'describe', 'agentJson'] as const) {
    if (candidate[optional] !== undefined && typeof candidate[optional] !== 'function') throw new UserError(`${where}: '${optional}' must be a function when given.`);
  }
  if (candidate.label !== undefined && typeof candidate.label !== 'string') throw new UserError(`${where}: 'label' must be text when given.`);
  const indicators = candidate.indicators;
  if (indicators !== undefined && typeof indicators !== 'function' && !(Array.isArray(indicators) && indicators.every((spec) => typeof spec === 'string'))) {
    throw new UserError(`${where}: 'indicators' must be a list of indicator specs such as ['sma-ratio:20', 'rsi:14'], or a function of the params returning one.`);
  }
  return value as Strategy;
}

/**
 * A factory of fresh, guarded instances of the strategy of `source`, with `params` over its
 * defaults (checked now, so a bad parameter is named before any work). Every call makes a new
 * instance from a new definition (see `strategyDefinitions`).
 */
export async function strategyFactory(
  source: StrategySource,
  params: Readonly<Record<string, ParamValue>> = {},
  monitor?: CallMonitor,
): Promise<() => StrategyInstance> {
  const definitions = await strategyDefinitions(source, monitor);
  const origin = sourceOrigin(source);
  const make = () => {
    const instance = instantiate(definitions(), { params, origin, ...(monitor ? { monitor } : {}) });
    return source.kind === 'built-in' ? markBuiltIn(instance) : instance;
  };
  const first = make();
  let used = false;
  return () => {
    if (!used) {
      used = true;
      return first;
    }
    return make();
  };
}

/** A fresh instance of a built-in strategy (the benchmark, the manual rules, Dyna-Q for experiments). */
export async function builtIn(name: BuiltInName, params: Readonly<Record<string, ParamValue>> = {}): Promise<StrategyInstance> {
  return (await strategyFactory({ kind: 'built-in', name }, params))();
}

/** What a strategy declares and how an instance with `params` describes itself: name, label, parameters, settings, seed. */
export async function strategyFacts(source: StrategySource, params: Readonly<Record<string, ParamValue>>, monitor?: CallMonitor) {
  const definition = (await strategyDefinitions(source, monitor))();
  const declared = definitionParams(definition, sourceOrigin(source));
  const known = new Set(declared.map((entry) => entry.name));
  // parameters the strategy does not take are the caller's to refuse, with the flags the user typed
  const applicable = Object.fromEntries(Object.entries(params).filter(([name]) => known.has(name)));
  const instance = instantiate(definition, { params: applicable, origin: sourceOrigin(source), ...(monitor ? { monitor } : {}) });
  return { name: instance.name, label: instance.label, declared, settings: instance.describe(), seed: instance.seed };
}
