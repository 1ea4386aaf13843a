import { printable, UserError } from '../errors.js';
import { getIndicator, indicatorNames, isIndicatorName, type IndicatorName } from './registry.js';
import type { Indicator, IndicatorParams } from './types.js';

/**
 * An indicator with every parameter filled in. Parsed from text like `rsi:14` or
 * `macd:12,26,9`: parameters are positional, in the order of `Indicator.params`; trailing ones
 * may be left out and take their defaults (`bbp:20` = `bbp:20,2`, `rsi` = `rsi:14`).
 */
export interface IndicatorSpec {
  readonly name: IndicatorName;
  readonly params: IndicatorParams;
}

/** `rsi[:period]`, `macd[:fast,slow,signal]`: the shape of one spec, for messages and help. */
export function indicatorUsage(indicator: Indicator): string {
  const names = indicator.params.map((param) => param.name).join(',');
  return names === '' ? indicator.name : `${indicator.name}[:${names}]`;
}

/** One line per indicator: usage, summary and the meaning, default and range of each parameter. */
export function describeIndicators(): string[] {
  return indicatorNames.map((name) => {
    const indicator = getIndicator(name);
    const params = indicator.params
      .map((p) => `${p.name} = ${p.description} (default ${p.defaultValue}, ${p.min}..${p.max})`)
      .join('; ');
    return `${indicatorUsage(indicator)}: ${indicator.summary}${params === '' ? '' : `; ${params}`}`;
  });
}

/** Canonical text of a spec with every parameter written out: `bbp:20,2`. Used as column name. */
export function formatIndicatorSpec(spec: IndicatorSpec): string {
  const indicator = getIndicator(spec.name);
  const values = indicator.params.map((param) => String(spec.params[param.name]));
  return values.length === 0 ? spec.name : `${spec.name}:${values.join(',')}`;
}

/**
 * Parses one spec (`rsi:14`). `source` names where the text came from (a flag, a config field)
 * so that the one-line UserError can tell the user what to fix.
 */
export function parseIndicatorSpec(text: string, source = '--indicators'): IndicatorSpec {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  const name = (colon < 0 ? trimmed : trimmed.slice(0, colon)).trim().toLowerCase();
  if (!isIndicatorName(name)) {
    throw new UserError(
      `${source}: unknown indicator '${printable(name, 30)}'; accepted: ${indicatorNames.map((n) => indicatorUsage(getIndicator(n))).join(', ')} ` +
        '(parameters and defaults: README "Indicators")',
      2,
    );
  }
  const indicator = getIndicator(name);
  const texts = colon < 0 ? [] : trimmed.slice(colon + 1).split(',').map((part) => part.trim());
  if (texts.length > indicator.params.length) {
    throw new UserError(
      `${source}: '${trimmed}' gives ${texts.length} parameters, ${name} takes at most ` +
        `${indicator.params.length}: ${paramHelp(indicator)}`,
      2,
    );
  }
  const params: Record<string, number> = {};
  indicator.params.forEach((param, i) => {
    const valueText = texts[i];
    if (valueText === undefined) {
      params[param.name] = param.defaultValue;
      return;
    }
    const value = Number(valueText);
    if (valueText === '' || !Number.isFinite(value)) {
      throw new UserError(
        `${source}: '${trimmed}': ${param.name} must be a number, got '${valueText}'; ${paramHelp(indicator)}`,
        2,
      );
    }
    params[param.name] = value;
  });
  const spec = { name, params };
  validateIndicatorParams(spec, source);
  return spec;
}

/**
 * Parses a list such as `sma-ratio:20,bbp:20,macd:12,26,9`. Commas separate both specs and
 * parameters: a piece that starts with a letter begins a new spec, a number continues the
 * parameters of the one before. Semicolons and spaces also separate specs.
 */
export function parseIndicatorList(text: string, source = '--indicators'): IndicatorSpec[] {
  const specTexts: string[] = [];
  for (const piece of text.split(/[,;\s]+/)) {
    if (piece === '') continue;
    if (/^[a-z]/i.test(piece) || specTexts.length === 0) specTexts.push(piece);
    else specTexts[specTexts.length - 1] += `,${piece}`;
  }
  if (specTexts.length === 0) {
    throw new UserError(`${source}: no indicator given; accepted: ${indicatorNames.join(', ')}`, 2);
  }
  const specs = specTexts.map((specText) => parseIndicatorSpec(specText, source));
  assertDistinct(specs, source);
  return specs;
}

/** Checks ranges, whole numbers and cross-parameter rules; throws a UserError naming the fix. */
export function validateIndicatorParams(spec: IndicatorSpec, source = '--indicators'): void {
  const indicator = getIndicator(spec.name);
  for (const param of indicator.params) {
    const value = spec.params[param.name];
    const label = `${source}: ${spec.name} ${param.name} (${param.description})`;
    if (value === undefined || !Number.isFinite(value)) {
      throw new UserError(`${label} is missing or not a number; ${paramHelp(indicator)}`, 2);
    }
    if (param.integer && !Number.isInteger(value)) {
      throw new UserError(`${label} must be a whole number, got ${value}`, 2);
    }
    if (value < param.min || value > param.max) {
      throw new UserError(`${label} must be within ${param.min}..${param.max}, got ${value}`, 2);
    }
  }
  const problem = indicator.constraint?.(spec.params);
  if (problem !== undefined) throw new UserError(`${source}: ${spec.name}: ${problem}`, 2);
}

/** Accepts a spec string or an already parsed spec; fills defaults and validates either way. */
export function toIndicatorSpec(spec: string | IndicatorSpec, source = '--indicators'): IndicatorSpec {
  if (typeof spec === 'string') return parseIndicatorSpec(spec, source);
  if (!isIndicatorName(spec.name)) return parseIndicatorSpec(spec.name, source);
  const indicator = getIndicator(spec.name);
  const params: Record<string, number> = {};
  for (const param of indicator.params) params[param.name] = spec.params[param.name] ?? param.defaultValue;
  const filled = { name: spec.name, params };
  validateIndicatorParams(filled, source);
  return filled;
}

export function assertDistinct(specs: readonly IndicatorSpec[], source = '--indicators'): void {
  const seen = new Set<string>();
  for (const spec of specs) {
    const label = formatIndicatorSpec(spec);
    if (seen.has(label)) throw new UserError(`${source}: indicator ${label} is listed twice`, 2);
    seen.add(label);
  }
}

function paramHelp(indicator: Indicator): string {
  const params = indicator.params.map((p) => `${p.name} = ${p.description} (default ${p.defaultValue})`);
  return `usage ${indicatorUsage(indicator)}${params.length > 0 ? `: ${params.join(', ')}` : ''}`;
}
